"""Full-text search over facilities: Chinese analysis, pinyin, synonyms, facets, suggestions.

The portal talks to search only through these names::

    index = SearchIndex(path, places=gazetteer_places).open_or_create()
    index.rebuild(documents)                      # or upsert(...) / remove(ids)
    index.rebuild_parallel(shares)                # one spawned process per share
    results = index.search(SearchQuery(text="莲都 托育", page=1))

May import ``portal.domain`` only: the engine knows documents, not database rows.
"""

from portal.search.analysis import load_place_words, normalize
from portal.search.document import FacilityDocument
from portal.search.index import SearchIndex
from portal.search.parallel_build import ParallelBuildError
from portal.search.query import SearchQuery
from portal.search.results import Hit, SearchResults
from portal.search.storage import IndexBusyError, IndexDamagedError

__all__ = [
    "FacilityDocument",
    "Hit",
    "IndexBusyError",
    "IndexDamagedError",
    "ParallelBuildError",
    "SearchIndex",
    "SearchQuery",
    "SearchResults",
    "load_place_words",
    "normalize",
]
