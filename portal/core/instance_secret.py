"""The per-installation secret key, created once and shared by every process of a host.

Several workers start together (``gunicorn -w N``): each must end up with the *same* secret,
never an empty one. The file is created with ``O_CREAT | O_EXCL`` and mode 0600 in one system
call, so exactly one process writes it and nobody can read it before it is private; the others
wait until the winner's full secret is on disk and read that.
"""

import os
import secrets
import time
from pathlib import Path

SECRET_HEX_CHARS = 64  # secrets.token_hex(32)
_WAIT_SECONDS = 10.0  # how long a loser waits for the winner to finish writing


class SecretFileError(RuntimeError):
    """The secret file exists but does not hold a whole secret (empty, short or not hex)."""


def instance_secret(path: Path, *, wait_seconds: float = _WAIT_SECONDS) -> str:
    """The secret stored at ``path``, created atomically (mode 0600) if it does not exist.

    :raise SecretFileError: if the file stays empty or short: a truncated secret is an error,
        never a key (an empty key would make every page fail, a short one is guessable).
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_when_complete(path, wait_seconds)
    try:
        os.write(descriptor, secrets.token_hex(SECRET_HEX_CHARS // 2).encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return _read_when_complete(path, wait_seconds)


def _read_when_complete(path: Path, wait_seconds: float) -> str:
    """Read the secret, waiting briefly while another process is still writing it."""
    deadline = time.monotonic() + wait_seconds
    while True:
        value = path.read_text(encoding="ascii").strip()
        if _is_whole_secret(value):
            return value
        if time.monotonic() > deadline:
            raise SecretFileError(
                f"{path} does not hold a whole secret ({len(value)} characters, "
                f"{SECRET_HEX_CHARS} expected): delete it to make a new one, "
                "or set PORTAL_SECRET_KEY."
            )
        time.sleep(0.01)


def _is_whole_secret(value: str) -> bool:
    return len(value) >= SECRET_HEX_CHARS and all(c in "0123456789abcdef" for c in value)
