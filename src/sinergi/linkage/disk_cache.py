"""A per-machine cache of things the engine derives from its shipped data.

Building the kecamatan outlines' polygons from GeoJSON costs seconds on every run of
`sinergi dedupe`; the result depends only on the shipped file and the library versions.
`cached_bytes(name, key, build)` keeps such a result as bytes under the cache directory:
`SINERGI_CACHE_DIR`, else `$XDG_CACHE_HOME/sinergi`, else `~/.cache/sinergi`.

Invariants: the key names everything the bytes depend on (input hashes, versions), so a
stale entry is never read; a file is written whole (temporary name, then rename) so a
reader never sees half of one; a cache that cannot be written is not an error, the value
is then built on every run.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path:
    explicit = os.environ.get("SINERGI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sinergi"


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:24]


def cached_bytes(name: str, key: str, build: Callable[[], bytes]) -> bytes:
    """The bytes cached under (`name`, `key`), built and stored when absent."""
    data = load_bytes(name, key)
    if data is None:
        data = build()
        store_bytes(name, key, data)
    return data


def load_bytes(name: str, key: str) -> bytes | None:
    """The bytes stored under (`name`, `key`), or None when there are none."""
    try:
        return (cache_dir() / f"{name}-{key}.bin").read_bytes()
    except OSError:
        return None


def store_bytes(name: str, key: str, data: bytes) -> None:
    """Store `data` under (`name`, `key`), whole or not at all (silently)."""
    path = cache_dir() / f"{name}-{key}.bin"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass
