"""Sinergi: one clean, shared registry for Indonesia's UMKM programs."""

__version__ = "0.1.0"
