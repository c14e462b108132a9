"""Small folium elements that keep imported text inert.

folium's ``Popup`` wraps its HTML in a JavaScript template literal handed to jQuery, and its
``Tooltip`` pastes text into a template literal unescaped: a facility name containing
``<img onerror=…>``, a backtick or ``${…}`` would run as script. These elements pass their
content as JSON literals (``js_value`` also escapes ``<``, ``>``, ``&`` and ``'``, so it cannot
close the ``<script>``) of escaped HTML, and Leaflet's ``bindPopup``/``bindTooltip`` take the
strings directly — which also means the maps need no jQuery.

branca compiles every element's rendered script *again* as a Jinja template, so a ``{{``,
``{%`` or ``{#`` inside a value would run on the server (``{{7*7}}`` became ``49``, and worse).
``js_value`` therefore also writes ``{`` and ``}`` inside strings as ``\u007b``/``\u007d``:
JSON's own braces are never followed by ``{``, ``%`` or ``#``, so its output holds no Jinja
delimiter at all, whatever the data.
"""

import json
import re

from folium.elements import MacroElement
from folium.template import Template
from markupsafe import escape

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JINJA_DELIMITER = re.compile(r"\{[{%#]")


def _escape_braces(match: re.Match[str]) -> str:
    return match.group(0).replace("{", "\\u007b").replace("}", "\\u007d")


def js_value(value: object) -> str:
    """A JSON value as a JavaScript literal that is safe inside an HTML ``<script>``.

    Unlike jinja's ``tojson`` it keeps CJK characters as they are (``\\uXXXX`` would make
    every Chinese name six times longer); ``<``, ``>``, ``&`` and ``'`` are still escaped,
    so the literal can never close the script element, and braces inside strings are
    escaped, so branca's second template pass finds nothing to evaluate.

    :raise ValueError: if the literal would still hold a Jinja delimiter (it cannot; the
        check keeps a future edit of this function from reopening the hole silently).
    """
    literal = _JSON_STRING.sub(
        _escape_braces, json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    )
    if _JINJA_DELIMITER.search(literal):
        raise ValueError("map data would reach branca's template pass with a Jinja delimiter")
    return (
        literal.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


class FacilityLayer(MacroElement):
    """Draw many facilities from one JSON array instead of one folium element each.

    folium renders a template per marker, popup and tooltip: 2,000 facilities took ~2.8 s
    and 2.3 MB. Here each facility is one record ``{"at": [lat, lon], "name", "popup",
    "tooltip", "area": bool}`` (popup already escaped HTML, tooltip escaped text) and each
    distinct approximate area one ``{"at", "radius"}``; a short script builds the layers.
    Exact points become ``L.marker`` pins, approximate ones an ``L.circleMarker`` dot; both
    go to the parent (a MarkerCluster gets them in one ``addLayers`` call). Areas become
    non-interactive ``L.circle``s on ``areas_target``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (target, areaTarget, points, areas, centreStyle, areaStyle) {
            var layers = points.map(function (p) {
                var layer = p.area ? L.circleMarker(p.at, centreStyle)
                                   : L.marker(p.at, {alt: p.name});
                return layer.bindPopup(p.popup, {maxWidth: 300}).bindTooltip(p.tooltip);
            });
            if (target.addLayers) { target.addLayers(layers); }
            else { layers.forEach(function (layer) { layer.addTo(target); }); }
            areas.forEach(function (a) {
                L.circle(a.at, Object.assign({radius: a.radius}, areaStyle)).addTo(areaTarget);
            });
        })({{ this._parent.get_name() }}, {{ this.areas_target.get_name() }},
           {{ this.points_js }}, {{ this.areas_js }}, {{ this.centre_js }}, {{ this.area_js }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        points: list[dict[str, object]],
        areas: list[dict[str, object]],
        *,
        areas_target: MacroElement,
        centre_style: dict[str, object],
        area_style: dict[str, object],
    ) -> None:
        super().__init__()
        self._name = "FacilityLayer"
        self.points_js = js_value(points)
        self.areas_js = js_value(areas)
        self.centre_js = js_value(centre_style)
        self.area_js = js_value(area_style)
        self.areas_target = areas_target


class DefaultIconPath(MacroElement):
    """Point ``L.Icon.Default`` at our copy of Leaflet's marker images (``path`` ends in /)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.path_js }};
        {% endmacro %}
        """
    )

    def __init__(self, path: str) -> None:
        super().__init__()
        self._name = "DefaultIconPath"
        self.path_js = js_value(path)


class MapChrome(MacroElement):
    """What every portal map wears around the data: no Leaflet flag, translated zoom titles,
    popups kept clear of the controls, a stylesheet for thumb-sized controls, the elder mode,
    and an optional note (how many of the matches the map draws).

    The attribution prefix becomes plain "Leaflet" (its default carries a national flag, not
    for a municipal site); popups pan clear of the zoom control (top left) and the scale and
    attribution (bottom) instead of opening under them.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <link rel="stylesheet" href="{{ this.css_href }}">
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map, titles, note, elder) {
            map.attributionControl.setPrefix("Leaflet");
            if (map.zoomControl) { map.removeControl(map.zoomControl); }
            L.control.zoom({zoomInTitle: titles[0], zoomOutTitle: titles[1]}).addTo(map);
            L.control.scale({imperial: false}).addTo(map);  // one line: clear of the attribution
            if (elder) { document.documentElement.classList.add("elder-mode"); }
            L.Popup.mergeOptions({
                autoPanPaddingTopLeft: L.point(elder ? 76 : 64, elder ? 140 : 108),
                autoPanPaddingBottomRight: L.point(16, 48)
            });
            if (note) {
                var control = L.control({position: "topright"});
                control.onAdd = function () {
                    var box = L.DomUtil.create("div", "cf-map-note leaflet-bar");
                    box.setAttribute("role", "status");
                    box.textContent = note;  // text, never markup
                    return box;
                };
                control.addTo(map);
            }
        })({{ this._parent.get_name() }}, {{ this.titles_js }}, {{ this.note_js }},
           {{ this.elder_js }});
        {% endmacro %}
        """
    )

    def __init__(
        self, *, css_url: str, zoom_in: str, zoom_out: str, note: str, elder: bool
    ) -> None:
        super().__init__()
        self._name = "MapChrome"
        self.css_href = str(escape(css_url))  # our own static URL; escaped all the same
        self.titles_js = js_value([zoom_in, zoom_out])
        self.note_js = js_value(note)
        self.elder_js = js_value(bool(elder))
