"""Issue 15, end to end over HTTP: a register is loaded, two rows are confirmed as plan projects
that opened and one as a new facility; the public page tells the story; a re-import of the
plan shows the conflict and keeps the correction (or takes the plan's value when ticked).

Expected values come from the plan (data/plans/001_4999b758cfac438e.txt:276 青田县养老中心,
在建类, 761 beds; :273 莲都区峰源乡居家养老服务中心) and the sample register in tests/samples/.
"""

import re
from pathlib import Path

import pytest
from sqlmodel import select

from portal.core import db
from portal.domain import FacilityStatus
from portal.models import Correction, Facility, KeptCorrection, RegisterEntry
from tests.conftest import PLANS, csrf_token, wait_for_job

LISHUI = "001_4999b758cfac438e.txt"
SAMPLE = Path(__file__).parent / "samples" / "sample_register_lishui.csv"
SOURCE = "区民政局 2026-10 名录"
QINGTIAN = "青田县养老中心"  # 001:276
FENGYUAN = "莲都区峰源乡居家养老服务中心"  # 001:273
NEW_NAME = "样例托育园（测试数据）"


def upload_plan(client, name: str = LISHUI, overrides: list[str] | None = None, apply=True):
    with (PLANS / name).open("rb") as handle:
        preview = client.post(
            "/staff/import",
            data={"csrf_token": csrf_token(client, "/staff/import"), "file": (handle, name)},
            content_type="multipart/form-data",
        )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html[:500]
    if not apply:
        return html, None
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    applied = client.post(
        "/staff/import/apply",
        data={
            "csrf_token": csrf_token(client, "/staff/import"),
            "token": token,
            "override": overrides or [],
        },
    )
    assert applied.status_code == 303  # the apply runs as a job; its page follows it
    wait_for_job(client, applied.headers["Location"])
    return html, applied


def preview_register(client, data: bytes | None = None, name: str = "sample_register_lishui.csv"):
    data = SAMPLE.read_bytes() if data is None else data
    from io import BytesIO

    return client.post(
        "/staff/registers/",
        data={
            "csrf_token": csrf_token(client, "/staff/registers/"),
            "city": "331100",
            "source": SOURCE,
            "effective": "2026-10",
            "file": (BytesIO(data), name),
        },
        content_type="multipart/form-data",
    )


def decisions_of(html: str) -> dict[str, str]:
    """The checked radio button of each row, as the preview proposes."""
    found = {}
    for match in re.finditer(r'name="(row-\d+)" value="([^"]+)" checked', html):
        found[match.group(1)] = match.group(2)
    return found


def apply_register(client, html: str, decisions: dict[str, str]):
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', html).group(1)
    return client.post(
        "/staff/registers/apply",
        data={
            "csrf_token": csrf_token(client, "/staff/registers/"),
            "digest": digest,
            "file_name": "sample_register_lishui.csv",
            "city": "331100",
            "source": SOURCE,
            "effective": "2026-10",
            **decisions,
        },
    )


def facility_named(app, name: str) -> Facility:
    with app.app_context(), db.transaction() as session:
        return session.exec(select(Facility).where(Facility.name == name)).one()


@pytest.fixture
def lishui(app, staff):
    upload_plan(staff)
    return staff


def test_the_matcher_proposes_the_two_plan_projects_and_one_new_facility(app, lishui):
    qingtian, fengyuan = facility_named(app, QINGTIAN), facility_named(app, FENGYUAN)
    assert qingtian.status == FacilityStatus.UNDER_CONSTRUCTION and qingtian.beds == 761
    response = preview_register(lishui)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    proposed = decisions_of(html)
    # CSV lines: the title row is line 1, the header line 2, the rows 3–6.
    assert proposed["row-3"] == f"match:{qingtian.id}"
    assert proposed["row-4"] == f"match:{fengyuan.id}"
    assert proposed["row-5"] == "new"
    assert proposed["row-6"] == "new"  # hostile, but a register row like any other
    with app.app_context(), db.transaction() as session:
        assert session.exec(select(RegisterEntry)).all() == []  # a preview writes nothing


def test_register_walk_then_plan_reimport_keeps_the_correction(app, lishui):
    qingtian = facility_named(app, QINGTIAN)
    html = preview_register(lishui).get_data(as_text=True)
    decisions = decisions_of(html)
    decisions["row-6"] = "skip"  # the hostile row stays unmatched
    applied = apply_register(lishui, html, decisions)
    assert applied.status_code == 302 and "/staff/worklist" in applied.headers["Location"]

    page = lishui.get(f"/facilities/{qingtian.id}").get_data(as_text=True)
    assert f"{SOURCE}：已开业" in page  # the correction with its source …
    assert "(2026-10)" in page  # … and date
    assert "方案：在建" in page  # beside what the plan said (001:276 在建类)
    assert "丽水市青田县鹤城街道样例路1号" in page and "0578-0000001" in page
    assert "列入《" in page and f"列入 {SOURCE}" in page  # planned, then in the register
    # The status line never puts "operating" in the plan's mouth: the register says it, the
    # plan (001:276 在建类) keeps its own word, both dated — on the page and in the API.
    statement = lishui.get(f"/api/v1/facilities/{qingtian.id}").get_json()["status_statement"]
    assert statement["text"].startswith(f"{SOURCE}（2026-10）：运营中。")
    assert statement["text"].endswith("（2022年）：在建")
    assert not statement["past_due"]

    new = facility_named(app, NEW_NAME)
    assert new.status == FacilityStatus.OPERATING and new.childcare_places == 60
    assert new.county_code == "331102"  # 莲都区, from the address
    with app.app_context(), db.transaction() as session:
        entries = session.exec(select(RegisterEntry).order_by(RegisterEntry.line)).all()
    assert [e.decision for e in entries] == ["matched", "matched", "new", "unmatched"]
    assert entries[0].facility_id == qingtian.id and entries[2].facility_id == new.id

    # The plan again: the preview names the conflict, the apply keeps the correction.
    preview, _ = upload_plan(lishui, apply=False)
    assert "方案: 在建 / 人工更正: 已开业 (2026-10)" in re.sub(r"\s+", " ", preview)
    upload_plan(lishui)
    qingtian = facility_named(app, QINGTIAN)
    assert qingtian.status == FacilityStatus.OPERATING
    assert qingtian.location_text == "丽水市青田县鹤城街道样例路1号"
    with app.app_context(), db.transaction() as session:
        kept = session.exec(
            select(KeptCorrection).where(KeptCorrection.facility_id == qingtian.id)
        ).all()
    assert {k.field for k in kept} == {"status", "address"}
    worklist = lishui.get("/staff/worklist/?list=conflicts").get_data(as_text=True)
    assert QINGTIAN in worklist


def test_a_ticked_field_takes_the_plans_value_and_says_who_chose_it(app, lishui):
    qingtian = facility_named(app, QINGTIAN)
    html = preview_register(lishui).get_data(as_text=True)
    apply_register(lishui, html, decisions_of(html))
    upload_plan(lishui, overrides=[f"{qingtian.id}:status"])
    qingtian = facility_named(app, QINGTIAN)
    assert qingtian.status == FacilityStatus.UNDER_CONSTRUCTION  # the plan's 在建类 again
    assert qingtian.location_text == "丽水市青田县鹤城街道样例路1号"  # not ticked: kept
    with app.app_context(), db.transaction() as session:
        last = session.exec(
            select(Correction)
            .where(Correction.facility_id == qingtian.id, Correction.field == "status")
            .order_by(Correction.id.desc())
        ).first()
    assert last.new_value == "under_construction" and last.source == LISHUI


def test_a_register_xlsx_with_bureau_headers_is_read(app, lishui):
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["丽水市养老机构名录（样例）"])
    sheet.append(["养老机构名称", "详细地址", "床位数（张）", "运营主体", "联系电话"])
    sheet.append([QINGTIAN, "青田县鹤城街道", 761, "青田县民政局", "0578-0000001"])
    buffer = BytesIO()
    book.save(buffer)
    html = preview_register(lishui, buffer.getvalue(), "register.xlsx").get_data(as_text=True)
    assert decisions_of(html)["row-3"] == f"match:{facility_named(app, QINGTIAN).id}"


def test_a_register_without_a_header_is_refused_with_the_reason(app, lishui):
    response = preview_register(lishui, "甲,乙\n1,2\n".encode(), "bad.csv")
    assert response.status_code == 400
    assert "bad.csv" in response.get_data(as_text=True)
    assert "名称" in response.get_data(as_text=True)


def test_a_decision_the_preview_did_not_offer_is_refused(app, lishui):
    html = preview_register(lishui).get_data(as_text=True)
    other = facility_named(app, "景宁县老年综合服务中心")  # 001:287, not a candidate of row 3
    response = apply_register(lishui, html, {"row-3": f"match:{other.id}"})
    assert response.status_code == 302
    with app.app_context(), db.transaction() as session:
        assert session.exec(select(RegisterEntry)).all() == []
