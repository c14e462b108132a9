"""Small folium elements that keep imported text inert.

folium's ``Popup`` wraps its HTML in a JavaScript template literal handed to jQuery, and its
``Tooltip`` pastes text into a template literal unescaped: a facility name containing
``<img onerror=…>``, a backtick or ``${…}`` would run as script. These elements pass their
content as JSON literals (``js_value`` also escapes ``<``, ``>``, ``&`` and ``'``, so it cannot
close the ``<script>``) of plain text, and ``static/js/map-layer.js`` builds popups and tooltips
from DOM nodes (``textContent``) for Leaflet's ``bindPopup``/``bindTooltip`` — which also means
the maps need no jQuery.

branca compiles every element's rendered script *again* as a Jinja template, so a ``{{``,
``{%`` or ``{#`` inside a value would run on the server (``{{7*7}}`` became ``49``, and worse).
``js_value`` therefore also writes ``{`` and ``}`` inside strings as ``\u007b``/``\u007d``:
JSON's own braces are never followed by ``{``, ``%`` or ``#``, so its output holds no Jinja
delimiter at all, whatever the data.
"""

import json
import re

from folium.elements import JSCSSMixin, MacroElement
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


class FacilityLayer(JSCSSMixin, MacroElement):
    """Draw many facilities from one compact JSON value instead of one folium element each.

    folium renders a template per marker, popup and tooltip (2,000 facilities: ~2.8 s, 2.3 MB);
    even one record per facility with its popup as HTML made 280 points 151 KB. Here the map
    carries ``data`` as built by ``portal.maps.build.layer_data`` (points as short arrays,
    labels and statuses once) and ``static/js/map-layer.js``, cached by the browser, builds the
    markers, and builds each popup and tooltip from DOM nodes when it opens: no imported text
    is ever parsed as HTML. Exact points become ``L.marker`` pins and approximate ones an
    ``L.circleMarker`` dot, both added to the parent (a MarkerCluster gets them in one
    ``addLayers`` call); areas become non-interactive ``L.circle``s on ``areas_target``; cells
    (server-side counts) go on the map itself.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        CareFinderMap.draw({{ this.map_name }},
            {{ this._parent.get_name() }}, {{ this.areas_target.get_name() }},
            {{ this.data_js }}, {{ this.centre_js }}, {{ this.area_js }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict[str, object],
        *,
        script_url: str,
        map_name: str,
        areas_target: MacroElement,
        centre_style: dict[str, object],
        area_style: dict[str, object],
    ) -> None:
        super().__init__()
        self._name = "FacilityLayer"
        self.default_js = [("carefinder_map_layer", script_url)]
        self.map_name = map_name
        self.data_js = js_value(data)
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
