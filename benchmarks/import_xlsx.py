"""Import speed: a generated 10,000-row project list (.xlsx, the staff template) through the
real pipeline — read, normalise, place, plan against the database, apply in one transaction,
update the index. Prints rows per second per step and the peak memory of the process: an
apply after its preview in the same process (which keeps the reading), a re-import of the
same file, and an apply with no preview into an index of ``--existing`` facilities.

Generated rows live only here; they are never written to data/.

    .venv/bin/python benchmarks/import_xlsx.py [--rows 10000]
"""

import argparse
import io
import random
import resource
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from portal import create_app, indexing
from portal.core import db
from portal.importer.pipeline import apply_import, plan_import
from portal.importer.tabular import TEMPLATE_COLUMNS
from portal.places import load_regions

COUNTIES = [
    "莲都区",
    "青田县",
    "缙云县",
    "遂昌县",
    "松阳县",
    "云和县",
    "庆元县",
    "景宁县",
    "龙泉市",
]
TOWNS = ["紫金街道", "岩泉街道", "万象街道", "白云街道", "碧湖镇", "鹤城街道", "五云街道"]
ELDER = [
    ("养老服务中心", "床位{n}张"),
    ("敬老院改扩建工程", "新增床位{n}张"),
    ("日间照料中心", "建筑面积{a}平方米，床位{n}张"),
]
CHILD = [
    ("托育服务中心", "托位{n}个"),
    ("幼儿园托班", "托育班级{c}班、每班20个"),
    ("社区托育点", "新增托位{n}个"),
]
TYPES = ["新建", "续建", "在建", "前期", "谋划"]


def workbook(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("项目清单")
    sheet.append(list(TEMPLATE_COLUMNS))
    for i in range(1, rows + 1):
        elder = rng.random() < 0.6
        suffix, content = rng.choice(ELDER if elder else CHILD)
        county, town = rng.choice(COUNTIES), rng.choice(TOWNS)
        start = rng.randint(2020, 2025)
        sheet.append(
            [
                i,
                "丽水市",
                "养老" if elder else "托育",
                f"{county}{town}第{i}号{suffix}",
                rng.choice(TYPES),
                f"{start}-{start + rng.randint(0, 3)}",
                f"{county}{town}",
                content.format(
                    n=rng.randint(20, 600), a=rng.randint(300, 9000), c=rng.randint(1, 6)
                ),
                round(rng.uniform(50, 30000), 2),
                "",
                f"{county}民政局" if elder else f"{county}卫健局",
                "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--existing",
        type=int,
        default=None,
        help="facilities of other generated lists indexed before the last apply (2 × rows)",
    )
    options = parser.parse_args()
    rows = options.rows
    existing = 2 * rows if options.existing is None else options.existing
    data = workbook(rows)
    print(f"workbook: {rows} rows, {len(data) / 1024:.0f} KB")
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "BOOTSTRAP_ON_START": False,
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
                "INDEX_DIR": str(Path(tmp) / "index"),
            }
        )
        with app.app_context():
            db.create_tables()
            with db.transaction() as session:
                load_regions(session)
            before = peak_rss_mb()
            began = time.perf_counter()
            with db.transaction() as session:
                plan = plan_import("bench.xlsx", data, session)
            planned = time.perf_counter() - began
            assert plan.ok, plan.fatal
            began = time.perf_counter()
            plan, run = apply_import("bench.xlsx", data, user="bench")
            applied = time.perf_counter() - began
            began = time.perf_counter()
            again, _ = apply_import("bench.xlsx", data, user="bench")
            reimport = time.perf_counter() - began
            # Then the province case: more lists, and one more applied into their index
            # without a preview in this process (read again, written as one new segment).
            for part in range(existing // rows):
                apply_import(f"existing-{part}.xlsx", workbook(rows, seed=100 + part), user="b")
            indexed = indexing.search_index().doc_count()
            other = workbook(rows, seed=99)
            began = time.perf_counter()
            apply_import("another.xlsx", other, user="bench")
            into = time.perf_counter() - began
    print(
        f"preview (read + normalise + place + plan): {planned:.1f} s, {rows / planned:,.0f} rows/s"
    )
    print(
        f"apply after its preview (plan again + write + index): {applied:.1f} s, "
        f"{rows / applied:,.0f} rows/s"
    )
    print(
        f"re-import of the same file (all unchanged): {reimport:.1f} s, "
        f"{rows / reimport:,.0f} rows/s; counts {again.counts()}"
    )
    print(
        f"apply with no preview into an index of {indexed:,} facilities "
        f"(read + plan + write + index): {into:.1f} s, {rows / into:,.0f} rows/s"
    )
    print(f"peak memory: {peak_rss_mb():.0f} MB (before the import: {before:.0f} MB)")


if __name__ == "__main__":
    main()
