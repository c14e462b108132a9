"""Columns of one index generation, for filters, facets, sorting and the documents of a page.

Whoosh's own filter and facet machinery runs a query per facet in pure Python. Here every
filter is a boolean mask over the generation's docnums and every facet a small-integer
code per docnum, so filtering is ``&`` and counting one ``np.bincount``, both in C. The
columns are assembled from each segment's saved columns (``segment_columns``: no stored
document is decoded to open a generation) and shared by threads; the arrays are read-only.

The documents themselves are read from the index only for what a page shows (the hits and
the re-ranking pool), through :class:`StoredDocuments`, which keeps the most recently
shown ones decoded.
"""

import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from whoosh.reading import IndexReader

from portal.search import segment_columns
from portal.search.document import FacilityDocument
from portal.search.schema import from_stored
from portal.search.segment_columns import FACET_FIELDS, UNKNOWN_NUMBER, SegmentColumns

DOCUMENT_CACHE_SIZE = 20_000  # decoded documents kept per generation (~2 KB each)
JOINT_CELLS = 65_536  # facet value combinations counted in one pass (fits the CPU cache)
# Filter masks kept per generation: every results page filters on its kinds (the care kinds
# by default), and a pass over every docnum costs ~5 ms at 500,000 facilities.
VALUE_MASKS = 64


@dataclass(frozen=True)
class FacetColumn:
    """One facet: its values, and per docnum ``1 + index of its value`` (0: none)."""

    values: tuple[str, ...]
    codes: np.ndarray  # intp, one per docnum


class StoredDocuments(Mapping[int, FacilityDocument]):
    """The live documents of a generation by docnum, decoded from the index when asked for.

    Iterating decodes every live document (tests and tools); pages look up a few dozen.
    """

    def __init__(self, reader: IndexReader, live_mask: np.ndarray) -> None:
        self._reader = reader
        self._live_mask = live_mask
        self._recent: OrderedDict[int, FacilityDocument] = OrderedDict()
        self._lock = threading.Lock()

    def __getitem__(self, docnum: int) -> FacilityDocument:
        with self._lock:
            found = self._recent.get(docnum)
            if found is not None:
                self._recent.move_to_end(docnum)
                return found
        if not (0 <= docnum < len(self._live_mask) and self._live_mask[docnum]):
            raise KeyError(docnum)
        doc = from_stored(self._reader.stored_fields(docnum)["doc"])
        with self._lock:
            self._recent[docnum] = doc
            if len(self._recent) > DOCUMENT_CACHE_SIZE:
                self._recent.popitem(last=False)
        return doc

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(self._live_mask).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self._live_mask))


class Columns:
    """Per-docnum columns of one generation (deleted docnums included; masks say which live).

    ``size`` is the number of docnums; every mask has that length.
    """

    def __init__(self, parts: list[tuple[SegmentColumns, int, Iterable[int]]], size: int) -> None:
        """``parts``: each segment's columns, its first docnum and its deleted local docnums."""
        self.size = size
        self._parts = parts
        live = np.zeros(size, dtype=bool)
        withdrawn = np.zeros(size, dtype=bool)
        for part, offset, deleted in parts:
            live[offset : offset + part.count] = True
            gone = np.fromiter(deleted, dtype=np.int64)
            live[gone + offset] = False
            withdrawn[offset : offset + part.count] = part.withdrawn
        self.live_mask = _frozen(live)
        self.visible_mask = _frozen(live & ~withdrawn)
        self.withdrawn_mask = _frozen(withdrawn)
        self.facets = {facet: self._facet(facet) for facet in FACET_FIELDS}
        self.beds = self._numbers("beds")
        self.places = self._numbers("places")
        self.start_year = self._numbers("start_year")
        self.end_year = self._numbers("end_year")
        self.lat = self._concat("lat", np.float64, np.nan)
        self.lon = self._concat("lon", np.float64, np.nan)
        self.by_region = self._regions()
        self._beds_sorted = _sorted_pairs(self.beds)
        self._places_sorted = _sorted_pairs(self.places)
        self.docs: Mapping[int, FacilityDocument] = {}
        self._joint_codes: dict[tuple[str, ...], np.ndarray] = {}
        self._value_masks: OrderedDict[tuple[str, frozenset[str]], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_reader(cls, reader: IndexReader, folder: Path | None = None) -> "Columns":
        """The generation of ``reader``, from the column files under ``folder`` where saved."""
        parts = []
        for segment, offset in reader.leaf_readers():
            if segment.segment() is None:  # an empty index: no segment yet
                continue
            columns = segment_columns.load_or_build(segment, folder)
            deleted = segment.segment().deleted_docs() if segment.has_deletions() else ()
            parts.append((columns, offset, deleted))
        cols = cls(parts, reader.doc_count_all())
        cols.docs = StoredDocuments(reader, cols.live_mask)
        return cols

    # -- what a search asks ---------------------------------------------------------------

    def mask(self, docnums: Iterable[int] | np.ndarray) -> np.ndarray:
        """A boolean mask of ``docnums``."""
        mask = np.zeros(self.size, dtype=bool)
        ids = docnums if isinstance(docnums, np.ndarray) else np.fromiter(docnums, np.int64)
        mask[ids] = True
        return mask

    def at_least(self, column: str, minimum: int) -> np.ndarray:
        """Mask of the docnums whose ``beds`` or ``places`` is known and at least ``minimum``."""
        values, docnums = self._beds_sorted if column == "beds" else self._places_sorted
        return self.mask(docnums[np.searchsorted(values, minimum, side="left") :])

    def any_value(self, facet: str, values: Iterable[str]) -> np.ndarray:
        """Mask of the docnums whose facet value is any of ``values`` (read-only, shared)."""
        key = (facet, frozenset(values))
        with self._lock:
            found = self._value_masks.get(key)
            if found is not None:
                self._value_masks.move_to_end(key)
                return found
        column = self.facets[facet]
        code_of = {v: i for i, v in enumerate(column.values, start=1)}
        wanted = [code_of[v] for v in key[1] if v in code_of]
        mask = np.isin(column.codes, np.array(wanted, dtype=np.intp))
        with self._lock:
            self._value_masks[key] = _frozen(mask)
            if len(self._value_masks) > VALUE_MASKS:
                self._value_masks.popitem(last=False)
        return mask

    def any_region(self, codes: Iterable[str]) -> np.ndarray:
        """Mask of the docnums touching any of the region codes (codes include ancestors)."""
        mask = np.zeros(self.size, dtype=bool)
        for code in codes:
            docnums = self.by_region.get(code)
            if docnums is not None:
                mask[docnums] = True
        return mask

    def count(self, facet: str, within: np.ndarray) -> dict[str, int]:
        """Value → number of docnums of ``within`` having it; zero counts left out.

        ``within`` is a boolean mask or an array of docnums (several facets counted over
        one set of documents find its docnums once).

        Ordered by count (largest first), then value.
        """
        column = self.facets[facet]
        chosen = column.codes[within]  # a boolean mask, or docnums already found from one
        counts = np.bincount(chosen, minlength=len(column.values) + 1)
        found = [(column.values[i], int(n)) for i, n in enumerate(counts[1:].tolist()) if n]
        return dict(sorted(found, key=lambda kv: (-kv[1], kv[0])))

    def count_together(self, facets: tuple[str, ...], docnums: np.ndarray) -> dict[str, dict]:
        """:meth:`count` for several facets over the same documents, in fewer passes.

        Facets with few values (kind, audience, status, city) are combined into one number
        per document (mixed radix), so one gather and one ``np.bincount`` over a histogram
        that fits in the CPU cache count them all, and each facet's counts are a sum over
        the other axes. Counting five facets one by one read the documents five times: at
        500,000 facilities that was most of a broad query's time.
        """
        groups: list[list[str]] = []
        for facet in facets:
            size = len(self.facets[facet].values) + 1
            if groups and math.prod(self._sizes(groups[-1])) * size <= JOINT_CELLS:
                groups[-1].append(facet)
            else:
                groups.append([facet])
        found: dict[str, dict[str, int]] = {}
        for group in groups:
            if len(group) == 1:
                found[group[0]] = self.count(group[0], docnums)
                continue
            sizes = self._sizes(group)
            code = self._joint_code(tuple(group))
            joint = np.bincount(code[docnums], minlength=math.prod(sizes)).reshape(sizes)
            for axis, facet in enumerate(group):
                counts = joint.sum(axis=tuple(a for a in range(len(group)) if a != axis))
                values = self.facets[facet].values
                pairs = [(values[i], int(n)) for i, n in enumerate(counts[1:].tolist()) if n]
                found[facet] = dict(sorted(pairs, key=lambda kv: (-kv[1], kv[0])))
        return found

    def _sizes(self, facets: list[str]) -> tuple[int, ...]:
        return tuple(len(self.facets[f].values) + 1 for f in facets)

    def _joint_code(self, facets: tuple[str, ...]) -> np.ndarray:
        with self._lock:
            code = self._joint_codes.get(facets)
        if code is None:
            code = np.zeros(self.size, dtype=np.intp)
            for facet in facets:
                code = code * (len(self.facets[facet].values) + 1) + self.facets[facet].codes
            code = _frozen(code)
            with self._lock:
                self._joint_codes[facets] = code
        return code

    def values_present(self, facet: str) -> frozenset[str]:
        """The facet's values some live document has (withdrawn ones count)."""
        column = self.facets[facet]
        counts = np.bincount(column.codes[self.live_mask], minlength=len(column.values) + 1)
        return frozenset(v for v, n in zip(column.values, counts[1:].tolist(), strict=True) if n)

    @cached_property
    def live(self) -> frozenset[int]:
        """Live docnums as a set (tests and tools; searches use ``live_mask``)."""
        return frozenset(np.flatnonzero(self.live_mask).tolist())

    @cached_property
    def withdrawn(self) -> frozenset[int]:
        """Live docnums of withdrawn facilities."""
        return frozenset(np.flatnonzero(self.live_mask & self.withdrawn_mask).tolist())

    @cached_property
    def name_rank(self) -> np.ndarray:
        """Position of each docnum's name in name order (ties by docnum).

        One segment saved its own order; several are merged by their names, which are read
        from the column files only here (a browse by name order, once per generation).
        """
        if len(self._parts) == 1:
            return self._parts[0][0].name_rank
        names: list[str] = []
        runs: list[int] = []
        for part, offset, _deleted in self._parts:
            part_names = part.names()
            names.extend(part_names)
            order = np.argsort(part.name_rank, kind="stable") + offset
            runs.extend(order.tolist())
        # Each segment's docnums arrive in name order: sorting the runs is a merge.
        merged = sorted(runs, key=names.__getitem__)
        rank = np.empty(self.size, dtype=np.int32)
        rank[merged] = np.arange(self.size, dtype=np.int32)
        return _frozen(rank)

    # -- assembling -----------------------------------------------------------------------

    def _facet(self, facet: str) -> FacetColumn:
        values = tuple(sorted({v for part, _, _ in self._parts for v in part.facet_values[facet]}))
        position = {v: i for i, v in enumerate(values, start=1)}
        # Native integers: ``np.bincount`` casts anything else to them first, which was
        # most of the cost of counting facets (8 bytes a document and facet: 24 MB at 500,000).
        codes = np.zeros(self.size, dtype=np.intp)
        for part, offset, _deleted in self._parts:
            # Local code → global code (local 0, "no value", stays 0).
            remap = np.array([0, *(position[v] for v in part.facet_values[facet])], np.intp)
            codes[offset : offset + part.count] = remap[part.facet_codes[facet]]
        return FacetColumn(values, _frozen(codes))

    def _concat(self, name: str, dtype: type, fill: float) -> np.ndarray:
        out = np.full(self.size, fill, dtype=dtype)
        for part, offset, _deleted in self._parts:
            out[offset : offset + part.count] = getattr(part, name)
        return _frozen(out)

    def _numbers(self, name: str) -> np.ndarray:
        return self._concat(name, np.int32, UNKNOWN_NUMBER)

    def _regions(self) -> dict[str, np.ndarray]:
        pieces: dict[str, list[np.ndarray]] = {}
        for part, offset, _deleted in self._parts:
            for index, code in enumerate(part.region_codes):
                pieces.setdefault(code, []).append(part.region_members(index) + offset)
        return {
            code: _frozen(found[0] if len(found) == 1 else np.concatenate(found))
            for code, found in pieces.items()
        }


def _sorted_pairs(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(known values ascending, their docnums): ``searchsorted`` answers "at least"."""
    docnums = np.flatnonzero(column != UNKNOWN_NUMBER).astype(np.int32)
    order = np.argsort(column[docnums], kind="stable")
    return _frozen(column[docnums][order].astype(np.int64)), _frozen(docnums[order])


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def facet_values(doc: FacilityDocument) -> tuple[str | None, ...]:
    """A document's values for :data:`FACET_FIELDS`, in order."""
    return (doc.kind, doc.audience, doc.status, doc.city_code, doc.county_code, doc.document)
