"""The shared secret of a PPRL exchange: a key file, and the per-purpose keys derived from it.

The key file holds 32 random bytes (hex) and nothing else. Every use gets its own key,
derived as HMAC-SHA256(master, purpose), so that the hash of a NIK and the filter bits of
a name are unrelated even for equal text. `key_id` is a public fingerprint: two encoded
folders with the same `key_id` were encoded with the same key; it reveals nothing of it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from sinergi.linkage.io.tables import input_error

KEY_BYTES = 32
_HEADER = "# sinergi pprl key v1 - RAHASIA / SECRET: share only with the other agency\n"


def new_key(path: Path) -> Path:
    """Write a fresh key file readable only by its owner; refuse to overwrite one."""
    path = Path(path)
    if path.exists():
        raise input_error(
            str(path), "berkas kunci sudah ada, tidak ditimpa", "key file exists, not overwritten"
        )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(_HEADER + secrets.token_hex(KEY_BYTES) + "\n")
    return path


def read_key(path: Path) -> bytes:
    """The key's bytes; InputError naming the file when it is missing or malformed."""
    path = Path(path)
    try:
        text = path.read_text("ascii")
    except (OSError, UnicodeDecodeError):
        raise input_error(
            str(path), "berkas kunci tidak dapat dibaca", "key file cannot be read"
        ) from None
    return parse_key(text, str(path))


def parse_key(text: str, name: str = "key") -> bytes:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    try:
        key = bytes.fromhex(lines[0]) if len(lines) == 1 else b""
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise input_error(
            name,
            f"bukan berkas kunci pprl ({KEY_BYTES * 2} digit heksadesimal)",
            f"not a pprl key file ({KEY_BYTES * 2} hex digits)",
        )
    return key


def derive(master: bytes, purpose: str) -> bytes:
    """The key for one purpose (a hashed identifier, a filter field, the fingerprint)."""
    return hmac.digest(master, b"sinergi-pprl/v1/" + purpose.encode(), hashlib.sha256)


def key_id(master: bytes) -> str:
    """A public fingerprint of the key (16 hex digits)."""
    return derive(master, "key-id").hex()[:16]
