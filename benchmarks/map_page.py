"""How heavy and how slow the map documents are, and (``--compare REV``) how they were.

Prints, for 20 / 280 / 2,000 generated facilities with realistic names (丽水市青田县万阜乡
居家养老服务中心, built from the gazetteer's Zhejiang counties and towns) and the dated
status sentences the portal shows, the results map's raw, gzip and brotli bytes and its median
build time; then the static files a map loads. ``--compare main`` builds the same points with
the map library of another git revision (``git archive`` into a temporary folder, run in a
subprocess). ``--city N`` times the city page and map through the app for N generated
facilities in 丽水 (a temporary database, or ``--keep DIR`` to make it once and reuse it;
N ≥ 2,001 shows the server-side counts); with ``--compare``, also the revision's own page and
map on the same database.

Run: ``.venv/bin/python benchmarks/map_page.py [--compare main] [--city 100000 --keep DIR]``.
"""

import argparse
import csv
import gzip
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import brotli

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

LABELS = dict(
    title="机构地图", kind="类型", status="状态", details="查看详情", approximate="位置为大致范围"
)
# In the plans most projects are located only to a county or town, so most points are areas.
PRECISIONS = ["exact"] * 3 + ["town"] * 3 + ["county"] * 4
KINDS = ["居家养老服务中心", "养老院", "托育中心", "日间照料中心", "幼儿园"]
KIND_LABELS = ["居家养老服务中心", "养老机构", "托育机构", "日间照料中心", "幼儿园"]
STATUSES = [
    "《丽水市“一老一小”整体解决方案（2021-2025年）》（2022年）：在建，计划{y}年建成",
    "《丽水市“一老一小”整体解决方案（2021-2025年）》（2022年）：规划中，计划于{y}年前建成；现状请核实",
]
COUNTS = [(20, 9), (280, 7), (2000, 3)]


def gazetteer_places() -> list[tuple[str, float, float]]:
    """(丽水市青田县万阜乡-style prefix, lat, lon) for Zhejiang's towns, at their county's
    centre when the town has none."""
    rows = list(csv.DictReader((REPO / "data/gazetteer/gazetteer.csv").open(encoding="utf-8")))
    by_code = {r["code"]: r for r in rows}
    places = []
    for row in rows:
        county = by_code.get(row["parent_code"])
        if row["level"] != "town" or not county or not county["code"].startswith("33"):
            continue
        city = by_code.get(county["parent_code"])
        lat, lon = row["lat"] or county["lat"], row["lon"] or county["lon"]
        if city and lat and lon:
            places.append((city["name"] + county["name"] + row["name"], float(lat), float(lon)))
    return places


def sample_points(count: int, seed: int = 1) -> list[dict]:
    """Generated facilities as plain dicts (MapPoint's fields), sharing centroids as imports do."""
    rng = random.Random(seed)
    places = gazetteer_places()
    points = []
    for i in range(count):
        prefix, lat, lon = rng.choice(places)
        precision = rng.choice(PRECISIONS)
        if precision == "exact":
            lat, lon = lat + rng.uniform(-0.02, 0.02), lon + rng.uniform(-0.02, 0.02)
        k = rng.randrange(len(KINDS))
        points.append(
            dict(
                id=100_000 + i,
                name=f"{prefix}{KINDS[k]}",
                kind_label=KIND_LABELS[k],
                status_label=rng.choice(STATUSES).format(y=rng.choice([2022, 2023, 2024, 2025])),
                url=f"/facilities/{100_000 + i}",
                lat=lat,
                lon=lon,
                precision=precision,
            )
        )
    return points


def measure(points_json: str) -> list[dict]:
    """Build the results map for each count with the ``portal.maps`` on ``sys.path``."""
    from portal.maps import MapLabels, MapPoint, results_map

    labels = MapLabels(**LABELS)
    every = [MapPoint(**p) for p in json.loads(points_json)]
    out = []
    for count, runs in COUNTS:
        points = every[:count]
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            html = results_map(points, static_url=lambda p: f"/static/{p}", labels=labels)
            times.append(time.perf_counter() - start)
        raw = html.encode()
        out.append(
            dict(
                count=count,
                raw=len(raw),
                gzip=len(gzip.compress(raw, 6)),  # Flask-Compress's default gzip level
                br=len(brotli.compress(raw, quality=4)),  # … and its default brotli quality
                ms=statistics.median(times) * 1000,
            )
        )
    return out


def measure_revision(revision: str, points_json: str) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "archive", revision, "portal"], cwd=REPO, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        code = (
            f"import sys, json; sys.path.insert(0, {str(REPO)!r});"
            "from benchmarks.map_page import measure;"
            # map_page puts this checkout first on the path: the revision's portal goes before it
            f"sys.path.insert(0, {folder!r});"
            "print(json.dumps(measure(sys.stdin.read())))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            input=points_json,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(result.stdout)


def city_map(count: int, keep: str | None, label: str = "this") -> None:
    """Time /cities/331100 and its map over the app for ``count`` generated facilities (in a
    temporary database, or in ``keep``: made once there and reused by later runs)."""
    from datetime import UTC, datetime

    from sqlalchemy import func, insert
    from sqlmodel import select

    from portal import create_app
    from portal.core import db
    from portal.domain import Audience, FacilityKind, FacilityStatus, Precision
    from portal.indexing import record_change
    from portal.models import Facility, Region, SourceDocument
    from portal.places import load_regions

    elder_kinds = [
        FacilityKind.HOME_CARE_CENTRE,
        FacilityKind.CARE_HOME,
        FacilityKind.DAY_CARE_CENTRE,
    ]

    with tempfile.TemporaryDirectory() as temporary:
        folder = keep or temporary
        reuse = Path(folder, "bench.sqlite").exists()
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
                "INDEX_DIR": f"{folder}/index",
                "UPLOAD_DIR": f"{folder}/uploads",
                "SECRET_KEY": "benchmark",
                "BOOTSTRAP_ON_START": False,
                "INDEX_SYNC_SECONDS": 0,
            }
        )
        rng = random.Random(16)
        start = time.perf_counter()
        with app.app_context():
            if not reuse:
                db.create_tables()
            with db.transaction() as session:
                if reuse:
                    count = session.exec(select(func.count()).select_from(Facility)).one()
                else:
                    load_regions(session)
                    counties = [
                        r
                        for r in session.exec(select(Region).where(Region.parent_code == "331100"))
                        if r.lat is not None
                    ]
                    document = SourceDocument(
                        slug="bench", title="生成", place_name="丽水市", region_code="331100",
                        file_name="bench.txt", file_hash="0" * 64,
                    )  # fmt: skip
                    session.add(document)
                    session.flush()
                    now = datetime.now(UTC)
                    rows = []
                    for i in range(count):
                        county = rng.choice(counties)
                        exact = i % 3 == 0
                        jitter = 0.05 if exact else 0.0
                        facility = Facility(
                            identity=f"bench-{i}",
                            name=f"丽水市{county.name}第{i}居家养老服务中心",
                            kind=rng.choice(elder_kinds), audience=Audience.ELDERLY,
                            status=rng.choice(list(FacilityStatus)),
                            beds=rng.choice([None, 30, 60, 120]),
                            period_end=rng.choice([None, 2022, 2023, 2024, 2025]),
                            region_code=county.code, city_code="331100", county_code=county.code,
                            lat=county.lat + rng.uniform(-jitter, jitter),
                            lon=county.lon + rng.uniform(-jitter, jitter),
                            precision=Precision.EXACT if exact else Precision.COUNTY,
                            document_id=document.id, source_line=i + 1,
                            imported_at=now, updated_at=now,
                        )  # fmt: skip
                        rows.append(facility.model_dump(exclude={"id"}))
                    for first in range(0, len(rows), 5_000):
                        session.execute(insert(Facility), rows[first : first + 5_000])
                    record_change(session, [])
        took = time.perf_counter() - start
        what = f"{count:,} generated facilities in 丽水"
        print(f"\ncity page and map ({label}), {what} (set-up {took:.0f} s)")
        client = app.test_client()
        client.get("/sources")  # warm-up: templates compiled, catalogues loaded
        urls = ["/cities/331100", "/cities/331100", "/cities/331100?page=1000"]
        for url in [*urls, "/cities/331100/map", "/cities/331100/map"]:
            start = time.perf_counter()
            body = client.get(url).get_data()
            took = (time.perf_counter() - start) * 1000
            print(
                f"  {url:<26} {len(body):>11,} raw {len(gzip.compress(body, 6)):>9,} gzip "
                f"{len(brotli.compress(body, quality=4)):>8,} br {took:>8.0f} ms"
            )


def city_map_revision(revision: str, count: int, keep: str) -> None:
    """The same city timings with another revision's portal (templates and static too)."""
    with tempfile.TemporaryDirectory() as folder:
        parts = ["portal", "templates", "static", "translations", "data"]
        archive = subprocess.run(
            ["git", "archive", revision, *parts], cwd=REPO, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        pybabel = Path(sys.executable).with_name("pybabel")
        subprocess.run([pybabel, "-q", "compile", "-d", f"{folder}/translations"], check=True)
        command = [sys.executable, __file__, "--city", str(count), "--keep", keep]
        subprocess.run([*command, "--city-only", "--root", folder, "--label", revision], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", metavar="REV", help="also measure this git revision")
    parser.add_argument("--city", type=int, metavar="N", help="time a city of N facilities")
    parser.add_argument("--keep", metavar="DIR", help="keep (and reuse) the city's database")
    parser.add_argument("--city-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)  # a revision's checkout (--compare)
    parser.add_argument("--label", default="this", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.root:
        sys.path.insert(0, args.root)
    if args.city_only:
        city_map(args.city, args.keep, args.label)
        return
    points_json = json.dumps(sample_points(max(c for c, _ in COUNTS)), ensure_ascii=False)
    ours = measure(points_json)
    theirs = measure_revision(args.compare, points_json) if args.compare else None
    print("results map document (bytes; gzip -6 and brotli q4 as Flask-Compress sends them)")
    print(f"{'points':>7} {'':>8} {'raw':>10} {'gzip':>9} {'brotli':>9} {'p50 build':>10}")
    for i, row in enumerate(ours):
        rows = [("this", row)] + ([(args.compare, theirs[i])] if theirs else [])
        for name, r in rows:
            print(
                f"{r['count']:>7} {name:>8} {r['raw']:>10,} {r['gzip']:>9,} {r['br']:>9,} "
                f"{r['ms']:>8.1f}ms"
            )
    from portal.maps import vendored_paths

    print(f"\n{'static file (cached by the browser)':<58} {'bytes':>9} {'gzip':>8}")
    for path in [*vendored_paths(clustered=True), "js/map-layer.js", "css/map.css"]:
        data = (REPO / "static" / path).read_bytes()
        print(f"{path:<58} {len(data):>9,} {len(gzip.compress(data, 9)):>8,}")
    if args.city:
        with tempfile.TemporaryDirectory() as temporary:
            keep = args.keep or temporary
            Path(keep).mkdir(parents=True, exist_ok=True)
            city_map(args.city, keep)
            if args.compare:
                city_map_revision(args.compare, args.city, keep)


if __name__ == "__main__":
    main()
