"""The search benchmark of issue 4: search call and whole results page, against SQLite FTS5.

    .venv/bin/python benchmarks/search.py                    # 10,000 and 100,000 facilities
    .venv/bin/python benchmarks/search.py --sizes 10000
    .venv/bin/python benchmarks/search.py --quick            # 2,000, a smoke run

For each size: GENERATED facilities (here and only here: real gazetteer counties of the
plans' cities, real kind words, random numbers) go into a fresh SQLite database of a real
app, the index is rebuilt from it with ``portal.indexing.rebuild``, and a fixed query mix
is timed as (a) ``search_index().search(query)`` and (b) the whole page
``GET /facilities/?q=…`` through Flask's test client. The same queries run over SQLite
FTS5 on the same documents (see ``search_engine.py`` for how FTS5 is set up).

Nothing is cached by query. Each figure is p50/p95 in ms. "cold" drops the index's term
cache before every run, so each search reads its posting lists from the index files again
(the uncached figure); "warm" keeps the term data of the index generation, as a running
portal does. Targets (issue 4): page p95 < 50 ms at 10,000 facilities, < 150 ms at 100,000.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from search_engine import (  # noqa: E402
    CONTENT,
    KINDS,
    PLACES_WORDS,
    STATUSES,
    TOWNS,
    build_fts,
    folder_size,
    fts_search,
    percentiles,
    timed,
)
from sqlalchemy import insert  # noqa: E402

from portal import create_app  # noqa: E402
from portal.core.db import create_tables, get_session, transaction  # noqa: E402
from portal.domain import DocumentStatus, Precision  # noqa: E402
from portal.geo.gazetteer import load_default  # noqa: E402
from portal.indexing import documents, rebuild, search_index  # noqa: E402
from portal.models import Facility, SourceDocument  # noqa: E402
from portal.places import load_regions, place_words  # noqa: E402
from portal.search import SearchQuery  # noqa: E402

CITIES = {"331100": "丽水市", "331000": "台州市", "330400": "嘉兴市", "360200": "景德镇市"}
TAIZHOU_HAILING = "321202"  # 泰州市海陵区: the fifth plan is a district's

# (label, query, URL parameters of the same search)
QUERIES: list[tuple[str, SearchQuery, dict[str, object]]] = [
    ("养老院", SearchQuery(text="养老院"), {"q": "养老院"}),
    ("托育", SearchQuery(text="托育"), {"q": "托育"}),
    ("日间照料中心", SearchQuery(text="日间照料中心"), {"q": "日间照料中心"}),
    ("lishui", SearchQuery(text="lishui"), {"q": "lishui"}),
    ("yly", SearchQuery(text="yly"), {"q": "yly"}),
    ("莲都 托育", SearchQuery(text="莲都 托育"), {"q": "莲都 托育"}),
    (
        "敬老院 +kind +status",
        SearchQuery(text="敬老院", kinds=("care_home",), statuses=("planned",)),
        {"q": "敬老院", "kind": "care_home", "status": "planned"},
    ),
    (
        "(browse) 台州 beds>=300",
        SearchQuery(region_codes=("331000",), min_beds=300),
        {"region": "331000", "min_beds": 300},
    ),
    (
        "社会福利院 [distance]",
        SearchQuery(text="社会福利院", sort="distance", origin=(28.45, 119.91)),
        {"q": "社会福利院", "sort": "distance", "lat": 28.45, "lon": 119.91},
    ),
    ("普惠托育 page 3", SearchQuery(text="普惠托育", page=3), {"q": "普惠托育", "page": 3}),
]


def counties() -> list[tuple[str, str, str, float, float]]:
    """(code, name, city code, lat, lon) of each county of the plans' cities (gazetteer)."""
    gazetteer = load_default()
    found = []
    for place in gazetteer.places():
        if (
            place.level == "county"
            and place.lat is not None
            and (place.parent_code in CITIES or place.code == TAIZHOU_HAILING)
        ):
            found.append((place.code, place.name, place.parent_code, place.lat, place.lon))
    return sorted(found)


def generate_rows(count: int, document_ids: dict[str, int], seed: int = 7) -> list[dict]:
    """``count`` Facility rows as column values; fixed seed, so runs are comparable."""
    rnd = random.Random(seed)
    places = counties()
    now = datetime.now(UTC)
    rows = []
    for i in range(count):
        code, county, city_code, lat, lon = rnd.choice(places)
        word, kind, audience = rnd.choice(KINDS)
        town = rnd.choice(TOWNS) + rnd.choice(PLACES_WORDS)
        beds = rnd.randrange(20, 1500) if audience == "elderly" and rnd.random() < 0.6 else None
        seats = rnd.randrange(20, 200) if audience == "infants" and rnd.random() < 0.6 else None
        content = rnd.choice(CONTENT).format(
            a=rnd.randrange(500, 60000), n=beds or seats or rnd.randrange(10, 300),
            c=rnd.randrange(2, 40),
        )  # fmt: skip
        placed = rnd.random() < 0.8
        start = rnd.randrange(2018, 2026)
        name = f"{county.rstrip('区县市')}{town}{word}{i + 1}号"
        rows.append(
            {
                "identity": name,
                "name": name,
                "kind": kind,
                "audience": audience,
                "status": rnd.choice(STATUSES),
                "location_text": f"{county}{town}",
                "region_code": code,
                "city_code": city_code,
                "county_code": code,
                "place_codes": [],
                "multi_site": False,
                "lat": lat + rnd.uniform(-0.2, 0.2) if placed else None,
                "lon": lon + rnd.uniform(-0.2, 0.2) if placed else None,
                "precision": Precision.EXACT if placed else Precision.COUNTY,
                "location_notes": [],
                "content": content,
                "beds": beds,
                "childcare_places": seats,
                "operator": f"{county}民政局" if audience == "elderly" else f"{county}卫健局",
                "period_start": start,
                "period_end": start + rnd.randrange(0, 4),
                "period_raw": f"{start}年",
                "quality_flags": [],
                "document_id": document_ids[city_code if city_code in CITIES else "321200"],
                "source_line": i + 1,
                "imported_at": now,
                "updated_at": now,
                "withdrawn_at": now if rnd.random() < 0.02 else None,
            }
        )
    return rows


def fill_database(count: int) -> None:
    """Regions, one source document per city, ``count`` facilities (inside an app context)."""
    create_tables()
    with transaction() as session:
        load_regions(session)
    with transaction() as session:
        ids = {}
        for code, place in {**CITIES, "321200": "泰州市海陵区"}.items():
            doc = SourceDocument(
                slug=f"bench-{code}", title=f"{place}（基准测试生成数据）", place_name=place,
                region_code=code, status=DocumentStatus.ISSUED, file_name=f"bench-{code}.txt",
                file_hash="0" * 64,
            )  # fmt: skip
            session.add(doc)
            session.flush()
            ids[code] = doc.id
    rows = generate_rows(count, ids)
    with transaction() as session:
        for start in range(0, len(rows), 5000):
            session.execute(insert(Facility), rows[start : start + 5000])


def run(count: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "BOOTSTRAP_ON_START": False,
                "DATABASE_URL": f"sqlite:///{tmp}/b.sqlite",
                "INDEX_DIR": f"{tmp}/index",
                "TESTING": True,
            }
        )
        load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
        print(f"\n== {count:,} facilities (load average {load} on {os.cpu_count()} CPUs; ms)")
        with app.app_context():
            started = time.perf_counter()
            fill_database(count)
            print(f"database  {time.perf_counter() - started:6.1f} s")
            place_words()  # the gazetteer's place words, loaded once per process
            started = time.perf_counter()
            rebuild(get_session())
            build = time.perf_counter() - started
            size = folder_size(Path(tmp) / "index")
            started = time.perf_counter()
            search_index().search(SearchQuery())  # reads the generation's columns once
            warm = time.perf_counter() - started
            sizes = f"size {size / 1e6:5.1f} MB, first search {warm:.2f} s"
            print(f"whoosh    build {build:6.1f} s, {sizes}")
            docs = documents(get_session())
            started = time.perf_counter()
            fts = build_fts(docs, Path(tmp) / "fts.sqlite")
            fts_size = (Path(tmp) / "fts.sqlite").stat().st_size
            fts_build = time.perf_counter() - started
            print(f"fts5      build {fts_build:6.1f} s, size {fts_size / 1e6:5.1f} MB")
            index = search_index()
            report(app, index, fts, index.places, rounds)
            fts.close()
            index.close()


def report(app, index, fts, places, rounds: int) -> None:
    """Per query: search and page, cold (term cache dropped before each run: the uncached
    figure) and warm (terms of the same index generation kept), and FTS5."""
    print(
        f"{'query':24} {'total':>6} {'search cold':>13} {'search warm':>13}"
        f" {'page cold':>13} {'page warm':>13} {'fts5':>11} {'cold/fts5':>9}"
    )
    client = app.test_client()
    columns: list[list[float]] = [[], [], [], [], []]

    def cold_search(query: SearchQuery) -> None:
        index.drop_caches()
        index.search(query)

    def cold_page(url: str) -> None:
        index.drop_caches()
        _get(client, url)

    for label, query, params in QUERIES:
        url = "/facilities/?" + urlencode(params)
        total = index.search(query).total
        _get(client, url)  # the page's templates are compiled once
        runs = [
            timed(lambda query=query: cold_search(query), rounds),
            timed(lambda query=query: index.search(query), rounds),
            timed(lambda url=url: cold_page(url), rounds),
            timed(lambda url=url: _get(client, url), rounds),
            timed(lambda query=query: fts_search(fts, query, places), rounds),
        ]
        for column, samples in zip(columns, runs, strict=True):
            column += samples
        print(f"{label:24} {total:6} {_row(runs)}")
    print(f"{'ALL':24} {'':6} {_row(columns)}")


def _row(runs: list[list[float]]) -> str:
    cells = [percentiles(samples) for samples in runs]
    text = "  ".join(f"{p50:5.1f}/{p95:6.1f}" for p50, p95 in cells)
    (cold50, cold95), (fts50, fts95) = cells[0], cells[-1]
    return f"{text}  {cold50 / fts50:4.1f}/{cold95 / fts95:4.1f}"


def _get(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated sizes")
    parser.add_argument("--quick", action="store_true", help="2,000 facilities only")
    parser.add_argument("--rounds", type=int, default=0, help="timed runs per query")
    args = parser.parse_args(argv)
    sizes = [2000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        run(size, args.rounds or (30 if size <= 20_000 else 12))


if __name__ == "__main__":
    main()
