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

Segment files are memory-mapped, as Whoosh does by default: every worker process and every
index generation share the same pages of the operating system's cache, so memory does not grow
with workers or threads (an earlier version read each segment into private memory: one copy
per process, 1 GB and more at province scale). Each compound segment is one ``mmap`` and
Whoosh reads it through ``memoryview`` slices, which have no file position, so one searcher
serves every thread. A mapped file truncated on disk kills the process with SIGBUS, so segment
files are checked against their own directory before they are opened: a damaged folder
raises :class:`IndexDamagedError` and is rebuilt. Whoosh itself never rewrites a segment
(it writes new ones and unlinks old ones, which leaves existing mappings intact).
"""

import os
import shutil
import struct
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb import compound
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


class _ViewReader:
    """A seekable reader over a ``memoryview``: no copy, and one position per thread.

    Whoosh's ``BufferFile`` keeps a ``BytesIO(buffer)`` for its sequential reads, and
    ``BytesIO`` copies the whole buffer: every part of a mapped compound segment was copied
    into private memory when opened (~1.2 GB a searcher at 500,000 facilities), which is
    what made memory grow with threads and workers.

    Whoosh reads posting blocks with ``seek`` then ``read`` on the file object its reader
    keeps. One searcher serves every thread, so with one position a thread could read from
    where another had just seeked (an ``UnpicklingError`` or ``zlib.error`` under load: a
    500). Each thread has its own position here, so each ``seek``/``read`` sequence is whole.
    """

    __slots__ = ("_view", "_local")

    def __init__(self, buffer: bytes | memoryview) -> None:
        self._view = memoryview(buffer)
        self._local = threading.local()

    def read(self, size: int | None = -1) -> bytes:
        view, start = self._view, getattr(self._local, "pos", 0)
        end = len(view) if size is None or size < 0 else min(start + size, len(view))
        self._local.pos = max(start, end)
        return view[start:end].tobytes()

    def readline(self, size: int | None = -1) -> bytes:
        view, start = self._view, getattr(self._local, "pos", 0)
        end = len(view) if size is None or size < 0 else min(start + size, len(view))
        for position in range(start, end):  # pickle asks for lines only in its text protocol
            if view[position] == 10:
                end = position + 1
                break
        self._local.pos = max(start, end)
        return view[start:end].tobytes()

    def readinto(self, target: bytearray | memoryview) -> int:
        chunk = self.read(len(target))
        target[: len(chunk)] = chunk
        return len(chunk)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        here = getattr(self._local, "pos", 0)
        base = {os.SEEK_SET: 0, os.SEEK_CUR: here, os.SEEK_END: len(self._view)}[whence]
        self._local.pos = max(0, base + offset)
        return self._local.pos

    def tell(self) -> int:
        return getattr(self._local, "pos", 0)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._view = memoryview(b"")  # let the mapping go when the segment is closed


class ViewBufferFile(BufferFile):
    """Whoosh's ``BufferFile`` without the copy (see :class:`_ViewReader`)."""

    def __init__(self, buf: bytes | memoryview, name: str | None = None, onclose=None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = _ViewReader(buf)


# Whoosh's compound storage builds the files of a mapped segment with ``compound.BufferFile``.
compound.BufferFile = ViewBufferFile


class MappedSegments(FileStorage):
    """Whoosh's file storage: compound segments memory-mapped, every other file read whole.

    The table of contents and other small files are read into memory and closed at once, so
    no handle is left open when Whoosh fails half-way through a damaged one.
    """

    def open_file(self, name: str, **kwargs) -> StructFile:
        if name.endswith(".seg"):
            return super().open_file(name, **kwargs)  # mapped by Whoosh's CompoundStorage
        with open(self._fpath(name), "rb") as handle:
            return ViewBufferFile(handle.read(), name=name)


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
        """Open the live index (memory-mapped, after checking its segment files).

        :raise FileNotFoundError: if no index exists yet (call ``open_or_create`` first).
        :raise IndexDamagedError: if the live folder is missing or damaged.
        """
        name = self.current_name()
        if name is None:
            raise FileNotFoundError(f"no search index under {self.root}")
        path = self.root / name
        try:
            check_segment_files(path)
            return name, MappedSegments(str(path)).open_index()
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
