"""Measure the search index: build time and size, and search() latency, against SQLite FTS5.

    .venv/bin/python benchmarks/search_engine.py 10000 100000

Documents are GENERATED here (and only here): real county names of the five plans'
cities, real kind words, random numbers. FTS5 gets the same documents pre-segmented by
the same jieba analysis (unicode61 tokenizer over space-joined words, plus a column of
pinyin keys), because its trigram tokenizer cannot match two-character words (托育, 养老)
that make up most queries. Each FTS5 "search" runs what one results page needs: the
count, the page ordered by bm25, and one GROUP BY per facet, like ``SearchIndex.search``.

Repeated ``search()`` calls keep the index generation's term cache warm; the issue's
benchmark, ``search.py``, also prints cold figures and the whole results page.
"""

import math
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal.search import FacilityDocument, SearchIndex, SearchQuery  # noqa: E402
from portal.search.analysis import pinyin_keys, query_words, word_spans  # noqa: E402

# (county, code, city, city code, lat, lon): county seats of the plans' cities (approximate)
COUNTIES = [
    ("莲都区", "331102", "丽水市", "331100", 28.45, 119.91),
    ("龙泉市", "331181", "丽水市", "331100", 28.07, 119.14),
    ("青田县", "331121", "丽水市", "331100", 28.14, 120.29),
    ("缙云县", "331122", "丽水市", "331100", 28.66, 120.09),
    ("遂昌县", "331123", "丽水市", "331100", 28.59, 119.27),
    ("椒江区", "331002", "台州市", "331000", 28.67, 121.44),
    ("黄岩区", "331003", "台州市", "331000", 28.65, 121.26),
    ("路桥区", "331004", "台州市", "331000", 28.58, 121.37),
    ("南湖区", "330402", "嘉兴市", "330400", 30.75, 120.78),
    ("秀洲区", "330411", "嘉兴市", "330400", 30.76, 120.71),
    ("嘉善县", "330421", "嘉兴市", "330400", 30.83, 120.93),
    ("昌江区", "360202", "景德镇市", "360200", 29.27, 117.18),
    ("珠山区", "360203", "景德镇市", "360200", 29.30, 117.21),
    ("海陵区", "321202", "泰州市", "321200", 32.49, 119.92),
]
KINDS = [
    ("养老院", "care_home", "elderly"),
    ("敬老院", "care_home", "elderly"),
    ("社会福利院", "care_home", "elderly"),
    ("颐养中心", "care_home", "elderly"),
    ("居家养老服务中心", "home_care_centre", "elderly"),
    ("养老服务综合体", "home_care_centre", "elderly"),
    ("日间照料中心", "day_care_centre", "elderly"),
    ("医养结合中心", "medical_care", "elderly"),
    ("护理院", "medical_care", "elderly"),
    ("托育服务中心", "childcare_centre", "infants"),
    ("普惠托育机构", "childcare_centre", "infants"),
    ("社区托育点", "community_childcare", "infants"),
    ("幼儿园托班", "nursery_class", "infants"),
    ("幼儿园", "kindergarten", "infants"),
]
PLACES_WORDS = ["街道", "镇", "乡", "社区", "新城", "小区", "未来社区"]
TOWNS = ["城南", "城北", "水东", "白云", "新丰", "余新", "章安", "洪家", "魏塘", "海门", "东城"]
STATUSES = ["operating", "under_construction", "planned", "proposed", "unknown"]
CONTENT = [
    "总建筑面积{a}平方米，设计床位{n}张。",
    "新增托位{n}个，托育班级{c}班。",
    "改造提升{c}个社区的居家养老服务设施，建设助餐、助浴、日间照料等功能。",
    "规划用地约{c}亩，建设康复楼、综合楼、老年活动场所等。",
]


def generate(count: int, seed: int = 7) -> list[FacilityDocument]:
    """``count`` realistic documents; fixed seed, so runs are comparable."""
    rnd = random.Random(seed)
    docs = []
    for i in range(count):
        county, code, city, city_code, lat, lon = rnd.choice(COUNTIES)
        word, kind, audience = rnd.choice(KINDS)
        town = rnd.choice(TOWNS) + rnd.choice(PLACES_WORDS)
        beds = rnd.randrange(20, 1500) if audience == "elderly" and rnd.random() < 0.6 else None
        places = rnd.randrange(20, 200) if audience == "infants" and rnd.random() < 0.6 else None
        content = rnd.choice(CONTENT).format(
            a=rnd.randrange(500, 60000),
            n=beds or places or rnd.randrange(10, 300),
            c=rnd.randrange(2, 40),
        )
        placed = rnd.random() < 0.8
        start = rnd.randrange(2018, 2026)
        docs.append(
            FacilityDocument(
                id=i + 1,
                name=f"{county.rstrip('区县市')}{town}{word}{rnd.randrange(1, 99)}号",
                kind=kind,
                audience=audience,
                status=rnd.choice(STATUSES),
                city_code=city_code,
                city_name=city,
                county_code=code,
                county_name=county,
                region_codes=("330000", city_code, code),
                region_names=(city, city.rstrip("市"), county, county.rstrip("区县市")),
                address=f"{county}{town}",
                content=content,
                operator=f"{county}民政局" if audience == "elderly" else f"{county}卫健局",
                beds=beds,
                childcare_places=places,
                start_year=start,
                end_year=start + rnd.randrange(0, 4),
                lat=lat + rnd.uniform(-0.2, 0.2) if placed else None,
                lon=lon + rnd.uniform(-0.2, 0.2) if placed else None,
                precision="exact" if placed else "none",
                withdrawn=rnd.random() < 0.02,
            )
        )
    return docs


def place_table() -> dict[str, tuple[str, str]]:
    table = {}
    for county, code, city, city_code, *_ in COUNTIES:
        table[county] = table[county.rstrip("区县市")] = (code, "county")
        table[city] = table[city.rstrip("市")] = (city_code, "city")
    return table


QUERIES = [
    SearchQuery(text="养老院"),
    SearchQuery(text="托育"),
    SearchQuery(text="日间照料中心"),
    SearchQuery(text="lishui"),
    SearchQuery(text="yly"),
    SearchQuery(text="莲都 托育"),
    SearchQuery(text="敬老院", kinds=("care_home",), statuses=("planned",)),
    SearchQuery(text="", region_codes=("331000",), min_beds=300),
    SearchQuery(text="社会福利院", sort="distance", origin=(28.45, 119.91)),
    SearchQuery(text="普惠托育", page=3),
]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(run: Callable[[], object], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return samples


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- SQLite FTS5 over the same documents ----------------------------------------------------

FTS_FACETS = ("kind", "audience", "status", "city_code", "county_code")


def build_fts(docs: list[FacilityDocument], path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE f (id INTEGER PRIMARY KEY, name, kind, audience, status, city_code,"
        " county_code, beds, places, lat, lon, withdrawn)"
    )
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(name, regions, body, pinyin, tokenize='unicode61')"
    )
    for d in docs:
        db.execute(
            "INSERT INTO f VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (d.id, d.name, d.kind, d.audience, d.status, d.city_code, d.county_code, d.beds,
             d.childcare_places, d.lat, d.lon, int(d.withdrawn)),
        )  # fmt: skip
        db.execute(
            "INSERT INTO t(rowid, name, regions, body, pinyin) VALUES (?,?,?,?,?)",
            (
                d.id,
                segmented(d.name),
                segmented(" ".join(d.region_names)),
                segmented(f"{d.address} {d.content} {d.operator}"),
                " ".join(k for text in (d.name, *d.region_names) for k in pinyin_keys(text)),
            ),
        )
    db.commit()
    return db


def segmented(text: str) -> str:
    return " ".join(word for _, word, _, _ in word_spans(text))


def fts_search(db: sqlite3.Connection, q: SearchQuery, places: dict[str, tuple[str, str]]) -> None:
    words = query_words(q.text)
    regions = [places[w][0] for w in words if w in places]
    terms = " AND ".join(f'"{w}"' for w in words if w not in places)
    where, args = ["f.withdrawn = 0"], []
    if terms:
        where.append("f.id IN (SELECT rowid FROM t WHERE t MATCH ?)")
        args.append(terms)
    for column, values in (("kind", q.kinds), ("status", q.statuses)):
        if values:
            where.append(f"f.{column} IN ({','.join('?' * len(values))})")
            args += values
    codes = list(q.region_codes) + regions
    if codes:
        where.append(f"(f.city_code IN ({','.join('?' * len(codes))}) OR f.county_code IN "
                     f"({','.join('?' * len(codes))}))")  # fmt: skip
        args += codes + codes
    if q.min_beds is not None:
        where.append("f.beds >= ?")
        args.append(q.min_beds)
    clause = " AND ".join(where)
    db.execute(f"SELECT count(*) FROM f WHERE {clause}", args).fetchone()
    offset = (q.page - 1) * q.per_page
    if q.sort == "distance" and q.origin:
        lat, lon = q.origin
        order = f"(f.lat-({lat}))*(f.lat-({lat}))+(f.lon-({lon}))*(f.lon-({lon}))"
        sql = f"SELECT f.id FROM f WHERE {clause} ORDER BY f.lat IS NULL, {order} LIMIT ? OFFSET ?"
        db.execute(sql, [*args, q.per_page, offset]).fetchall()
    elif terms:
        sql = (
            f"SELECT f.id FROM t JOIN f ON f.id = t.rowid WHERE t MATCH ? AND {clause}"
            " ORDER BY bm25(t, 6.0, 3.0, 1.0, 3.0) LIMIT ? OFFSET ?"
        )
        db.execute(sql, [terms, *args, q.per_page, offset]).fetchall()
    else:
        sql = f"SELECT f.id FROM f WHERE {clause} ORDER BY f.status, f.name LIMIT ? OFFSET ?"
        db.execute(sql, [*args, q.per_page, offset]).fetchall()
    for column in FTS_FACETS:
        db.execute(f"SELECT {column}, count(*) FROM f WHERE {clause} GROUP BY {column}", args)


def run(count: int, rounds: int) -> None:
    docs = generate(count)
    places = place_table()
    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex(Path(tmp) / "ix", places=places)
        start = time.perf_counter()
        index.rebuild(docs)
        build = time.perf_counter() - start
        size = folder_size(Path(tmp) / "ix")
        start = time.perf_counter()
        index.search(SearchQuery())  # builds the generation's columns once
        warm = time.perf_counter() - start
        print(f"\n== {count:,} documents")
        print(f"whoosh build {build:.1f} s, size {size / 1e6:.1f} MB, first search {warm:.2f} s")
        fts_start = time.perf_counter()
        db = build_fts(docs, Path(tmp) / "fts.sqlite")
        fts_build = time.perf_counter() - fts_start
        fts_size = folder_size(Path(tmp)) - size
        print(f"fts5   build {fts_build:.1f} s, size {fts_size / 1e6:.1f} MB")
        print(f"{'query':32} {'total':>7} {'whoosh p50/p95 ms':>19} {'fts5 p50/p95 ms':>17} ratio")
        all_w, all_f = [], []
        for q in QUERIES:
            total = index.search(q).total
            w = timed(lambda q=q: index.search(q), rounds)
            f = timed(lambda q=q: fts_search(db, q, places), rounds)
            all_w += w
            all_f += f
            (w50, w95), (f50, f95) = percentiles(w), percentiles(f)
            label = (q.text or "(browse)") + (f" [{q.sort}]" if q.sort != "relevance" else "")
            if q.kinds or q.statuses or q.region_codes or q.min_beds:
                label += " +filters"
            row = f"{w50:8.1f} /{w95:7.1f} {f50:8.1f} /{f95:6.1f} {w50 / f50:5.1f}"
            print(f"{label:32} {total:7} {row}")
        (w50, w95), (f50, f95) = percentiles(all_w), percentiles(all_f)
        print(f"{'ALL':32} {'':7} {w50:8.1f} /{w95:7.1f} {f50:8.1f} /{f95:6.1f} {w50 / f50:5.1f}")
        db.close()
        index.close()


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [10_000]
    for n in sizes:
        run(n, rounds=30 if n <= 20_000 else 15)
