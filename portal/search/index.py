"""The search index behind a small interface: rebuild, upsert, remove, search, suggest.

Writers (the import tool, the CLI, a host catching up) take one lock for the whole index
root, so there is one writer at a time across threads and processes. Readers share ONE
searcher per process (segments are read into memory, see ``storage``, so there is no file
position to share); it is replaced when the live index changes — a rebuilt folder
(``CURRENT`` changed) or a newer generation of the same folder — and an old searcher is
closed only when the last search using it has finished, so no thread ever holds a closed one.
Columns derived from a generation are built once, with its searcher.

Each folder also records the data version it reflects (``data_version``), written by the
caller (``portal.indexing``) after the documents are committed.
"""

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from portal.search import parallel_build, segment_columns
from portal.search.analysis import load_place_words, normalize
from portal.search.columns import Columns
from portal.search.document import FacilityDocument
from portal.search.engine import Snapshot, run_search
from portal.search.query import SearchQuery
from portal.search.results import SearchResults
from portal.search.schema import FIELD_TOKENS, to_fields
from portal.search.segment_writer import FreshSegmentWriter
from portal.search.storage import IndexDamagedError, IndexStorage
from portal.search.synonyms import load_synonyms

DEFAULT_WRITE_TIMEOUT = 30.0
# From this many documents an upsert writes them as one fresh segment (~3× faster per
# document than Whoosh's writer, whose pool and per-posting merge cost ~2 ms a document).
FRESH_SEGMENT_DOCUMENTS = 1000


class _OpenGeneration:
    """One opened generation of the live index: its searcher, its columns, who is using it."""

    def __init__(self, name: str, searcher: Searcher, folder: Path) -> None:
        self.name = name
        self.searcher = searcher
        self.snapshot = Snapshot(Columns.from_reader(searcher.reader(), folder))
        self.users = 0
        self.retired = False

    def is_live(self, storage: IndexStorage) -> bool:
        if storage.current_name() != self.name:
            return False
        try:
            return self.searcher.up_to_date()
        except Exception:  # the folder was removed or damaged under us: reopen (and fail)
            return False

    def close(self) -> None:
        try:
            self.searcher.close()
        except Exception:  # already closed by Whoosh itself; nothing else holds it
            pass


class SearchIndex:
    """A Whoosh index of :class:`FacilityDocument` under ``directory``.

    ``places`` maps a region name or alias to ``(code, level)``; those words in a query
    become a region filter. Place names are also added to the segmentation dictionary.
    ``synonyms`` defaults to ``data/search/synonyms.txt``.
    """

    def __init__(
        self,
        directory: Path,
        places: Mapping[str, tuple[str, str]] | None = None,
        synonyms: Mapping[str, tuple[str, ...]] | None = None,
        write_timeout: float = DEFAULT_WRITE_TIMEOUT,
    ) -> None:
        self.storage = IndexStorage(Path(directory))
        self.places = {normalize(name): value for name, value in (places or {}).items()}
        load_place_words(self.places)
        self.synonyms = load_synonyms() if synonyms is None else dict(synonyms)
        self.write_timeout = write_timeout
        self._open: _OpenGeneration | None = None
        self._lock = threading.Lock()
        # True while the live folder cannot be opened (searches use the last good generation).
        self.damaged = False

    # -- writing -------------------------------------------------------------------------

    def open_or_create(self) -> "SearchIndex":
        """Create an empty index if there is none yet; returns ``self``.

        :raise IndexBusyError: if another writer holds the lock past ``write_timeout``.
        """
        if self.storage.current_name() is None:
            with self.storage.write_lock(self.write_timeout):
                if self.storage.current_name() is None:
                    name, _ = self.storage.new_folder()
                    self.storage.publish(name)
        return self

    def rebuild(
        self,
        docs: Iterable[FacilityDocument],
        *,
        version: str | None = None,
        timeout: float | None = None,
    ) -> int:
        """Index ``docs`` from scratch in a fresh folder, then swap it in; returns the count.

        Searches keep using the old index until the new one is complete. If indexing
        fails, the new folder is abandoned and the old index stays live. ``version`` is
        the data version the documents reflect, recorded in the new folder. Works whatever
        state the live folder is in (it is never opened).

        :raise IndexBusyError: if another writer holds the lock past ``timeout``.
        """
        with self.storage.write_lock(self.write_timeout if timeout is None else timeout):
            name, ix = self.storage.new_folder()
            writer = FreshSegmentWriter(ix, tokens=FIELD_TOKENS, timeout=self.write_timeout)
            count = 0
            try:
                for doc in docs:
                    writer.add_document(**to_fields(doc))
                    count += 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            self._publish_fresh(name, ix, version)
        return count

    def rebuild_parallel(
        self,
        shares: Sequence[parallel_build.Share],
        *,
        version: str | None = None,
        timeout: float | None = None,
    ) -> int:
        """:meth:`rebuild` with one spawned process per share, each writing one segment.

        Each share is a picklable callable that yields its documents in its own spawned
        process (``parallel_build``). Returns the count.

        :raise IndexBusyError: if another writer holds the lock past ``timeout``.
        :raise ParallelBuildError: if a share fails; the old index stays live.
        """
        with self.storage.write_lock(self.write_timeout if timeout is None else timeout):
            name, ix = self.storage.new_folder()
            count = parallel_build.write_segments(ix, shares)
            self._publish_fresh(name, ix, version)
        return count

    def _publish_fresh(self, name: str, ix: whoosh_index.Index, version: str | None) -> None:
        """Under the write lock: a fresh folder's columns and version, then make it live."""
        self._write_columns(name, ix)
        if version is not None:
            self.storage.write_version(name, version)
        self.storage.publish(name)

    def upsert(
        self,
        docs: Iterable[FacilityDocument],
        *,
        delete_ids: Iterable[int] = (),
        version: str | None = None,
        timeout: float | None = None,
    ) -> int:
        """Add or replace documents by id (and delete ``delete_ids``) in one commit.

        Readers see the index before or after the whole change, never part of it. Then
        ``version`` is recorded as the data version the live folder reflects. Many documents
        (:data:`FRESH_SEGMENT_DOCUMENTS` or more) go into one new segment written as a
        rebuild writes it, the segments already there left as they are but for deletions;
        fewer go through Whoosh's writer, which also merges small segments.

        :raise IndexBusyError: if another writer holds the lock past ``timeout``.
        :raise IndexDamagedError: if the live folder cannot be opened (rebuild instead).
        """
        docs = list(docs)
        replaced = [*(doc.id for doc in docs), *delete_ids]
        self.open_or_create()
        with self.storage.write_lock(self.write_timeout if timeout is None else timeout):
            name, ix = self.storage.open_current()
            if len(docs) >= FRESH_SEGMENT_DOCUMENTS:
                writer = FreshSegmentWriter(ix, tokens=FIELD_TOKENS, timeout=self.write_timeout)
            else:
                writer = ix.writer(timeout=self.write_timeout)
            try:
                # One searcher for every deletion (the writer keeps it); deleting first is
                # what update_document does one document at a time.
                searcher = writer.searcher()
                for doc_id in replaced:
                    writer.delete_by_term("id", str(doc_id), searcher=searcher)
                for doc in docs:
                    writer.add_document(**to_fields(doc))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            self._write_columns(name, ix)
            if version is not None:
                self.storage.write_version(name, version)
        return len(docs)

    def segment_count(self) -> int:
        """Segments of the live index (each upsert of many documents adds one)."""
        with self._generation() as live:
            return len(live.searcher.reader().leaf_readers())

    def remove(self, ids: Iterable[int]) -> int:
        """Delete documents by id; returns how many were found and deleted."""
        self.open_or_create()
        with self.storage.write_lock(self.write_timeout):
            name, ix = self.storage.open_current()
            writer = ix.writer(timeout=self.write_timeout)
            deleted = sum(writer.delete_by_term("id", str(i)) for i in ids)
            writer.commit()
            self._write_columns(name, ix)
        return deleted

    def _write_columns(self, name: str, ix: whoosh_index.Index) -> None:
        """Save the column files of the new segments (see ``segment_columns``), under the
        write lock, before the change is published: servers then open it without decoding
        a single stored document."""
        with ix.reader() as reader:
            segment_columns.write_for_index(self.storage.root / name, reader)

    def data_version(self) -> str | None:
        """The data version the live folder records (``None``: none recorded, or no index)."""
        return self.storage.read_version()

    # -- reading -------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """Run ``query`` against the newest index (see :class:`SearchResults`).

        :raise IndexDamagedError: if the live index cannot be read.
        """
        with self._generation() as live:
            return run_search(live.searcher, live.snapshot, query, self.places, self.synonyms)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Facility names for as-you-type suggestions; ``prefix`` in Chinese or pinyin."""
        with self._generation() as live:
            return live.snapshot.names(live.searcher).suggest(prefix, limit)

    def facet_values(self, facet: str) -> frozenset[str]:
        """Values of a facet (kind, audience, status, city, county) some live document has.

        Withdrawn documents count, as they do in the database; pages can build their
        region pickers from this instead of a DISTINCT over every facility row.
        """
        with self._generation() as live:
            return live.snapshot.columns.values_present(facet)

    def drop_caches(self) -> None:
        """Forget the term data kept for the live generation (benchmarks time cold searches).

        Searches stay correct without it: term data belongs to one index generation and a
        new generation (rebuild, upsert, remove) starts with none.
        """
        with self._lock:
            live = self._open
        if live is not None:
            live.snapshot.terms.clear()
            live.snapshot.prefixes.clear()

    def doc_count(self) -> int:
        """Number of documents in the live index (withdrawn ones included)."""
        with self._generation() as live:
            return live.searcher.doc_count()

    def is_readable(self) -> bool:
        """True if the live folder opens (its table of contents and segment files check out)."""
        try:
            self.storage.open_current()
        except (IndexDamagedError, FileNotFoundError):
            return False
        return True

    def close(self) -> None:
        """Let go of the shared searcher (closed now, or when its last search ends)."""
        with self._lock:
            live, self._open = self._open, None
            if live is not None:
                self._retire(live)

    @contextmanager
    def _generation(self) -> Iterator[_OpenGeneration]:
        """The shared searcher of the live index, held open for the ``with`` block."""
        with self._lock:
            live = self._open
            if live is None or not live.is_live(self.storage):
                # Opening under the lock: other threads wait for the one new searcher
                # rather than each opening (and reading into memory) their own.
                try:
                    fresh = self._open_live()
                except (IndexDamagedError, FileNotFoundError):
                    self.damaged = True
                    if live is None:
                        raise
                    # The generation already in memory keeps serving until a rebuild lands.
                else:
                    self.damaged = False
                    if live is not None:
                        self._retire(live)
                    self._open = live = fresh
            live.users += 1
        try:
            yield live
        finally:
            with self._lock:
                live.users -= 1
                if live.retired and live.users == 0:
                    live.close()

    def _current(self) -> tuple[Searcher, Snapshot]:
        """The live searcher and its snapshot, not held: for tests and benchmarks that look
        inside an index nobody writes to (a search holds its generation, see ``_generation``).
        """
        with self._generation() as live:
            return live.searcher, live.snapshot

    def _open_live(self) -> _OpenGeneration:
        name, ix = self.storage.open_current()
        try:
            return _OpenGeneration(name, ix.searcher(), self.storage.root / name)
        except Exception as error:  # a segment listed by the TOC is missing or unreadable
            raise IndexDamagedError(f"{name}: {type(error).__name__}: {error}") from error

    @staticmethod
    def _retire(live: _OpenGeneration) -> None:
        """Called under ``_lock``: close ``live`` once no search is using it."""
        live.retired = True
        if live.users == 0:
            live.close()
