"""Maps as pages of their own (embedded by ``<iframe>``): facilities → folium via portal.maps.

A map document carries folium's global ``html, body`` CSS and inline scripts, so it never
shares a page with the portal's layout.
"""

from collections.abc import Iterable, Sequence

from flask import Response, current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal import maps
from portal.core.i18n import html_lang
from portal.domain.labels import KIND_LABELS, label
from portal.facilities.status_text import dated_status
from portal.maps import (
    Bounds,
    MapCell,
    MapLabels,
    MapPoint,
    TileConfig,
)
from portal.models import Facility

# Inline scripts are folium's; the iframe route alone allows them.
MAP_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: {tiles}; connect-src 'self'; frame-ancestors 'self'"
)


def map_labels(note: str = "") -> MapLabels:
    return MapLabels(
        title=_("Map"),
        kind=_("Type"),
        status=_("Status"),
        details=_("Details"),
        approximate=_("Approximate location"),
        lang=html_lang(),
        zoom_in=_("Zoom in"),
        zoom_out=_("Zoom out"),
        note=note,
        elder=request.cookies.get("elder") == "1",
        cell=_("Projects around here"),
        cell_area=_("Projects located only to this area"),
        list_link=_("See them in the list"),
    )


def results_note(drawn: int, matches: int, total: int, limit: int) -> str:
    """What the results map says about itself: all the matches, or how many and why not all."""
    parts = []
    if matches < total:
        parts.append(
            _(
                "Showing the first %(shown)s of %(total)s matches (the map stops at %(limit)s): "
                "narrow the search to see the rest.",
                shown=matches,
                total=total,
                limit=limit,
            )
        )
    else:
        parts.append(
            ngettext(
                "All %(num)d match of this search.", "All %(num)d matches of this search.", total
            )
        )
    if drawn < matches:
        missing = matches - drawn
        parts.append(
            ngettext(
                "%(num)d has no known location and is not drawn.",
                "%(num)d have no known location and are not drawn.",
                missing,
            )
        )
    return " ".join(parts)


def to_point(facility: Facility) -> MapPoint | None:
    if facility.lat is None or facility.lon is None:
        return None
    return MapPoint(
        id=facility.id,
        name=facility.name,
        kind_label=label(KIND_LABELS, facility.kind),
        status_label=dated_status(facility).text,  # what the plan said, and when
        url=url_for("facilities.show", facility_id=facility.id),
        lat=facility.lat,
        lon=facility.lon,
        precision=str(facility.precision),
    )


def _points(facilities: Iterable[Facility]) -> list[MapPoint]:
    return [p for p in map(to_point, facilities) if p is not None]


def _static_url(path: str) -> str:
    return url_for("static", filename=path)


def _tiles() -> TileConfig:
    return TileConfig.from_config(current_app.config)


def map_response(html: str) -> Response:
    """A map document as a response, with the map's own Content-Security-Policy."""
    tiles = _tiles()
    origin = tiles.url.split("/{", 1)[0].replace("{s}.", "*.")
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = MAP_CSP.format(tiles=origin)
    return response


def results_map_html(facilities: list[Facility], total: int, limit: int) -> Response:
    """Every match of a search on one map, with a note saying how many are drawn and why."""
    points = _points(facilities)
    drawn = sum(1 for p in points if p.mappable)
    labels = map_labels(results_note(drawn, len(facilities), total, limit))
    html = maps.results_map(points, static_url=_static_url, labels=labels, tiles=_tiles())
    return map_response(html)


def facility_map_html(facility: Facility) -> Response:
    point = to_point(facility)
    if point is None or not point.mappable:
        return Response(_("This facility has no location to map."), status=404)
    html = maps.facility_map(point, static_url=_static_url, labels=map_labels(), tiles=_tiles())
    return map_response(html)


def region_map_html(
    facilities: Iterable[Facility],
    bounds: Bounds,
    *,
    cells: Sequence[MapCell] = (),
    list_url: str | None = None,
    note: str = "",
) -> str:
    """A city's or county's map document (the HTML; the caller caches it and answers with
    ``map_response``): its facilities one by one, or ``cells`` counting them when too many."""
    return maps.region_map(
        _points(facilities),
        bounds,
        cells=cells,
        list_url=list_url,
        static_url=_static_url,
        labels=map_labels(note),
        tiles=_tiles(),
    )
