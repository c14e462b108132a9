"""In-memory columns of one index generation, for filters, facets, sorting and suggestions.

Whoosh's own filter and facet machinery runs a query per facet in pure Python. Here every
filter is a boolean mask over the generation's docnums and every facet a small-integer
code per docnum, so filtering is ``&`` and counting one ``np.bincount``, both in C. The
columns are built once per index generation (docnums are stable within one) and shared
by threads; the arrays are read-only.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from whoosh.reading import IndexReader

from portal.search.document import FacilityDocument
from portal.search.schema import from_stored

FACET_FIELDS = ("kind", "audience", "status", "city", "county", "document")


@dataclass(frozen=True)
class FacetColumn:
    """One facet: its values, and per docnum ``1 + index of its value`` (0: none)."""

    values: tuple[str, ...]
    codes: np.ndarray  # uint16, one per docnum


@dataclass
class Columns:
    """Documents of one generation keyed by Whoosh docnum, with value → docnums indexes.

    ``size`` is the number of docnums (deleted ones included); every mask has that length.
    """

    size: int = 0
    docs: dict[int, FacilityDocument] = field(default_factory=dict)
    live: frozenset[int] = frozenset()
    withdrawn: frozenset[int] = frozenset()
    live_mask: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    visible_mask: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    by_value: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # docnums
    by_region: dict[str, np.ndarray] = field(default_factory=dict)
    facets: dict[str, FacetColumn] = field(default_factory=dict)
    # Known capacities as (values ascending, their docnums), for "at least" filters.
    beds: tuple[np.ndarray, np.ndarray] = field(default_factory=lambda: _sorted_pairs([]))
    places: tuple[np.ndarray, np.ndarray] = field(default_factory=lambda: _sorted_pairs([]))

    @classmethod
    def from_reader(cls, reader: IndexReader) -> "Columns":
        """Read every live document's stored fields once.

        Name suggestions (pinyin of every name, ~0.15 ms a name) are built separately and
        only when first asked for: a new generation's first search must not pay for them.
        """
        cols = cls(size=reader.doc_count_all())
        by_value: dict[str, dict[str, list[int]]] = {f: defaultdict(list) for f in FACET_FIELDS}
        by_region: dict[str, list[int]] = defaultdict(list)
        withdrawn: list[int] = []
        beds: list[tuple[int, int]] = []
        places: list[tuple[int, int]] = []
        for docnum, stored in reader.iter_docs():
            doc = from_stored(stored["doc"])
            cols.docs[docnum] = doc
            if doc.withdrawn:
                withdrawn.append(docnum)
            for name, value in zip(FACET_FIELDS, facet_values(doc), strict=True):
                if value is not None:
                    by_value[name][value].append(docnum)
            for code in doc.region_codes:
                by_region[code].append(docnum)
            if doc.beds is not None:
                beds.append((doc.beds, docnum))
            if doc.childcare_places is not None:
                places.append((doc.childcare_places, docnum))
        cols.live = frozenset(cols.docs)
        cols.withdrawn = frozenset(withdrawn)
        cols.live_mask = cols.mask(cols.docs)
        cols.visible_mask = cols.live_mask & ~cols.mask(withdrawn)
        cols.visible_mask.flags.writeable = False
        cols.by_value = {k: {v: _ids(d) for v, d in vs.items()} for k, vs in by_value.items()}
        cols.by_region = {code: _ids(d) for code, d in by_region.items()}
        cols.facets = {name: cols._facet(name) for name in FACET_FIELDS}
        cols.beds = _sorted_pairs(beds)
        cols.places = _sorted_pairs(places)
        return cols

    def mask(self, docnums: Iterable[int] | np.ndarray) -> np.ndarray:
        """A boolean mask of ``docnums``."""
        mask = np.zeros(self.size, dtype=bool)
        ids = docnums if isinstance(docnums, np.ndarray) else np.fromiter(docnums, np.int64)
        mask[ids] = True
        return mask

    def at_least(self, column: str, minimum: int) -> np.ndarray:
        """Mask of the docnums whose ``beds`` or ``places`` is known and at least ``minimum``."""
        values, docnums = self.beds if column == "beds" else self.places
        return self.mask(docnums[np.searchsorted(values, minimum, side="left") :])

    def any_value(self, facet: str, values: Iterable[str]) -> np.ndarray:
        """Mask of the docnums whose facet value is any of ``values``."""
        index = self.by_value.get(facet, {})
        return self._union(index[v] for v in values if v in index)

    def any_region(self, codes: Iterable[str]) -> np.ndarray:
        """Mask of the docnums touching any of the region codes (codes include ancestors)."""
        return self._union(self.by_region[c] for c in codes if c in self.by_region)

    def count(self, facet: str, within: np.ndarray) -> dict[str, int]:
        """Value → number of docnums of the mask ``within`` having it; zero counts left out.

        Ordered by count (largest first), then value.
        """
        column = self.facets[facet]
        counts = np.bincount(column.codes[within], minlength=len(column.values) + 1)
        found = [(column.values[i], int(n)) for i, n in enumerate(counts[1:].tolist()) if n]
        return dict(sorted(found, key=lambda kv: (-kv[1], kv[0])))

    def _union(self, parts: Iterable[np.ndarray]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        for docnums in parts:
            mask[docnums] = True
        return mask

    def _facet(self, name: str) -> FacetColumn:
        values = tuple(sorted(self.by_value.get(name, {})))
        codes = np.zeros(self.size, dtype=np.uint16)
        for i, value in enumerate(values, start=1):
            codes[self.by_value[name][value]] = i
        codes.flags.writeable = False
        return FacetColumn(values, codes)


def _ids(docnums: list[int]) -> np.ndarray:
    ids = np.array(sorted(docnums), dtype=np.int32)
    ids.flags.writeable = False
    return ids


def _sorted_pairs(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    pairs = sorted(pairs)
    values = np.array([v for v, _ in pairs], dtype=np.int64)
    docnums = np.array([d for _, d in pairs], dtype=np.int32)
    return values, docnums


def facet_values(doc: FacilityDocument) -> tuple[str | None, ...]:
    """A document's values for :data:`FACET_FIELDS`, in order."""
    return (doc.kind, doc.audience, doc.status, doc.city_code, doc.county_code, doc.document)
