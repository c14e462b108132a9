"""folium maps for search results, regions and single facilities, served from ``static/``.

See ``build`` for the three map builders, ``points`` for what they draw, ``tiles`` for the
tile server configuration and ``assets`` for the vendored Leaflet files.

May import ``portal.domain`` and ``portal.geo`` only: maps are built from plain ``MapPoint`` values.
"""

import importlib
from typing import TYPE_CHECKING, Any

from portal.maps.points import (
    APPROXIMATE_RADIUS_M,
    Bounds,
    MapCell,
    MapLabels,
    MapPoint,
    unmappable,
)
from portal.maps.tiles import OSM_TILES, TileConfig

if TYPE_CHECKING:
    from portal.maps.assets import LocalMap, LocalMarkerCluster, StaticUrl, vendored_paths
    from portal.maps.build import facility_map, layer_data, region_map, results_map, with_nonce

# What needs folium is imported on first use (PEP 562): folium and branca cost ~0.2 s of
# every server start, and most processes (the CLI, a worker that serves no map yet) never
# draw a map.
_LAZY = {
    "LocalMap": "assets",
    "LocalMarkerCluster": "assets",
    "StaticUrl": "assets",
    "vendored_paths": "assets",
    "facility_map": "build",
    "layer_data": "build",
    "region_map": "build",
    "results_map": "build",
    "with_nonce": "build",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"portal.maps.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


__all__ = [
    "APPROXIMATE_RADIUS_M",
    "Bounds",
    "OSM_TILES",
    "LocalMap",
    "LocalMarkerCluster",
    "MapCell",
    "MapLabels",
    "MapPoint",
    "StaticUrl",
    "TileConfig",
    "facility_map",
    "layer_data",
    "region_map",
    "results_map",
    "unmappable",
    "vendored_paths",
    "with_nonce",
]
