"""folium maps for search results, regions and single facilities, served from ``static/``.

See ``build`` for the three map builders, ``points`` for what they draw, ``tiles`` for the
tile server configuration and ``assets`` for the vendored Leaflet files.

May import ``portal.domain`` and ``portal.geo`` only: maps are built from plain ``MapPoint`` values.
"""

from portal.maps.assets import LocalMap, LocalMarkerCluster, StaticUrl, vendored_paths
from portal.maps.build import facility_map, layer_data, region_map, results_map, with_nonce
from portal.maps.points import APPROXIMATE_RADIUS_M, MapCell, MapLabels, MapPoint, unmappable
from portal.maps.tiles import OSM_TILES, TileConfig

__all__ = [
    "APPROXIMATE_RADIUS_M",
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
