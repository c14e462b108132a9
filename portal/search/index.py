"""The search index behind a small interface: rebuild, upsert, remove, search, suggest.

Writers (the import tool, the CLI) take one lock for the whole index root, so there is
one writer at a time across threads and processes. Readers (web threads) each keep their
own Whoosh searcher — Whoosh readers are not meant to be shared between threads — and
move to a newer index on their next search: a rebuilt folder (``CURRENT`` changed) or a
newer generation of the same folder (``searcher.up_to_date()``, then a fresh searcher).
Columns derived from a generation are built once and shared.
"""

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from whoosh.searching import Searcher

from portal.search.analysis import load_place_words, normalize
from portal.search.columns import Columns
from portal.search.document import FacilityDocument
from portal.search.engine import Snapshot, run_search
from portal.search.query import SearchQuery
from portal.search.results import SearchResults
from portal.search.schema import to_fields
from portal.search.storage import IndexStorage
from portal.search.synonyms import load_synonyms

DEFAULT_WRITE_TIMEOUT = 30.0


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
        self._local = threading.local()
        self._snapshots: dict[tuple[str, int], Snapshot] = {}
        self._lock = threading.Lock()

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

    def rebuild(self, docs: Iterable[FacilityDocument]) -> int:
        """Index ``docs`` from scratch in a fresh folder, then swap it in; returns the count.

        Searches keep using the old index until the new one is complete. If indexing
        fails, the new folder is abandoned and the old index stays live.
        """
        with self.storage.write_lock(self.write_timeout):
            name, ix = self.storage.new_folder()
            writer = ix.writer(timeout=self.write_timeout)
            count = 0
            try:
                for doc in docs:
                    writer.add_document(**to_fields(doc))
                    count += 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            self.storage.publish(name)
        return count

    def upsert(self, docs: Iterable[FacilityDocument]) -> int:
        """Add or replace documents by id in the live index; returns the count."""
        self.open_or_create()
        with self.storage.write_lock(self.write_timeout):
            _, ix = self.storage.open_current()
            writer = ix.writer(timeout=self.write_timeout)
            count = 0
            try:
                for doc in docs:
                    writer.update_document(**to_fields(doc))
                    count += 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        return count

    def remove(self, ids: Iterable[int]) -> int:
        """Delete documents by id; returns how many were found and deleted."""
        self.open_or_create()
        with self.storage.write_lock(self.write_timeout):
            _, ix = self.storage.open_current()
            writer = ix.writer(timeout=self.write_timeout)
            deleted = sum(writer.delete_by_term("id", str(i)) for i in ids)
            writer.commit()
        return deleted

    # -- reading -------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """Run ``query`` against the newest index (see :class:`SearchResults`)."""
        searcher, snapshot = self._current()
        return run_search(searcher, snapshot, query, self.places, self.synonyms)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Facility names for as-you-type suggestions; ``prefix`` in Chinese or pinyin."""
        _, snapshot = self._current()
        return snapshot.names.suggest(prefix, limit)

    def facet_values(self, facet: str) -> frozenset[str]:
        """Values of a facet (kind, audience, status, city, county) some live document has.

        Withdrawn documents count, as they do in the database; pages can build their
        region pickers from this instead of a DISTINCT over every facility row.
        """
        _, snapshot = self._current()
        return frozenset(snapshot.columns.by_value.get(facet, {}))

    def drop_caches(self) -> None:
        """Forget the term data kept for the live generation (benchmarks time cold searches).

        Searches stay correct without it: term data belongs to one index generation and a
        new generation (rebuild, upsert, remove) starts with none.
        """
        with self._lock:
            snapshots = list(self._snapshots.values())
        for snapshot in snapshots:
            snapshot.terms.clear()

    def doc_count(self) -> int:
        """Number of documents in the live index (withdrawn ones included)."""
        searcher, _ = self._current()
        return searcher.doc_count()

    def close(self) -> None:
        """Close this thread's searcher (other threads' close when they are collected)."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None

    def _current(self) -> tuple[Searcher, Snapshot]:
        """This thread's searcher, moved to the newest index, and its generation's snapshot."""
        local = self._local
        name = self.storage.current_name()
        searcher: Searcher | None = getattr(local, "searcher", None)
        if searcher is None or name is None or getattr(local, "name", None) != name:
            if searcher is not None:
                searcher.close()
            name, local.ix = self.storage.open_current()
            searcher = local.ix.searcher()
        elif not searcher.up_to_date():
            # A fresh searcher, not searcher.refresh(): whoosh-reloaded 2.7.5's refresh
            # reuses segment readers with their old deletions (an upserted document then
            # shows twice) and fails on an empty index.
            searcher.close()
            searcher = local.ix.searcher()
        local.searcher, local.name = searcher, name
        key = (name, searcher.reader().generation())
        with self._lock:
            snapshot = self._snapshots.get(key)
            if snapshot is None:
                snapshot = Snapshot(Columns.from_reader(searcher.reader()))
                # Keep the previous generation for threads that have not moved on yet.
                self._snapshots = {**dict(list(self._snapshots.items())[-1:]), key: snapshot}
        return searcher, snapshot
