"""Login throttling: after N failures for one username from one IP, that pair is locked.

Invariants: counters live in the cache under a hash of (lower-cased username, IP), so
the cache never holds usernames in clear; the window starts at the first failure and
the lock lasts until the window ends (LOGIN_LOCK_SECONDS, default 15 minutes).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}|{ip}".encode()).hexdigest()
    return f"login-failures:{digest}"


def is_locked(username: str, ip: str) -> bool:
    return int(cache.get(_key(username, ip), 0)) >= settings.LOGIN_MAX_FAILURES


def record_failure(username: str, ip: str) -> int:
    key = _key(username, ip)
    if cache.add(key, 1, timeout=settings.LOGIN_LOCK_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_LOCK_SECONDS)
        return 1


def reset(username: str, ip: str) -> None:
    cache.delete(_key(username, ip))
