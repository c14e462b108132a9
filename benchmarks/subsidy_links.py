"""Linking subsidies and services to facilities at import: 10,000 generated facilities across the
five plan places, every kind and audience, operators both companies and government bodies.

Prints the time of ``link_facilities`` (rule engine + database writes, medians of several runs),
the engine's own cost per facility (median and p95 in µs) and how many links were made. The
rows live only in a temporary database; nothing is written to data/.

    .venv/bin/python benchmarks/subsidy_links.py [--facilities 10000] [--runs 3]
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import select

from portal import create_app
from portal.core import db
from portal.core.data_loader import load_reference_data
from portal.domain import Audience, FacilityKind, FacilityStatus
from portal.models import Facility, FacilitySubsidy, SourceDocument
from portal.subsidies.catalogue import all_subsidies
from portal.subsidies.engine import compiled
from portal.subsidies.links import SubsidyIndex, link_facilities, linked_subsidies

ROOT = Path(__file__).resolve().parents[1]
PLACES = {  # city: counties (as the pickers offer them)
    "330400": ["330402", "330411", "330421", "330424", "330481", "330482", "330483"],
    "331000": ["331002", "331003", "331004", "331022", "331023", "331024", "331081"],
    "331100": ["331102", "331121", "331122", "331123", "331124", "331125", "331181"],
    "360200": ["360202", "360203", "360222", "360281"],
    "321200": ["321202"],
}
KINDS = {
    FacilityKind.CARE_HOME: Audience.ELDERLY,
    FacilityKind.HOME_CARE_CENTRE: Audience.ELDERLY,
    FacilityKind.DAY_CARE_CENTRE: Audience.ELDERLY,
    FacilityKind.MEDICAL_CARE: Audience.ELDERLY,
    FacilityKind.CHILDCARE_CENTRE: Audience.INFANTS,
    FacilityKind.COMMUNITY_CHILDCARE: Audience.INFANTS,
    FacilityKind.NURSERY_CLASS: Audience.INFANTS,
    FacilityKind.KINDERGARTEN: Audience.INFANTS,
    FacilityKind.COMBINED: Audience.BOTH,
}
OPERATORS = ["某某养老服务有限公司", "县民政局", "街道办事处", "某某教育投资有限公司", ""]


def facilities(count: int, document_id: int, seed: int = 12) -> list[Facility]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        city = rng.choice(list(PLACES))
        county = rng.choice(PLACES[city] + [None])
        kind = rng.choice(list(KINDS))
        rows.append(
            Facility(
                identity=f"bench-{i}",
                name=f"基准测试机构{i}",
                kind=kind,
                audience=KINDS[kind],
                status=FacilityStatus.PLANNED,
                region_code=county or city,
                city_code=city,
                county_code=county,
                operator=rng.choice(OPERATORS),
                ownership=rng.choice([None, None, "公办", "民办", "公建民营"]),
                document_id=document_id,
                source_line=i + 1,
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--facilities", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
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
                load_reference_data(session, ROOT / "data")
                document = SourceDocument(
                    slug="bench", title="bench", place_name="", file_name="", file_hash=""
                )
                session.add(document)
                session.flush()
                session.add_all(facilities(args.facilities, document.id))
            with db.transaction() as session:
                ids = list(session.exec(select(Facility.id)).all())
                rows = list(session.exec(select(Facility)).all())
                entries = [(row.id, compiled(s)) for row, s in all_subsidies(session)]
                index = SubsidyIndex(entries)
                per_facility = []
                for facility in rows:
                    began = time.perf_counter()
                    linked_subsidies(facility, index)
                    per_facility.append((time.perf_counter() - began) * 1e6)
            totals, cpu = [], []
            for _ in range(args.runs):
                with db.transaction() as session:
                    began, began_cpu = time.perf_counter(), time.process_time()
                    link_facilities(session, ids)
                    totals.append(time.perf_counter() - began)
                    cpu.append(time.process_time() - began_cpu)
                    links = len(session.exec(select(FacilitySubsidy.facility_id)).all())
    per_facility.sort()
    p95 = per_facility[int(len(per_facility) * 0.95)]
    median = statistics.median(totals)
    print(
        f"link_facilities, {len(ids):,} facilities × {len(entries)} "
        f"subsidies: median {median:.2f} s over {args.runs} runs "
        f"({len(ids) / median:,.0f} facilities/s, with the database writes); "
        f"CPU time median {statistics.median(cpu):.2f} s"
    )
    print(
        f"engine per facility (all its questions): "
        f"median {statistics.median(per_facility):.1f} µs, "
        f"p95 {p95:.1f} µs; {links:,} subsidy links"
    )


if __name__ == "__main__":
    main()
