"""A row's normalised values and copy key do not depend on the rows beside it.

A form or the match API normalises one record and a few candidates; an import normalises
thousands of rows. The normaliser skips steps that cannot change a small frame (no point
given on any row, no field with a value, no file that could hold combined cells or
numeric NIKs), so these properties hold only if every such shortcut gives what the full
steps give: each row keyed or normalised alone must equal the same row in a larger frame
(one source file per row, as the per-file rules then see the same file either way).
"""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.linkage.copies import COPY_KEY, KEY_FIELDS, add_copy_key
from sinergi.linkage.prepare import normalise_frame

CELLS = st.sampled_from(
    [None, "", " ", "Siti Aminah", "SITI  aminah!", "Hj. Siti, S.Pd.", "Toko Jaya (Budi)",
     "Warung Bu Tjahjono", "Budi - 0812 3456 7890", "0812-3456-7890 / 021 555 1234",
     "3271024501900003", "3.27102E+15", "Jl. Merdeka No. 5 RT 01/RW 02", "-6.2, 106.8",
     "Ü x", "12", "-"]
)  # fmt: skip
FIELDS = [
    "owner_name", "business_name", "nik", "phone", "address", "rt_rw", "email", "nib",
    "latitude", "longitude", "coordinates", "regency", "district", "sex", "birth_date",
]  # fmt: skip


@st.composite
def frames(draw: st.DrawFn, fields: list[str]) -> pl.DataFrame:
    columns = draw(st.lists(st.sampled_from(fields), min_size=1, max_size=6, unique=True))
    n = draw(st.integers(min_value=2, max_value=6))
    data = {c: [draw(CELLS) for _ in range(n)] for c in columns}
    return pl.DataFrame(
        {
            "unique_id": list(range(n)),
            "source_file": [f"file{i}.csv" for i in range(n)],
            "source_row": [1] * n,
            **data,
        },
        schema_overrides={c: pl.Utf8 for c in columns},
    )


@given(frames([f for f in FIELDS if f in KEY_FIELDS]))
@examples(60)
def test_a_rows_copy_key_is_the_same_alone_and_among_other_rows(df: pl.DataFrame) -> None:
    together = add_copy_key(df)[COPY_KEY].to_list()
    alone = [add_copy_key(df.slice(i, 1))[COPY_KEY].item() for i in range(df.height)]
    assert together == alone


@given(frames(FIELDS))
@examples(25)
def test_a_rows_normalised_values_are_the_same_alone_and_among_other_rows(
    df: pl.DataFrame,
) -> None:
    together = normalise_frame(df)
    alone = pl.concat([normalise_frame(df.slice(i, 1)) for i in range(df.height)])
    assert together.to_dicts() == alone.to_dicts()
