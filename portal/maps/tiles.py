"""Which tile server the maps draw on, and which datum its tiles are drawn in.

The tile server is configuration (DESIGN.md, principle 4): OpenStreetMap by default, any XYZ
server (a self-hosted one, AutoNavi …) otherwise. Our coordinates are always WGS-84; tiles drawn
in GCJ-02 (most Chinese providers) need every coordinate shifted, or markers land ~500 m off.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from markupsafe import escape

if TYPE_CHECKING:
    import folium

Datum = Literal["wgs84", "gcj02"]


@dataclass(frozen=True)
class TileConfig:
    """An XYZ tile server.

    ``url`` is a Leaflet URL template (``{z}/{x}/{y}``, optionally ``{s}`` with ``subdomains``);
    ``attribution`` is plain text and is shown escaped; ``datum`` says which datum the tiles are
    drawn in. Raises ``ValueError`` for an unknown datum, a URL without ``{z}``/``{x}``/``{y}``
    or a ``max_zoom`` outside 1–22.
    """

    url: str
    attribution: str
    datum: Datum = "wgs84"
    max_zoom: int = 19
    subdomains: str = "abc"

    def __post_init__(self) -> None:
        if self.datum not in ("wgs84", "gcj02"):
            raise ValueError(f"unknown tile datum {self.datum!r}: use 'wgs84' or 'gcj02'")
        if not all(part in self.url for part in ("{z}", "{x}", "{y}")):
            raise ValueError(f"tile URL {self.url!r} lacks {{z}}, {{x}} or {{y}}")
        if not 1 <= self.max_zoom <= 22:
            raise ValueError(f"max_zoom {self.max_zoom} is outside 1–22")
        if not self.attribution.strip():
            raise ValueError("tile servers require an attribution")

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "TileConfig":
        """Read ``MAP_TILES_URL``, ``_ATTRIBUTION``, ``_DATUM`` and optional ``_MAX_ZOOM`` /
        ``_SUBDOMAINS`` from an app config. :raise KeyError: if URL or attribution is missing.
        """
        return cls(
            url=config["MAP_TILES_URL"],
            attribution=config["MAP_TILES_ATTRIBUTION"],
            datum=config.get("MAP_TILES_DATUM", "wgs84"),
            max_zoom=int(config.get("MAP_TILES_MAX_ZOOM", 19)),
            subdomains=config.get("MAP_TILES_SUBDOMAINS", "abc"),
        )

    def to_tile_datum(self, lat: float, lon: float) -> tuple[float, float]:
        """Return a WGS-84 point in the datum the tiles are drawn in."""
        if self.datum == "wgs84":
            return lat, lon
        # Imported here so that OSM-only deployments never need the conversion module.
        from portal.geo.coords import wgs84_to_gcj02

        return wgs84_to_gcj02(lat, lon)

    def tile_layer(self) -> "folium.TileLayer":
        """A folium tile layer for this server (the attribution is HTML-escaped)."""
        import folium  # only where a map is drawn: folium costs ~0.2 s of every start

        return folium.TileLayer(
            tiles=self.url,
            attr=str(escape(self.attribution)),
            max_zoom=self.max_zoom,
            max_native_zoom=self.max_zoom,
            subdomains=self.subdomains,
        )


OSM_TILES = TileConfig(
    url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    attribution="© OpenStreetMap contributors",
    datum="wgs84",
    max_zoom=19,
)
