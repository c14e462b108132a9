"""Benchmark ``portal.geo.distance.nearest`` over 100,000 random points.

The points are generated here (never stored): uniform over a box covering Zhejiang, Jiangxi and
Jiangsu. For 5/20/50 km radii it prints p50/p95 of one ``nearest`` call from random origins
inside the box and the median number of points returned.

    .venv/bin/python benchmarks/near_me.py [--points 100000] [--queries 50]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.geo.distance import nearest  # noqa: E402
from portal.geo.gazetteer import GAZETTEER_CSV, LOCAL_PLACES_CSV, Gazetteer  # noqa: E402

# lat 24.5–35.2, lon 113.5–122.9: Jiangxi's south-west corner to Jiangsu's north and the coast.
BOX = (24.5, 113.5, 35.2, 122.9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(2024)
    min_lat, min_lon, max_lat, max_lon = BOX
    points = [
        (i, rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon))
        for i in range(args.points)
    ]
    loads = []
    for _ in range(5):
        started = time.perf_counter()
        Gazetteer.from_csv(GAZETTEER_CSV, LOCAL_PLACES_CSV)
        loads.append((time.perf_counter() - started) * 1000)
    print(f"gazetteer load: median {statistics.median(loads):.0f} ms, best {min(loads):.0f} ms")
    print(f"{args.points} points, {args.queries} queries per radius")
    print(f"{'radius':>7} {'p50 ms':>8} {'p95 ms':>8} {'returned (median)':>18}")
    for radius in (5, 20, 50):
        timings, counts = [], []
        for _ in range(args.queries):
            origin = (rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon))
            started = time.perf_counter()
            found = nearest(origin, points, radius_km=radius)
            timings.append((time.perf_counter() - started) * 1000)
            counts.append(len(found))
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(
            f"{radius:>5}km {statistics.median(timings):>8.1f} {p95:>8.1f} "
            f"{statistics.median(counts):>18.0f}"
        )


if __name__ == "__main__":
    main()
