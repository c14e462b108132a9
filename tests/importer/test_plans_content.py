"""What the import reads from each real plan, pinned to figures taken from the documents.

Counts and sums were worked out from the documents without the importer: Lishui states its
section totals in the list itself; for the other plans the rows were counted by their 序号 and
the 总投资/中央预算内投资 cells summed by a separate throwaway script and checked by eye.
Taizhou: 75 rows, of which row 44 repeats row 40 (imported once) and rows 27 and 37 lost their
name at a page break (rejected, 7,500 and 200 万元 not counted).
"""

import pytest
from sqlmodel import select

from portal.core import db
from portal.domain import Audience, FacilityStatus, Precision
from portal.models import Facility, SourceDocument

PLAN_TOTALS = [
    # slug, projects imported, total 万元, central 万元, elderly, infants
    ("000_4fe4d2000453b318", 72, 1541871.0, 710.0, None, None),
    ("001_4999b758cfac438e", 115, 2085116 + 322410, 0.0, 62, 53),
    ("002_91c2d8c99d12d04a", 72, 509172.47, 21555.0, 23, 49),
    ("003_4e88682039944ece", 18, 411073.41, 0.0, None, None),
    ("004_a7eff1606a86b809", 0, 0.0, 0.0, 0, 0),
]


def facilities_of(app, slug: str) -> list[Facility]:
    with app.app_context(), db.transaction() as session:
        document = session.exec(select(SourceDocument).where(SourceDocument.slug == slug)).one()
        return list(session.exec(select(Facility).where(Facility.document_id == document.id)))


@pytest.mark.parametrize("slug, count, total, central, elderly, infants", PLAN_TOTALS)
def test_each_plan_imports_its_project_list(
    loaded_app, slug, count, total, central, elderly, infants
):
    rows = facilities_of(loaded_app, slug)
    assert len(rows) == count
    assert sum(f.total_investment_wan or 0 for f in rows) == pytest.approx(total, abs=0.01)
    assert sum(f.central_investment_wan or 0 for f in rows) == pytest.approx(central, abs=0.01)
    if elderly is not None:
        assert sum(f.audience == Audience.ELDERLY for f in rows) == elderly
        # The plans' 托育 sections hold kindergartens too (audience preschool, ages 3–6).
        young = (Audience.INFANTS, Audience.PRESCHOOL)
        assert sum(f.audience in young for f in rows) == infants


def test_lishui_sections_match_the_totals_the_list_states(loaded_app):
    rows = facilities_of(loaded_app, "001_4999b758cfac438e")
    by_section: dict[str, list[Facility]] = {}
    for f in rows:
        by_section.setdefault(f.source_section, []).append(f)
    assert {k: len(v) for k, v in by_section.items()} == {"养老领域": 62, "托育领域": 53}
    assert sum(f.total_investment_wan for f in by_section["养老领域"]) == 2085116
    assert sum(f.total_investment_wan for f in by_section["托育领域"]) == 322410


CAPACITY = [
    # slug, name (as in the document), beds, childcare places, nursery classes — read by hand
    ("000_4fe4d2000453b318", "台州市社会福利院", 1500, None, None),  # line 281: 规划设计1500张床位
    ("000_4fe4d2000453b318", "椒江区医养中心", 200, None, None),  # line 311: 建成床位200张
    ("000_4fe4d2000453b318", "台运学谷情商托育园（大洋分园）", None, 140, None),  # line 773
    ("002_91c2d8c99d12d04a", "嘉兴市湘家荡颐养中心（二、三期）", 668, None, None),  # line 561
    ("003_4e88682039944ece", "景德镇市社会福利中心项目", 750, None, None),  # line 246
]


@pytest.mark.parametrize("slug, name, beds, places, classes", CAPACITY)
def test_capacity_read_from_the_description(loaded_app, slug, name, beds, places, classes):
    (facility,) = [f for f in facilities_of(loaded_app, slug) if f.name == name]
    assert facility.beds == beds
    assert facility.childcare_places == places
    if classes is not None:
        assert facility.nursery_classes == classes


def test_taizhou_rows_keep_their_source_lines_and_status(loaded_app):
    rows = {f.name: f for f in facilities_of(loaded_app, "000_4fe4d2000453b318")}
    home = rows["台州市社会福利院"]
    assert home.source_line == 276  # the row's 序号 cell
    assert home.status == FacilityStatus.UNDER_CONSTRUCTION  # 续建
    assert (home.period_start, home.period_end) == (2022, 2025)
    assert home.location_text == "章安街道"
    assert home.precision in (Precision.TOWN, Precision.COUNTY)  # a street: never an exact pin


def test_the_duplicated_taizhou_row_is_imported_once_and_flagged(loaded_app):
    rows = [f for f in facilities_of(loaded_app, "000_4fe4d2000453b318")]
    twins = [f for f in rows if f.name == "温岭市中医院托育中心"]
    assert len(twins) == 1
    assert any(flag["code"] == "duplicate_row" for flag in twins[0].quality_flags)


def test_multi_site_rows_stay_one_project_without_a_pin(loaded_app):
    rows = {f.name: f for f in facilities_of(loaded_app, "000_4fe4d2000453b318")}
    campus = rows["临海市浙东健康城项目"]  # 大洋街道、大田街道、邵家渡街道
    assert campus.multi_site
    assert len(campus.place_codes) >= 2 or campus.precision == Precision.COUNTY
    assert campus.precision != Precision.EXACT
