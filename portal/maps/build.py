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
from portal.maps.points import Bounds, MapCell, MapLabels, MapPoint
from portal.maps.tiles import OSM_TILES, TileConfig

MAP_CSS = "css/map.css"  # the portal's own look of the map controls (static/)
LAYER_JS = "js/map-layer.js"  # draws the compact data layer (static/)

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
    return _clustered_map(points, (), None, None, static_url, labels, tiles, csp_nonce)


def region_map(
    points: Sequence[MapPoint],
    bounds: Bounds,
    *,
    static_url: StaticUrl,
    labels: MapLabels,
    cells: Sequence[MapCell] = (),
    list_url: str | None = None,
    tiles: TileConfig = OSM_TILES,
    csp_nonce: str | None = None,
) -> str:
    """A clustered map for a city or county page, fitted to the region's WGS-84 ``bounds``.

    ``cells`` are server-side counts drawn instead of facilities when a place has too many to
    draw one by one; each links to ``list_url`` (a site-relative URL of their list).
    """
    return _clustered_map(points, cells, list_url, bounds, static_url, labels, tiles, csp_nonce)


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
    extents = _add_layer(fmap, fmap, fmap, [point], (), None, static_url, labels, tiles)
    if not point.is_exact:
        fmap.fit_bounds(_union(extents))
    return _render(fmap, labels, csp_nonce)


def _clustered_map(
    points: Sequence[MapPoint],
    cells: Sequence[MapCell],
    list_url: str | None,
    bounds: Bounds | None,
    static_url: StaticUrl,
    labels: MapLabels,
    tiles: TileConfig,
    csp_nonce: str | None,
) -> str:
    fmap = _new_map(static_url, labels, tiles)
    areas = folium.FeatureGroup(name="areas", control=False).add_to(fmap)
    cluster = LocalMarkerCluster(static_url, control=False).add_to(fmap)
    extents = _add_layer(fmap, cluster, areas, points, cells, list_url, static_url, labels, tiles)
    if bounds is not None:
        (south, west), (north, east) = bounds
        extents = [(tiles.to_tile_datum(south, west), tiles.to_tile_datum(north, east))]
    if extents:
        fmap.fit_bounds(_union(extents), max_zoom=FIT_MAX_ZOOM)
    return _render(fmap, labels, csp_nonce)


def layer_data(
    points: Sequence[MapPoint],
    cells: Sequence[MapCell],
    labels: MapLabels,
    tiles: TileConfig = OSM_TILES,
    list_url: str | None = None,
) -> tuple[dict[str, object], list[Bounds]]:
    """The compact data layer ``static/js/map-layer.js`` draws, and the extents it covers.

    Each mappable point is ``[id, name, lat, lon, kind, status, radius]`` (kind and status
    index the lists of distinct labels; radius 0 is an exact pin), plus its URL only when it
    is not the shared prefix followed by its id. Each distinct approximate area is
    ``[lat, lon, radius]`` once; each cell ``[lat, lon, count, radius]``. Coordinates are in
    the tile datum, rounded to 5 decimals (about a metre).
    """
    kinds: dict[str, int] = {}
    statuses: dict[str, int] = {}
    records: list[list[object]] = []
    areas: dict[tuple[float, float, int], list[object]] = {}
    extents: list[Bounds] = []
    drawn = [p for p in points if p.mappable]
    prefix = _url_prefix(drawn[0]) if drawn else ""
    for point in drawn:
        lat, lon = _rounded(tiles.to_tile_datum(point.lat, point.lon))
        radius = point.area_radius_m()
        record: list[object] = [
            point.id,
            point.name,  # text: the script sets it with textContent, never as HTML
            lat,
            lon,
            kinds.setdefault(point.kind_label, len(kinds)),
            statuses.setdefault(point.status_label, len(statuses)),
            radius or 0,
        ]
        if point.url != f"{prefix}{point.id}":
            record.append(point.url)
        records.append(record)
        if radius is None:
            extents.append(((lat, lon), (lat, lon)))
        elif (lat, lon, radius) not in areas:
            # Many facilities share one county centroid; identical translucent circles
            # stacked on each other would only darken, so each area is drawn once.
            areas[(lat, lon, radius)] = [lat, lon, radius]
            extents.append(_circle_bounds(lat, lon, radius))
    cell_rows: list[list[object]] = []
    for cell in cells:
        lat, lon = _rounded(tiles.to_tile_datum(cell.lat, cell.lon))
        radius = cell.area_radius_m()
        cell_rows.append([lat, lon, cell.count, radius or 0])
        extents.append(_circle_bounds(lat, lon, radius) if radius else ((lat, lon), (lat, lon)))
    data: dict[str, object] = {
        "labels": {
            "kind": labels.kind,
            "status": labels.status,
            "details": labels.details,
            "approximate": labels.approximate,
            "cell": labels.cell,
            "cellArea": labels.cell_area,
            "list": labels.list_link,
        },
        "url": prefix,
        "kinds": list(kinds),
        "statuses": list(statuses),
        "points": records,
        "areas": list(areas.values()),
        "cells": cell_rows,
        "listUrl": list_url,
    }
    return data, extents


def _url_prefix(point: MapPoint) -> str:
    ident = str(point.id)
    return point.url[: -len(ident)] if point.url.endswith(ident) else point.url


def _rounded(at: tuple[float, float]) -> tuple[float, float]:
    return round(at[0], 5), round(at[1], 5)


def _add_layer(
    fmap: LocalMap,
    target: MacroElement,
    areas_target: MacroElement,
    points: Sequence[MapPoint],
    cells: Sequence[MapCell],
    list_url: str | None,
    static_url: StaticUrl,
    labels: MapLabels,
    tiles: TileConfig,
) -> list[Bounds]:
    """Add the compact layer of ``points`` and ``cells``; return the extents drawn."""
    if list_url is not None and (not list_url.startswith("/") or list_url.startswith("//")):
        raise ValueError(f"list URL {list_url!r} is not site-relative")
    data, extents = layer_data(points, cells, labels, tiles, list_url)
    if data["points"] or data["cells"]:
        FacilityLayer(
            data,
            script_url=static_url(LAYER_JS),
            map_name=fmap.get_name(),
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
