"""Where the index lives on disk, and how a rebuilt index is swapped in atomically.

Layout under the root directory::

    CURRENT          the name of the live index folder (replaced with os.replace)
    WRITELOCK        held by whoever writes (rebuild, upsert, remove)
    ix-<time>-<id>/  Whoosh index folders; the live one and the one before it are kept

A rebuild writes a fresh folder and then replaces ``CURRENT``; readers that check
``CURRENT`` move to the new folder on their next search and never see a half-built index.
The previous folder is kept so a reader that read ``CURRENT`` just before the swap can
still open it; older ones are deleted.
"""

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.util.filelock import FcntlLock, try_for

from portal.search.schema import build_schema

POINTER = "CURRENT"
LOCK = "WRITELOCK"
PREFIX = "ix-"


class IndexBusyError(RuntimeError):
    """Another process or thread held the write lock for longer than the timeout."""


class IndexStorage:
    """The index folders under ``root`` and the pointer to the live one."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def current_name(self) -> str | None:
        """The live folder's name, or ``None`` if no index was created yet."""
        try:
            return (self.root / POINTER).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def open_current(self) -> tuple[str, whoosh_index.Index]:
        """Open the live index.

        :raise FileNotFoundError: if no index exists yet (call ``create_empty`` first).
        """
        name = self.current_name()
        if name is None:
            raise FileNotFoundError(f"no search index under {self.root}")
        return name, whoosh_index.open_dir(str(self.root / name))

    def new_folder(self) -> tuple[str, whoosh_index.Index]:
        """Create an empty index in a fresh folder that is not yet live."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"{PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        path = self.root / name
        path.mkdir()
        return name, whoosh_index.create_in(str(path), build_schema())

    def publish(self, name: str) -> None:
        """Make folder ``name`` the live index atomically, then prune old folders."""
        previous = self.current_name()
        tmp = self.root / f"{POINTER}.{uuid.uuid4().hex[:8]}.tmp"
        tmp.write_text(name, encoding="utf-8")
        os.replace(tmp, self.root / POINTER)
        keep = {name, previous}
        for child in self.root.iterdir():
            if child.is_dir() and child.name.startswith(PREFIX) and child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)

    @contextmanager
    def write_lock(self, timeout: float) -> Iterator[None]:
        """Hold the root write lock (one writer at a time, across threads and processes).

        :raise IndexBusyError: if the lock is not free within ``timeout`` seconds.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FcntlLock(str(self.root / LOCK))
        if not try_for(lock.acquire, timeout=timeout, delay=0.05):
            raise IndexBusyError(f"search index {self.root} is locked by another writer")
        try:
            yield
        finally:
            lock.release()
