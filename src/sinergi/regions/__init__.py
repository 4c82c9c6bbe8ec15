"""Kemendagri administrative regions as one table (province > regency > district > village)."""
