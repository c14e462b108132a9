"""Run one :class:`SearchQuery` against one index generation.

Text matching and relevance scores come from Whoosh (BM25F); filters, facets and the
non-relevance orders use the generation's in-memory :class:`Columns`. Document sets are
boolean masks over the generation's docnums, so a broad query (half of 100,000
facilities) costs a few array operations rather than Python work per document.
"""

import math
import threading
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cached_property, lru_cache

import numpy as np
from geopy.distance import geodesic
from whoosh.query import Query
from whoosh.searching import Searcher

from portal.domain.progress import usable_now_rank
from portal.search.analysis import normalize
from portal.search.columns import Columns
from portal.search.highlight import SNIPPET_CHARS, coverage, highlight
from portal.search.postings import FieldLengths
from portal.search.query import ParsedText, SearchQuery, parse_text, text_query
from portal.search.ranking import Ranker, TermCache
from portal.search.results import Hit, SearchResults
from portal.search.suggest import Corrector, NameSuggester, corrected_queries

WORD_FIELDS = ("name", "region_text", "category", "address", "operator", "content")
FEW_RESULTS = 3
RERANK_POOL = 100
PLACE_IN_NAME_WEIGHT = 0.5  # the typed place word appears in the facility's own name
NAME_COVERAGE_WEIGHT = 1.5  # below this many hits, offer corrections
# facet → the filter it ignores when counting (city and county share the region filter)
FACET_FILTERS = {
    "kind": "kind",
    "audience": "audience",
    "status": "status",
    "city": "region",
    "county": "region",
}


class Snapshot:
    """Everything derived from one index generation, shared by all threads."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self.lengths = FieldLengths()
        self.terms = TermCache()
        self._corrector: Corrector | None = None
        self._lock = threading.Lock()

    @cached_property
    def visible(self) -> frozenset[int]:
        """Live docnums that are not withdrawn: what a search starts from."""
        return self.columns.live - self.columns.withdrawn

    @cached_property
    def browse_order(self) -> np.ndarray:
        """Docnums by what is most likely usable now (operating, then past the plan's completion
        year, then under construction, planned, proposed, not stated), then name."""
        docs = self.columns.docs
        year = date.today().year

        def rank(d: int) -> tuple[int, str, int]:
            doc = docs[d]
            return usable_now_rank(doc.status, doc.end_year, year), doc.name, d

        return _order(sorted(docs, key=rank))

    @cached_property
    def capacity_order(self) -> np.ndarray:
        """Docnums by beds or childcare places, largest first; unknown capacity last."""
        docs = self.columns.docs

        def capacity(d: int) -> int:
            known = [v for v in (docs[d].beds, docs[d].childcare_places) if v is not None]
            return max(known) if known else -1

        rank = {d: i for i, d in enumerate(self.browse_order.tolist())}
        return _order(sorted(docs, key=lambda d: (-capacity(d), rank[d])))

    @cached_property
    def year_order(self) -> np.ndarray:
        """Docnums by planned completion (end year), soonest first; unknown years last.

        Visitors choose it to find what opens soonest, so it reads the end of the period.
        """
        docs = self.columns.docs
        rank = {d: i for i, d in enumerate(self.browse_order.tolist())}
        unknown = 10_000

        def completion(d: int) -> int:
            return docs[d].end_year or docs[d].start_year or unknown

        return _order(sorted(docs, key=lambda d: (completion(d), rank[d])))

    @cached_property
    def coordinates(self) -> tuple[np.ndarray, np.ndarray]:
        """(latitudes, longitudes) per docnum; NaN where a document has no coordinates."""
        lat = np.full(self.columns.size, np.nan)
        lon = np.full(self.columns.size, np.nan)
        for d, doc in self.columns.docs.items():
            if doc.lat is not None and doc.lon is not None:
                lat[d], lon[d] = doc.lat, doc.lon
        return lat, lon

    @cached_property
    def names(self) -> NameSuggester:
        return NameSuggester(doc.name for doc in self.columns.docs.values())

    def corrector(self, searcher: Searcher) -> Corrector:
        with self._lock:
            if self._corrector is None:
                self._corrector = Corrector(searcher.reader())
            return self._corrector


def run_search(
    searcher: Searcher,
    snap: Snapshot,
    q: SearchQuery,
    places: Mapping[str, tuple[str, str]],
    synonyms: Mapping[str, tuple[str, ...]],
) -> SearchResults:
    """Match, filter, count facets, order and cut one page (see :class:`SearchResults`)."""
    cols = snap.columns
    parsed = parse_text(q.text, places)
    base = _base_mask(snap, q, parsed)
    reader = searcher.reader()
    ranker = Ranker(searcher, snap.lengths, snap.terms)

    def known(word: str) -> bool:
        return any(reader.doc_frequency(f, word) for f in WORD_FIELDS)

    tq = text_query(parsed, synonyms, known=known)
    relaxed = False
    matched = base
    if tq is not None:
        matched = base & ranker.mask(tq)
        if not matched.any() and len(parsed.words) + len(parsed.phrases) > 1:
            tq = text_query(parsed, synonyms, relaxed=True, known=known)
            matched = base & ranker.mask(tq)
            relaxed = bool(matched.any())
    filters = {
        "kind": cols.any_value("kind", q.kinds) if q.kinds else None,
        "audience": cols.any_value("audience", q.audiences) if q.audiences else None,
        "status": cols.any_value("status", q.statuses) if q.statuses else None,
        "region": cols.any_region(q.region_codes) if q.region_codes else None,
        "document": cols.any_value("document", q.documents) if q.documents else None,
    }
    final = _intersect(matched, filters.values())
    total = int(np.count_nonzero(final))
    facets = {
        facet: cols.count(
            facet, _intersect(matched, (s for k, s in filters.items() if k != ignored))
        )
        for facet, ignored in FACET_FILTERS.items()
    }
    start, end = (q.page - 1) * q.per_page, q.page * q.per_page
    scores: dict[int, float] = {}
    if not total:
        page: list[int] = []
    elif q.sort == "relevance" and tq is not None:
        terms = parsed.highlight_terms(synonyms)
        places = [_normal_name(word) for _code, word in parsed.places]
        scores = _rerank(ranker, cols, tq, final, end, terms, places)
        page = list(scores)[start:end]
    else:
        page = _ordered_page(snap, q, final, start, end)
        if tq is not None:
            scores = ranker.scores(tq, set(page))
    terms = parsed.highlight_terms(synonyms)
    hits = [_hit(cols, d, scores.get(d, 0.0), terms, q.origin) for d in page]
    suggestions: list[str] = []
    if tq is not None and total < FEW_RESULTS:
        words = [word for _, word in parsed.places] + parsed.words
        suggestions = corrected_queries(words, snap.corrector(searcher), searcher.reader())
    return SearchResults(
        total=total,
        page=q.page,
        per_page=q.per_page,
        hits=hits,
        facets=facets,
        interpreted_regions=list(dict.fromkeys(parsed.places)),
        suggestions=suggestions,
        relaxed=relaxed,
    )


def _rerank(
    ranker: Ranker,
    cols: Columns,
    tq: Query,
    final: np.ndarray,
    end: int,
    terms: list[str],
    query_places: list[str] = (),
) -> dict[int, float]:
    """Top docnums by BM25F times a name-coverage bonus, best first, with their scores.

    A facility whose name is mostly the query (台州市社会福利院 for 社会福利院) is more
    likely what was meant than one that also mentions it in its description. Place words
    in the name (台州市) count as covered: they do not tell facilities apart. The bonus
    is applied to the best ``RERANK_POOL`` BM25F hits, which keeps it cheap. A place the
    visitor typed (景德镇市社会福利中心) filters the results; a name that also says that place
    is the one they were typing, so it is lifted above namesakes elsewhere in the region.
    """
    adjusted: dict[int, float] = {}
    for docnum, score in ranker.top(tq, final, max(end, RERANK_POOL)):
        doc = cols.docs[docnum]
        share = coverage(doc.name, [*terms, *map(_normal_name, doc.region_names)])
        said = any(place in _normal_name(doc.name) for place in query_places)
        adjusted[docnum] = score * (
            1.0 + NAME_COVERAGE_WEIGHT * share + PLACE_IN_NAME_WEIGHT * said
        )
    order = sorted(adjusted, key=lambda d: -adjusted[d])[:end]
    return {d: adjusted[d] for d in order}


# Region names repeat across thousands of documents: normalise each once.
_normal_name = lru_cache(maxsize=16384)(normalize)


def _base_mask(snap: Snapshot, q: SearchQuery, parsed: ParsedText) -> np.ndarray:
    """Mask of docnums allowed before text and facet filters: withdrawn, capacity, places."""
    cols = snap.columns
    base = cols.live_mask if q.include_withdrawn else cols.visible_mask
    if parsed.places:
        base = base & cols.any_region(code for code, _ in parsed.places)
    if q.min_beds is not None:
        base = base & cols.at_least("beds", q.min_beds)
    if q.min_places is not None:
        base = base & cols.at_least("places", q.min_places)
    return base


def _intersect(first: np.ndarray, others: Iterable[np.ndarray | None]) -> np.ndarray:
    result = first
    for other in others:
        if other is not None:
            result = result & other
    return result


def _order(docnums: list[int]) -> np.ndarray:
    order = np.array(docnums, dtype=np.int32)
    order.flags.writeable = False
    return order


def _ordered_page(
    snap: Snapshot, q: SearchQuery, final: np.ndarray, start: int, end: int
) -> list[int]:
    """One page of ``final`` in browse, capacity, year or distance order."""
    if q.sort == "distance" and q.origin is not None:
        return _nearest(snap, q.origin, final, end)[start:end]
    if q.sort == "capacity":
        order = snap.capacity_order
    elif q.sort == "year":
        order = snap.year_order
    else:
        order = snap.browse_order
    return order[final[order]][start:end].tolist()


def _nearest(
    snap: Snapshot, origin: tuple[float, float], final: np.ndarray, count: int
) -> list[int]:
    """The first ``count`` docnums by distance (ties by docnum); those without coordinates
    follow, in browse order.

    Equirectangular distance orders well at city scale and costs a fraction of a geodesic.
    """
    lat, lon = snap.coordinates
    lat0, lon0 = origin
    scale = math.cos(math.radians(lat0))
    placed = np.flatnonzero(final & ~np.isnan(lat))
    flat = ((lat[placed] - lat0) ** 2) + (((lon[placed] - lon0) * scale) ** 2)
    if len(placed) > count:
        cut = np.partition(flat, count - 1)[count - 1]
        keep = flat <= cut
        placed, flat = placed[keep], flat[keep]
    nearest = placed[np.lexsort((placed, flat))[:count]].tolist()
    if len(nearest) < count:
        order = snap.browse_order
        unplaced = order[final[order] & np.isnan(lat[order])]
        nearest += unplaced[: count - len(nearest)].tolist()
    return nearest


def _hit(
    cols: Columns, docnum: int, score: float, terms: list[str], origin: tuple[float, float] | None
) -> Hit:
    doc = cols.docs[docnum]
    texts = {
        "name": (doc.name, None),
        "address": (doc.address, None),
        "content": (doc.content, SNIPPET_CHARS),
        "operator": (doc.operator, None),
        "region": (" ".join(doc.region_names), None),
    }
    highlights = {}
    for field, (text, window) in texts.items():
        snippet = highlight(text, terms, window)
        if snippet is not None:
            highlights[field] = snippet
    distance = None
    if origin is not None and doc.lat is not None and doc.lon is not None:
        distance = round(geodesic(origin, (doc.lat, doc.lon)).km, 3)
    return Hit(id=doc.id, score=float(score), highlights=highlights, distance_km=distance)
