"""Every link of the search pages, built from one place: the visitor's cleaned parameters.

Pagination, sorting, the map and list views, removable filter chips, the search box's hidden
fields and the language switch all start from :class:`SearchParams`, so repeated values
(``kind=care_home&kind=medical_care``) survive every click, and a parameter the page refused
(an unknown kind, a 40,000-value region list) never comes back in a link.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import url_for

# The order parameters are written in: stable URLs, readable chips.
ORDER = (
    "q",
    "kind",
    "audience",
    "status",
    "region",
    "doc",
    "min_beds",
    "min_places",
    "near",
    "lat",
    "lon",
    "sort",
    "view",
    "page",
)
# Changing what is searched for starts again at page 1.
RESETS_PAGE = frozenset(ORDER) - {"view", "page"}


@dataclass(frozen=True)
class SearchParams:
    """Cleaned, deduplicated search parameters as ``(name, value)`` pairs in :data:`ORDER`."""

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def build(cls, values: dict[str, Iterable[str] | str | None]) -> "SearchParams":
        pairs: list[tuple[str, str]] = []
        for name in ORDER:
            value = values.get(name)
            items = [value] if isinstance(value, str) else list(value or ())
            pairs.extend((name, item) for item in dict.fromkeys(items) if item)
        return cls(tuple(pairs))

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.pairs if k == name), None)

    def getlist(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]

    def without(self, name: str, value: str | None = None) -> "SearchParams":
        """These parameters less ``name`` (only its ``value`` when given), from page 1."""
        kept = ((k, v) for k, v in self.pairs if not (k == name and (value is None or v == value)))
        drop_page = name in RESETS_PAGE
        return SearchParams(tuple((k, v) for k, v in kept if not (drop_page and k == "page")))

    def replace(self, **values: str | None) -> "SearchParams":
        """Set single-valued parameters (``None`` removes one); anything but the view or the
        page itself starts again at page 1."""
        current = {name: self.getlist(name) for name in ORDER}
        for name, value in values.items():
            current[name] = [value] if value else []
        if set(values) & RESETS_PAGE and "page" not in values:
            current["page"] = []
        return SearchParams.build(current)

    def url(self, endpoint: str = "facilities.index") -> str:
        base = url_for(endpoint)
        return f"{base}?{urlencode(self.pairs)}" if self.pairs else base

    def page_url(self, page: int) -> str:
        return self.replace(page=str(page) if page > 1 else None).url()

    def hidden_fields(self, *skip: str) -> list[tuple[str, str]]:
        """Parameters a form must carry along (as hidden inputs) to keep the visitor's state."""
        return [(k, v) for k, v in self.pairs if k not in skip and k != "page"]

    @property
    def filter_count(self) -> int:
        """How many filters are chosen (for the "Filters (n)" button)."""
        return sum(1 for k, _ in self.pairs if k in FILTERS)


FILTERS = ("kind", "audience", "status", "region", "doc", "min_beds", "min_places", "near", "lat")


@dataclass(frozen=True)
class Chip:
    """One chosen filter the visitor can remove: its text and the link without it."""

    name: str
    value: str
    remove_url: str


def filter_chips(params: SearchParams) -> list[Chip]:
    """A chip per chosen filter value. Linear in the (bounded) number of chosen values."""
    chips: list[Chip] = []
    for name, value in params.pairs:
        if name not in FILTERS:
            continue
        remaining = params.without(name, value)
        if name in ("near", "lat"):
            # The location goes as a whole, and a distance order cannot outlive it.
            remaining = remaining.without("lon").without("lat")
            if remaining.get("sort") == "distance" and not (
                remaining.get("near") or remaining.get("lat")
            ):
                remaining = remaining.without("sort")
        chips.append(Chip(name, value, remaining.url()))
    return chips
