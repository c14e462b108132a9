"""Build the portal's maps as complete HTML documents, each served in its own ``<iframe>``.

folium's output carries global ``html, body`` CSS and inline scripts, so it never goes into a
portal page directly. Exact locations are pins; a location known only to a town, county or
city is a translucent circle of that rough size plus a small dot at its centre, so nobody
mistakes a county centroid for an address (DESIGN.md, "Honest data").
"""

import math
import re
from collections.abc import Sequence

import folium
from branca.element import Figure, MacroElement
from markupsafe import escape

from portal.maps.assets import LocalMap, LocalMarkerCluster, StaticUrl
from portal.maps.elements import FacilityLayer, MapChrome
from portal.maps.points import MapLabels, MapPoint
from portal.maps.tiles import OSM_TILES, TileConfig

MAP_CSS = "css/map.css"  # the portal's own look of the map controls (static/)
Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))

# Leaflet path options. Dark outlines on a light orange fill: the dot stays visible on both
# OSM's pale land and its blue water; the dashed area edge reads as "roughly here".
CENTRE_STYLE = {
    "radius": 6,
    "color": "#5c3200",
    "weight": 2,
    "fillColor": "#ffb000",
    "fillOpacity": 1.0,
}
AREA_STYLE = {
    "color": "#8a4b00",
    "weight": 1,
    "dashArray": "4 4",
    "fillColor": "#ffb000",
    "fillOpacity": 0.15,
    # Clicks fall through to the pins and dots, whose popups explain the area.
    "interactive": False,
}
FIT_MAX_ZOOM = 15  # a single pin should not open at street-corner zoom
FACILITY_ZOOM = 16
_METRES_PER_DEGREE = 111_320.0
_NONCE = re.compile(r"[A-Za-z0-9+/_=-]+")
_OPENING_TAG = re.compile(r"<(script|style)(?=[\s>])")


def results_map(
    points: Sequence[MapPoint],
    *,
    static_url: StaticUrl,
    labels: MapLabels,
    tiles: TileConfig = OSM_TILES,
    csp_nonce: str | None = None,
) -> str:
    """A clustered map of search results, fitted to the points drawn.

    Points without a drawable location (see ``MapPoint.mappable``) are left off; list them
    with ``unmappable``. With nothing to draw the map shows the whole world.
    """
    return _clustered_map(points, None, static_url, labels, tiles, csp_nonce)


def region_map(
    points: Sequence[MapPoint],
    bounds: Bounds,
    *,
    static_url: StaticUrl,
    labels: MapLabels,
    tiles: TileConfig = OSM_TILES,
    csp_nonce: str | None = None,
) -> str:
    """A clustered map for a city or county page, fitted to the region's WGS-84 ``bounds``."""
    return _clustered_map(points, bounds, static_url, labels, tiles, csp_nonce)


def facility_map(
    point: MapPoint,
    *,
    static_url: StaticUrl,
    labels: MapLabels,
    tiles: TileConfig = OSM_TILES,
    csp_nonce: str | None = None,
) -> str:
    """A map of one facility: a pin, or its approximate area when the location is vague.

    :raise ValueError: if the point is not mappable (province-level or unlocated).
    """
    if not point.mappable:
        raise ValueError(f"facility {point.id} has no location precise enough to map")
    location = tiles.to_tile_datum(point.lat, point.lon)
    fmap = _new_map(static_url, labels, tiles, location=location, zoom_start=FACILITY_ZOOM)
    extents = _add_facilities(fmap, fmap, [point], labels, tiles)
    if not point.is_exact:
        fmap.fit_bounds(_union(extents))
    return _render(fmap, labels, csp_nonce)


def _clustered_map(
    points: Sequence[MapPoint],
    bounds: Bounds | None,
    static_url: StaticUrl,
    labels: MapLabels,
    tiles: TileConfig,
    csp_nonce: str | None,
) -> str:
    fmap = _new_map(static_url, labels, tiles)
    areas = folium.FeatureGroup(name="areas", control=False).add_to(fmap)
    cluster = LocalMarkerCluster(static_url, control=False).add_to(fmap)
    extents = _add_facilities(cluster, areas, points, labels, tiles)
    if bounds is not None:
        (south, west), (north, east) = bounds
        extents = [(tiles.to_tile_datum(south, west), tiles.to_tile_datum(north, east))]
    if extents:
        fmap.fit_bounds(_union(extents), max_zoom=FIT_MAX_ZOOM)
    return _render(fmap, labels, csp_nonce)


def _add_facilities(
    target: MacroElement,
    areas_target: MacroElement,
    points: Sequence[MapPoint],
    labels: MapLabels,
    tiles: TileConfig,
) -> list[Bounds]:
    """Add the mappable ``points`` to ``target``; return the extents drawn, in tile datum."""
    records: list[dict[str, object]] = []
    areas: dict[tuple[float, float, int], dict[str, object]] = {}
    extents: list[Bounds] = []
    for point in points:
        if not point.mappable:
            continue
        lat, lon = tiles.to_tile_datum(point.lat, point.lon)
        radius = point.area_radius_m()
        records.append(
            {
                "at": [lat, lon],
                "name": point.name,  # Leaflet sets it as the pin's alt property, not HTML
                "popup": str(point.popup_html(labels)),
                "tooltip": str(escape(point.tooltip_text(labels))),
                "area": radius is not None,
            }
        )
        if radius is None:
            extents.append(((lat, lon), (lat, lon)))
        elif (lat, lon, radius) not in areas:
            # Many facilities share one county centroid; identical translucent circles
            # stacked on each other would only darken, so each area is drawn once.
            areas[(lat, lon, radius)] = {"at": [lat, lon], "radius": radius}
            extents.append(_circle_bounds(lat, lon, radius))
    if records:
        FacilityLayer(
            records,
            list(areas.values()),
            areas_target=areas_target,
            centre_style=CENTRE_STYLE,
            area_style=AREA_STYLE,
        ).add_to(target)
    return extents


def _new_map(
    static_url: StaticUrl, labels: MapLabels, tiles: TileConfig, **kwargs: object
) -> LocalMap:
    fmap = LocalMap(static_url, max_zoom=tiles.max_zoom, control_scale=False, **kwargs)
    tiles.tile_layer().add_to(fmap)
    MapChrome(
        css_url=static_url(MAP_CSS),
        zoom_in=labels.zoom_in,
        zoom_out=labels.zoom_out,
        note=labels.note,
        elder=labels.elder,
    ).add_to(fmap)
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    # branca writes the title into <title> unescaped.
    figure.title = str(escape(labels.title))
    return fmap


def _circle_bounds(lat: float, lon: float, radius_m: int) -> Bounds:
    dlat = radius_m / _METRES_PER_DEGREE
    dlon = radius_m / (_METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return (lat - dlat, lon - dlon), (lat + dlat, lon + dlon)


def _union(extents: list[Bounds]) -> list[list[float]]:
    return [
        [min(b[0][0] for b in extents), min(b[0][1] for b in extents)],
        [max(b[1][0] for b in extents), max(b[1][1] for b in extents)],
    ]


def _render(fmap: LocalMap, labels: MapLabels, csp_nonce: str | None) -> str:
    html = fmap.get_root().render()
    html = html.replace("<html>", f'<html lang="{escape(labels.lang)}">', 1)
    if csp_nonce is not None:
        html = with_nonce(html, csp_nonce)
    return html


def with_nonce(html: str, nonce: str) -> str:
    """Add ``nonce="…"`` to every ``<script>`` and ``<style>`` tag of a rendered map.

    Safe to do textually because no imported text reaches the page unescaped (a literal
    ``<script`` can only be ours). :raise ValueError: if ``nonce`` is not base64/base64url.
    """
    if not _NONCE.fullmatch(nonce):
        raise ValueError("a CSP nonce must be base64 or base64url text")
    return _OPENING_TAG.sub(rf'<\1 nonce="{nonce}"', html)
