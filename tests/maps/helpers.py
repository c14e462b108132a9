"""Shared values for the map tests: real project names from the plans, and a static URL maker."""

from pathlib import Path

from portal.maps import MapLabels, MapPoint

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "static"
PLANS = REPO / "data" / "plans"

LABELS = MapLabels(
    title="机构地图",
    kind="类型",
    status="状态",
    details="查看详情",
    approximate="位置为大致范围",
)
HOSTILE = "<img src=x onerror=alert(1)>`${alert(2)}`</script><script>alert(3)</script>\\"


def static_url(path: str) -> str:
    """What ``url_for("static", filename=path)`` returns for the default static route."""
    return f"/static/{path}"


def point(
    id: int,
    name: str,
    precision: str = "exact",
    lat: float = 28.4517,
    lon: float = 119.9143,
    radius: int | None = None,
) -> MapPoint:
    return MapPoint(
        id=id,
        name=name,
        kind_label="养老机构",
        status_label="在建",
        url=f"/facilities/{id}",
        lat=lat,
        lon=lon,
        precision=precision,
        approximate_radius_m=radius,
    )
