"""How heavy and how slow the folium maps are.

Prints the size of the map document for 20 / 200 / 2,000 facilities (raw and gzipped), the
size of the vendored Leaflet files it loads, and the median build time.
Run: ``.venv/bin/python benchmarks/map_page.py``.
"""

import gzip
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from portal.maps import (  # noqa: E402
    MapLabels,
    MapPoint,
    facility_map,
    results_map,
    vendored_paths,
)

LABELS = MapLabels(
    title="机构地图", kind="类型", status="状态", details="查看详情", approximate="位置为大致范围"
)
# In the plans most projects are located only to a county or town, so most points are areas.
PRECISIONS = ["exact"] * 3 + ["town"] * 3 + ["county"] * 4


def sample_points(count: int, seed: int = 1) -> list[MapPoint]:
    """Synthetic facilities spread over Zhejiang, sharing centroids as real imports do."""
    rng = random.Random(seed)
    centroids = [(rng.uniform(27.2, 30.9), rng.uniform(118.1, 122.3)) for _ in range(60)]
    points = []
    for i in range(count):
        precision = rng.choice(PRECISIONS)
        lat, lon = rng.choice(centroids)
        if precision == "exact":
            lat, lon = lat + rng.uniform(-0.1, 0.1), lon + rng.uniform(-0.1, 0.1)
        points.append(
            MapPoint(
                id=i,
                name=f"某县第{i}号中心敬老院迁建工程",
                kind_label="养老机构",
                status_label="在建",
                url=f"/facilities/{i}",
                lat=lat,
                lon=lon,
                precision=precision,
            )
        )
    return points


def static_url(path: str) -> str:
    return f"/static/{path}"


def main() -> None:
    print(f"{'points':>7} {'html bytes':>11} {'gzip':>9} {'p50 build':>10}")
    for count, runs in [(20, 15), (200, 7), (2000, 3)]:
        points = sample_points(count)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            html = results_map(points, static_url=static_url, labels=LABELS)
            times.append(time.perf_counter() - start)
        raw = html.encode()
        print(
            f"{count:>7} {len(raw):>11,} {len(gzip.compress(raw, 9)):>9,} "
            f"{statistics.median(times) * 1000:>8.1f}ms"
        )
    single = facility_map(sample_points(1)[0], static_url=static_url, labels=LABELS).encode()
    print(f"{'1 (facility page)':>7} {len(single):>11,} {len(gzip.compress(single, 9)):>9,}")
    print(f"\n{'vendored file':<58} {'bytes':>9} {'gzip':>8}")
    for clustered in (True, False):
        total_raw = total_gz = 0
        for path in vendored_paths(clustered=clustered):
            data = (REPO / "static" / path).read_bytes()
            gz = len(gzip.compress(data, 9))
            total_raw, total_gz = total_raw + len(data), total_gz + gz
            if clustered:
                print(f"{path:<58} {len(data):>9,} {gz:>8,}")
        what = "results/region map" if clustered else "facility map"
        print(f"{'JS+CSS a ' + what + ' loads':<58} {total_raw:>9,} {total_gz:>8,}")


if __name__ == "__main__":
    main()
