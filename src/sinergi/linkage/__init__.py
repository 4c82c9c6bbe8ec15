"""Sinergi's linkage engine: Indonesian-aware entity resolution on Splink.

A plain Python package with no Django import, so data officers can run it on
spreadsheets (`sinergi dedupe`, `sinergi screen`) and the web platform can call it.
"""
