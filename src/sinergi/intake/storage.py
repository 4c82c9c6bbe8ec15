"""Where uploaded files are kept: `<VAR_DIR>/uploads/<sha256>/<original name>`.

Invariants: a stored file is never modified; its directory is named by the SHA-256 of its
bytes, so the same content is stored once and the original base name is kept (the engine
reports problems by base name, which must be the name the officer knows). What the upload
read from a file is kept beside it in `.parsed/` until it is imported (`intake.parsed`);
stored names never start with a dot, so that folder cannot clash with an upload.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

_UNSAFE = re.compile(r"[^\w.\- ()\[\],+&@]+", re.UNICODE)


def uploads_dir() -> Path:
    return Path(settings.VAR_DIR) / "uploads"


def safe_name(name: str) -> str:
    """A base name without directories or odd characters; never empty."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = _UNSAFE.sub("_", base).lstrip(".")
    return base[:200] or "berkas"


def store_chunks(name: str, chunks: Iterable[bytes]) -> tuple[Path, str, int]:
    """Store a file given as byte chunks; returns (path, sha256 hex, size)."""
    digest = hashlib.sha256()
    size = 0
    root = uploads_dir()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, delete=False, suffix=".part") as tmp:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            tmp.write(chunk)
    content_hash = digest.hexdigest()
    target = root / content_hash / safe_name(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        Path(tmp.name).unlink()
    else:
        shutil.move(tmp.name, target)
    return target, content_hash, size


def store_path(path: Path) -> tuple[Path, str, int]:
    """Copy a file from disk into the store (the CLI path)."""

    def read() -> Iterable[bytes]:
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                yield block

    return store_chunks(path.name, read())
