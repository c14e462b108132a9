"""Files read recently, kept for the apply that follows their preview.

Reading a file (bytes → document, tables, records) depends on nothing but its bytes and the
gazetteer, and it is nearly all of planning: 2.7 s of 2.7 s for a 10,000-row list. An apply
plans again inside its transaction, against a database that may have changed since the
preview; it need not read the same bytes again in the process that previewed them.

A reading is kept pickled: planning and staff adjustments change records (a repeated
identity gets a suffix), so every use gets its own copy (0.3 s for 10,000 rows).
"""

import pickle
import threading
from collections import OrderedDict

from portal.importer.plan import ImportPlan
from portal.importer.records import ProjectRecord

MAX_FILES = 2  # a preview and the apply after it; another staff member's preview
MAX_BYTES = 64 * 1024 * 1024  # per reading (10,000 rows pickle to ~5 MB)

Key = tuple[str, str]  # (file name, SHA-256 of its bytes)


class Readings:
    """The last :data:`MAX_FILES` readings of this process, by file name and content."""

    def __init__(self, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES) -> None:
        self._max_files = max_files
        self._max_bytes = max_bytes
        self._kept: OrderedDict[Key, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> tuple[ImportPlan, list[ProjectRecord]] | None:
        """A copy of the plan as reading left it (no entries yet) and its records."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
        return None if kept is None else pickle.loads(kept)

    def put(self, key: Key, plan: ImportPlan, records: list[ProjectRecord]) -> None:
        """Keep what reading ``key`` gave (before planning changes any of it)."""
        kept = pickle.dumps((plan, records), pickle.HIGHEST_PROTOCOL)
        if len(kept) > self._max_bytes:
            return
        with self._lock:
            self._kept[key] = kept
            self._kept.move_to_end(key)
            while len(self._kept) > self._max_files:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


recent = Readings()
