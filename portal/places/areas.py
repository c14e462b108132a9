"""Areas: a region with its whole ancestry, the one way the portal asks "is this place in that?".

Eligibility rules, facility links and the subsidy list all ask whether one place lies inside
another. They ask it here, as ``area.contains(other)`` on two :class:`Area` values, so the
question reads the same way everywhere and cannot be asked with swapped codes by accident (a
method on the enclosing area, not a function of two strings). Built on the production gazetteer
(:func:`portal.geo.gazetteer.load_default`), including the staff-maintained local places
(嘉兴经济技术开发区 …); ``000000`` is the whole country.
"""

from dataclasses import dataclass
from functools import lru_cache

from portal.geo.gazetteer import load_default

NATIONAL_CODE = "000000"
MAX_CODE_LENGTH = 20  # the longest gazetteer code is 12 digits; anything longer is not a place


@dataclass(frozen=True, slots=True)
class Area:
    """A place and every place that encloses it (``lineage`` holds its own code, its ancestors'
    codes and the national code), so containment is one set look-up, cheap enough for the
    ~500,000 questions an import of 10,000 facilities asks.
    """

    code: str
    name: str  # 嘉兴市, 南湖区, 全国
    full_name: str  # 嘉兴市南湖区: the name with its city, for a place shown on its own
    level: str  # nation, province, city, county, town
    lineage: frozenset[str]

    def contains(self, other: "Area") -> bool:
        """Whether ``other`` lies inside this area (an area contains itself)."""
        return self.code in other.lineage

    def overlaps(self, other: "Area") -> bool:
        """Whether one of the two areas contains the other."""
        return self.contains(other) or other.contains(self)


NATION = Area(NATIONAL_CODE, "全国", "全国", "nation", frozenset({NATIONAL_CODE}))


@lru_cache(maxsize=8192)
def area(code: str) -> Area | None:
    """The area with this code, or ``None`` for a code the gazetteer does not know.

    Cached per process: the gazetteer is loaded once and never changes while the portal runs.
    """
    if code == NATIONAL_CODE:
        return NATION
    if not isinstance(code, str) or len(code) > MAX_CODE_LENGTH:
        return None
    gazetteer = load_default()
    place = gazetteer.get(code)
    if place is None:
        return None
    ancestors = gazetteer.ancestors(code)
    city = next((a for a in ancestors if a.level == "city"), None)
    full_name = f"{city.name}{place.name}" if city and place.level in ("county", "town") else None
    return Area(
        code=place.code,
        name=place.name,
        full_name=full_name or place.name,
        level=str(place.level),
        lineage=frozenset({place.code, NATIONAL_CODE, *(a.code for a in ancestors)}),
    )


def areas(codes: str | list[str] | tuple[str, ...]) -> tuple[Area, ...]:
    """The areas of one code or a list of codes.

    :raise KeyError: naming a code the gazetteer does not know (data files are checked with
        this, so a typo in a rule fails loudly instead of matching nothing).
    """
    found = []
    for code in (codes,) if isinstance(codes, str) else codes:
        known = area(code)
        if known is None:
            raise KeyError(f"unknown region code {code!r}")
        found.append(known)
    return tuple(found)
