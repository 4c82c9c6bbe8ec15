"""Organisations, users' roles and region scopes, login with throttling."""
