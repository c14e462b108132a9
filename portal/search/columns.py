"""In-memory columns of one index generation, for filters, facets, sorting and suggestions.

Whoosh's own filter and facet machinery runs a query per facet in pure Python; sets of
document numbers per value make every filter an intersection done in C. The columns are
built once per index generation (docnums are stable within one) and shared by threads.
"""

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh.reading import IndexReader

from portal.search.document import FacilityDocument
from portal.search.schema import from_stored

FACET_FIELDS = ("kind", "audience", "status", "city", "county")


@dataclass
class Columns:
    """Documents of one generation keyed by Whoosh docnum, with value → docnums indexes."""

    docs: dict[int, FacilityDocument] = field(default_factory=dict)
    live: frozenset[int] = frozenset()
    withdrawn: frozenset[int] = frozenset()
    by_value: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    by_region: dict[str, set[int]] = field(default_factory=dict)
    beds: list[tuple[int, int]] = field(default_factory=list)  # sorted (beds, docnum)
    places: list[tuple[int, int]] = field(default_factory=list)
    _values: dict[str, dict[int, str | None]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_reader(cls, reader: IndexReader) -> "Columns":
        """Read every live document's stored fields once.

        Name suggestions (pinyin of every name, ~0.15 ms a name) are built separately and
        only when first asked for: a new generation's first search must not pay for them.
        """
        cols = cls()
        by_value: dict[str, dict[str, set[int]]] = {f: defaultdict(set) for f in FACET_FIELDS}
        by_region: dict[str, set[int]] = defaultdict(set)
        withdrawn: set[int] = set()
        for docnum, stored in reader.iter_docs():
            doc = from_stored(stored["doc"])
            cols.docs[docnum] = doc
            if doc.withdrawn:
                withdrawn.add(docnum)
            for name, value in zip(FACET_FIELDS, facet_values(doc), strict=True):
                if value is not None:
                    by_value[name][value].add(docnum)
            for code in doc.region_codes:
                by_region[code].add(docnum)
            if doc.beds is not None:
                cols.beds.append((doc.beds, docnum))
            if doc.childcare_places is not None:
                cols.places.append((doc.childcare_places, docnum))
        cols.live = frozenset(cols.docs)
        cols.withdrawn = frozenset(withdrawn)
        cols.by_value = {k: dict(v) for k, v in by_value.items()}
        cols.by_region = dict(by_region)
        cols.beds.sort()
        cols.places.sort()
        return cols

    def at_least(self, column: str, minimum: int) -> set[int]:
        """Docnums whose ``beds`` or ``places`` is known and at least ``minimum``."""
        values = self.beds if column == "beds" else self.places
        return {docnum for _, docnum in values[bisect_left(values, (minimum, -1)) :]}

    def any_value(self, facet: str, values: Iterable[str]) -> set[int]:
        """Docnums whose facet value is any of ``values``."""
        index = self.by_value.get(facet, {})
        result: set[int] = set()
        for value in values:
            result |= index.get(value, set())
        return result

    def any_region(self, codes: Iterable[str]) -> set[int]:
        """Docnums touching any of the region codes (codes include ancestors)."""
        result: set[int] = set()
        for code in codes:
            result |= self.by_region.get(code, set())
        return result

    def count(self, facet: str, within: set[int] | frozenset[int]) -> dict[str, int]:
        """Value → number of docnums in ``within`` having it; zero counts are left out.

        One C-level pass over ``within`` (a value lookup per docnum), rather than an
        intersection per value that builds a set each time.
        """
        counts = Counter(map(self._value_of(facet).__getitem__, within))
        counts.pop(None, None)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def _value_of(self, facet: str) -> dict[int, str | None]:
        """Docnum → the facet's value (``None`` when the document has none), built once."""
        table = self._values.get(facet)
        if table is None:
            table = dict.fromkeys(self.docs)
            for value, docnums in self.by_value.get(facet, {}).items():
                table.update(dict.fromkeys(docnums, value))
            self._values[facet] = table
        return table


def facet_values(doc: FacilityDocument) -> tuple[str | None, ...]:
    """A document's values for :data:`FACET_FIELDS`, in order."""
    return (doc.kind, doc.audience, doc.status, doc.city_code, doc.county_code)
