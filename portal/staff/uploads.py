"""Uploaded files between their preview and their apply, kept under names the server chose.

A file is stored only after its preview found it importable, under a random name (never the
browser's), and removed once it is applied, refused at apply, or left unapplied for a day.
"""

import secrets
from pathlib import Path

from flask import current_app

_NAME_BYTES = 16


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_upload(data: bytes) -> str:
    """Write the bytes under a fresh random name (created exclusively, private) and return it."""
    name = secrets.token_hex(_NAME_BYTES)
    with (upload_dir() / name).open("xb") as handle:
        handle.write(data)
    (upload_dir() / name).chmod(0o600)
    return name


def read_upload(name: str) -> bytes | None:
    """The stored bytes, or ``None`` if they are gone (applied, expired or removed)."""
    if len(name) != _NAME_BYTES * 2 or not all(c in "0123456789abcdef" for c in name):
        return None
    path = upload_dir() / name
    return path.read_bytes() if path.is_file() else None


def remove_upload(name: str) -> None:
    if len(name) == _NAME_BYTES * 2 and all(c in "0123456789abcdef" for c in name):
        (upload_dir() / name).unlink(missing_ok=True)
