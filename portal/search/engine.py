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
from portal.search.ranking import PrefixCache, Ranker, TermCache
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
        self.prefixes = PrefixCache()
        self._corrector: Corrector | None = None
        self._lock = threading.Lock()

    @cached_property
    def visible(self) -> frozenset[int]:
        """Live docnums that are not withdrawn: what a search starts from."""
        return frozenset(np.flatnonzero(self.columns.visible_mask).tolist())

    @cached_property
    def browse_rank(self) -> np.ndarray:
        """Each docnum's position in :attr:`browse_order`."""
        rank = np.full(self.columns.size, self.columns.size, dtype=np.int64)
        rank[self.browse_order] = np.arange(len(self.browse_order))
        return rank

    @cached_property
    def browse_order(self) -> np.ndarray:
        """Docnums by what is most likely usable now (operating, then past the plan's completion
        year, then under construction, planned, proposed, not stated), then name."""
        cols = self.columns
        status = cols.facets["status"]
        year = date.today().year
        # One rank per (status, end year) pair present: a handful, whatever the size.
        pairs = status.codes.astype(np.int64) * 100_000 + (cols.end_year.astype(np.int64) + 1)
        unique, inverse = np.unique(pairs, return_inverse=True)
        ranks = np.array(
            [
                usable_now_rank(
                    status.values[code - 1] if code else "",
                    _known(int(end) - 1),
                    year,
                )
                for code, end in zip(
                    (unique // 100_000).tolist(), (unique % 100_000).tolist(), strict=True
                )
            ],
            dtype=np.int64,
        )
        usable = ranks[inverse]
        return _live_order(cols.live_mask, np.lexsort((cols.name_rank, usable)))

    @cached_property
    def capacity_order(self) -> np.ndarray:
        """Docnums by beds or childcare places, largest first; unknown capacity last."""
        capacity = np.maximum(self.columns.beds, self.columns.places).astype(np.int64)
        return _live_order(self.columns.live_mask, np.lexsort((self.browse_rank, -capacity)))

    @cached_property
    def year_order(self) -> np.ndarray:
        """Docnums by planned completion (end year), soonest first; unknown years last.

        Visitors choose it to find what opens soonest, so it reads the end of the period.
        """
        cols = self.columns
        unknown = 10_000
        started = np.where(cols.start_year > 0, cols.start_year, unknown)
        completion = np.where(cols.end_year > 0, cols.end_year, started)
        return _live_order(cols.live_mask, np.lexsort((self.browse_rank, completion)))

    @cached_property
    def coordinates(self) -> tuple[np.ndarray, np.ndarray]:
        """(latitudes, longitudes) per docnum; NaN where a document has no coordinates."""
        return self.columns.lat, self.columns.lon

    def names(self, searcher: Searcher) -> NameSuggester:
        return NameSuggester(searcher.reader(), self._name_of)

    def _name_of(self, docnum: int) -> str | None:
        try:
            return self.columns.docs[docnum].name
        except KeyError:  # a deleted document
            return None

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
    ranker = Ranker(searcher, snap.lengths, snap.terms, snap.prefixes)

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
    facets = _facet_counts(cols, matched, filters)
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


def _facet_counts(
    cols: Columns, matched: np.ndarray, filters: dict[str, np.ndarray | None]
) -> dict[str, dict[str, int]]:
    """Each facet counted without its own filter. Facets whose filter is off count the same
    documents, so they are counted together in one pass."""
    shared: list[str] = []
    facets: dict[str, dict[str, int]] = {}
    for facet, ignored in FACET_FILTERS.items():
        if filters.get(ignored) is None:
            shared.append(facet)
        else:
            within = _intersect(matched, (s for k, s in filters.items() if k != ignored))
            facets[facet] = cols.count(facet, np.flatnonzero(within))
    if shared:
        everything = np.flatnonzero(_intersect(matched, filters.values()))
        facets.update(cols.count_together(tuple(shared), everything))
    return {facet: facets[facet] for facet in FACET_FILTERS}


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
        share = _coverage(doc.name, (*terms, *map(_normal_name, doc.region_names)))
        said = any(place in _normal_name(doc.name) for place in query_places)
        adjusted[docnum] = score * (
            1.0 + NAME_COVERAGE_WEIGHT * share + PLACE_IN_NAME_WEIGHT * said
        )
    order = sorted(adjusted, key=lambda d: -adjusted[d])[:end]
    return {d: adjusted[d] for d in order}


# Region names repeat across thousands of documents: normalise each once.
_normal_name = lru_cache(maxsize=16384)(normalize)


@lru_cache(maxsize=65536)
def _coverage(name: str, terms: tuple[str, ...]) -> float:
    # The same query re-ranks the same pool again: a pure function of its text, kept.
    return coverage(name, list(terms))


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


def _live_order(live: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``order`` without the deleted docnums, read-only."""
    kept = order[live[order]].astype(np.int32)
    kept.flags.writeable = False
    return kept


def _known(year: int) -> int | None:
    return year if year > 0 else None


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
