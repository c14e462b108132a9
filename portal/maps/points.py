"""What a map needs to know about a facility, and how vaguely its location is known."""

import math
from dataclasses import dataclass

from portal.domain import Precision

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))

# Radius of the "somewhere around here" circle drawn for a facility known only to a town,
# county or city: roughly the extent of such an area in the cities our plans cover.
APPROXIMATE_RADIUS_M: dict[Precision, int] = {
    Precision.TOWN: 3_000,
    Precision.COUNTY: 15_000,
    Precision.CITY: 40_000,
}


@dataclass(frozen=True)
class MapLabels:
    """UI strings for the maps, already translated by the caller (``gettext`` results)."""

    title: str  # document title of the map page, e.g. "机构地图"
    kind: str  # "类型"
    status: str  # "状态"
    details: str  # link text to the facility page, e.g. "查看详情"
    approximate: str  # "位置为大致范围"
    lang: str = "zh-Hans"  # BCP 47 tag for <html lang>
    zoom_in: str = "Zoom in"  # titles of Leaflet's zoom buttons (Leaflet leaves them English)
    zoom_out: str = "Zoom out"
    note: str = ""  # a sentence drawn on the map, e.g. how many of the matches it shows
    elder: bool = False  # 长辈模式: larger text and controls, as on the page around the map
    cell: str = "Projects around here"  # a server-side count of exact locations ("…: 12")
    cell_area: str = "Projects located only to this area"  # a count at an area's centre
    list_link: str = "See them in the list"  # link from a count to the list of the place


@dataclass(frozen=True)
class MapPoint:
    """One facility on a map, coordinates in WGS-84.

    ``url`` must be a site-relative path (``/facilities/12``): popups link to it with
    ``target="_top"`` so it opens outside the map's iframe. ``approximate_radius_m``
    overrides the radius that ``precision`` implies. Raises ``ValueError`` for an unknown
    precision, coordinates out of range or a URL that is not site-relative.
    """

    id: int
    name: str
    kind_label: str
    status_label: str
    url: str
    lat: float
    lon: float
    precision: str
    approximate_radius_m: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "precision", Precision(self.precision))
        if not (math.isfinite(self.lat) and -90 <= self.lat <= 90):
            raise ValueError(f"facility {self.id}: latitude {self.lat} out of range")
        if not (math.isfinite(self.lon) and -180 <= self.lon <= 180):
            raise ValueError(f"facility {self.id}: longitude {self.lon} out of range")
        if not self.url.startswith("/") or self.url.startswith("//"):
            raise ValueError(f"facility {self.id}: URL {self.url!r} is not site-relative")
        if self.approximate_radius_m is not None and self.approximate_radius_m <= 0:
            raise ValueError(f"facility {self.id}: radius must be positive")

    @property
    def is_exact(self) -> bool:
        return self.precision == Precision.EXACT

    def area_radius_m(self) -> int | None:
        """Radius of the area to draw, or ``None`` for an exact point or no known radius.

        Province-level and unlocated facilities have no radius unless one is given: a circle
        the size of a province tells a reader nothing, so they are left off the map.
        """
        if self.is_exact:
            return None
        if self.approximate_radius_m is not None:
            return self.approximate_radius_m
        return APPROXIMATE_RADIUS_M.get(Precision(self.precision))

    @property
    def mappable(self) -> bool:
        """Whether the point can be drawn: exact, or approximate with a known radius."""
        return self.is_exact or self.area_radius_m() is not None


@dataclass(frozen=True)
class MapCell:
    """A count of facilities drawn as one mark, for a map too big to draw one by one.

    ``precision`` ``exact`` is a square of the server's grid (drawn at its members' mean
    position); an approximate precision is one shared town/county/city centre, drawn with its
    area like a single approximate facility, so a count never reads as an address either.
    """

    lat: float
    lon: float
    count: int
    precision: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "precision", Precision(self.precision))
        if self.count <= 0:
            raise ValueError("a map cell counts at least one facility")

    def area_radius_m(self) -> int | None:
        """The area drawn around an approximate cell; ``None`` for a grid square."""
        if self.precision == Precision.EXACT:
            return None
        return APPROXIMATE_RADIUS_M.get(Precision(self.precision))


def unmappable(points: list[MapPoint]) -> list[MapPoint]:
    """The points a map leaves off (province-level or unlocated); list them in text instead."""
    return [point for point in points if not point.mappable]
