"""folium maps that load Leaflet and MarkerCluster from our own ``static/vendor/``.

folium's ``Map`` and ``MarkerCluster`` point at CDNs (and also pull jQuery, Bootstrap,
Font Awesome and awesome-markers, none of which our maps use). The subclasses below set
``default_js``/``default_css`` on the *instance*, so folium's class lists stay untouched for
anyone else in the process (``add_js_link`` would rewrite them for every map).
"""

from collections.abc import Callable

import folium
from folium.plugins import MarkerCluster

from portal.maps.elements import DefaultIconPath

StaticUrl = Callable[[str], str]
"""Turns a path under ``static/`` into a URL, e.g. ``partial(url_for, "static")`` wrapped."""

LEAFLET_DIR = "vendor/leaflet-1.9.3"
CLUSTER_DIR = "vendor/leaflet.markercluster-1.1.0"

MAP_JS = (("leaflet", f"{LEAFLET_DIR}/leaflet.js"),)
MAP_CSS = (("leaflet_css", f"{LEAFLET_DIR}/leaflet.css"),)
CLUSTER_JS = (("markerclusterjs", f"{CLUSTER_DIR}/leaflet.markercluster.js"),)
CLUSTER_CSS = (
    ("markerclustercss", f"{CLUSTER_DIR}/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{CLUSTER_DIR}/MarkerCluster.Default.css"),
)
# Images that leaflet.css and L.Icon.Default load (relative to the CSS file / imagePath).
LEAFLET_IMAGES = tuple(
    f"{LEAFLET_DIR}/images/{name}"
    for name in (
        "marker-icon.png",
        "marker-icon-2x.png",
        "marker-shadow.png",
        "layers.png",
        "layers-2x.png",
    )
)


def vendored_paths(*, clustered: bool) -> list[str]:
    """Paths under ``static/`` of the scripts and stylesheets a map loads (not the images)."""
    pairs = MAP_JS + MAP_CSS + ((CLUSTER_JS + CLUSTER_CSS) if clustered else ())
    return [path for _, path in pairs]


class LocalMap(folium.Map):
    """A ``folium.Map`` whose Leaflet files and default marker images come from ``static/``.

    Takes ``static_url`` plus any ``folium.Map`` keyword; ``tiles`` defaults to none so the
    caller adds the configured tile layer.
    """

    def __init__(self, static_url: StaticUrl, **kwargs: object) -> None:
        kwargs.setdefault("tiles", None)
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.default_js = [(name, static_url(path)) for name, path in MAP_JS]
        self.default_css = [(name, static_url(path)) for name, path in MAP_CSS]
        # Leaflet would guess the icon folder from leaflet.css; state it so a bundled or
        # fingerprinted stylesheet cannot break the pins.
        icon_url = static_url(LEAFLET_IMAGES[0])
        self.add_child(DefaultIconPath(icon_url.rsplit("/", 1)[0] + "/"))


class LocalMarkerCluster(MarkerCluster):
    """A ``MarkerCluster`` whose script and stylesheets come from ``static/``."""

    def __init__(self, static_url: StaticUrl, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.default_js = [(name, static_url(path)) for name, path in CLUSTER_JS]
        self.default_css = [(name, static_url(path)) for name, path in CLUSTER_CSS]
