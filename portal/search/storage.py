"""Where the index lives on disk, and how a rebuilt index is swapped in atomically.

Layout under the root directory::

    CURRENT          the name of the live index folder (replaced with os.replace)
    WRITELOCK        held by whoever writes (rebuild, upsert, remove)
    ix-<time>-<id>/  Whoosh index folders; the live one and the one before it are kept
      DATA_VERSION   the database's data version this folder reflects (portal/indexing)

A rebuild writes a fresh folder and then replaces ``CURRENT``; readers that check
``CURRENT`` move to the new folder on their next search and never see a half-built index.
The previous folder is kept so a reader that read ``CURRENT`` just before the swap can
still open it; older ones are deleted.

Folders are read without ``mmap`` (:class:`InMemorySegments`): a segment file truncated
under a mapped reader kills the process with SIGBUS (no exception to catch), and one truncated
on disk did so again on every start. Each compound segment is read into memory once per
opened index instead, which also lets one searcher serve every thread (no shared file
position). Segment files are also checked against their own directory before opening, so a
damaged folder raises :class:`IndexDamagedError` and can be rebuilt.
"""

import os
import shutil
import struct
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.util.filelock import FcntlLock, try_for

from portal.search.schema import build_schema

POINTER = "CURRENT"
LOCK = "WRITELOCK"
PREFIX = "ix-"
VERSION_FILE = "DATA_VERSION"
# A compound segment file starts with its directory's offset (!q) and length (!i).
_SEGMENT_HEADER = struct.Struct("!qi")


class IndexBusyError(RuntimeError):
    """Another process or thread held the write lock for longer than the timeout."""


class IndexDamagedError(RuntimeError):
    """The live index folder is missing, truncated or unreadable: rebuild it."""


def check_segment_files(path: Path) -> None:
    """Refuse a folder whose compound segment files do not end where their directory says.

    :raise IndexDamagedError: naming the first damaged file.
    """
    for segment in path.glob("*.seg"):
        size = segment.stat().st_size
        with segment.open("rb") as handle:
            header = handle.read(_SEGMENT_HEADER.size)
        if len(header) < _SEGMENT_HEADER.size:
            raise IndexDamagedError(f"{segment}: truncated ({size} bytes)")
        offset, length = _SEGMENT_HEADER.unpack(header)
        if offset < _SEGMENT_HEADER.size or length <= 0 or offset + length != size:
            raise IndexDamagedError(f"{segment}: truncated or damaged ({size} bytes)")


class InMemorySegments(FileStorage):
    """Whoosh's file storage, reading files whole into memory instead of mapping them."""

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)

    def open_file(self, name: str, **kwargs) -> StructFile:
        # Every file (segments, the table of contents) is read whole and closed at once: no
        # mapping to lose, and no handle left open when Whoosh fails half-way through a file.
        with open(self._fpath(name), "rb") as handle:
            return BufferFile(handle.read(), name=name)


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
        """Open the live index (without mmap, after checking its segment files).

        :raise FileNotFoundError: if no index exists yet (call ``open_or_create`` first).
        :raise IndexDamagedError: if the live folder is missing or damaged.
        """
        name = self.current_name()
        if name is None:
            raise FileNotFoundError(f"no search index under {self.root}")
        path = self.root / name
        try:
            check_segment_files(path)
            return name, InMemorySegments(str(path)).open_index()
        except IndexDamagedError:
            raise
        except Exception as error:  # Whoosh raises anything from EOFError to pickle errors
            raise IndexDamagedError(f"{path}: {type(error).__name__}: {error}") from error

    def read_version(self, name: str | None = None) -> str | None:
        """The data version folder ``name`` (default: the live one) reflects, if recorded."""
        name = name or self.current_name()
        if name is None:
            return None
        try:
            return (self.root / name / VERSION_FILE).read_text(encoding="utf-8").strip() or None
        except (FileNotFoundError, NotADirectoryError):
            return None

    def write_version(self, name: str, version: str) -> None:
        """Record that folder ``name`` reflects data version ``version`` (atomically)."""
        tmp = self.root / name / f"{VERSION_FILE}.{uuid.uuid4().hex[:8]}.tmp"
        tmp.write_text(version, encoding="utf-8")
        os.replace(tmp, self.root / name / VERSION_FILE)

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
