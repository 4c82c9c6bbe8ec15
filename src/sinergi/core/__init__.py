"""Shared helpers for the web apps: formatting and masking (pure functions), template tags."""
