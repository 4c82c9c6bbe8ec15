"""Indonesian normalisers: each a pure function (scalar) with a vectorised polars twin."""
