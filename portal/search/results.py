"""What a search returns: a page of hits with facets and hints for the next query."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hit:
    """One facility on the page.

    ``highlights`` maps a field (name, address, content, operator, region) to an HTML
    snippet: matches in ``<mark>``, everything else escaped, safe to render as is.
    ``distance_km`` is the geodesic distance from the query's origin, or ``None``
    without an origin or without coordinates.
    """

    id: int
    score: float
    highlights: dict[str, str] = field(default_factory=dict)
    distance_km: float | None = None


@dataclass(frozen=True)
class SearchResults:
    """A page of results.

    ``facets``: kind / audience / status / city / county → value (city and county by
    code) → count over the whole result set, each ignoring its own filter.
    ``interpreted_regions``: (code, word) for place words taken from the text as a filter.
    ``suggestions``: alternative query strings when there were few or no results.
    ``relaxed``: no facility had every word, so any word was enough.
    """

    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    interpreted_regions: list[tuple[str, str]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    relaxed: bool = False

    @property
    def pages(self) -> int:
        """Number of pages (at least 1, so an empty result still has a page)."""
        return max(1, -(-self.total // self.per_page))
