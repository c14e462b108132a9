"""No page or API response speaks of a plan's project in the present tense.

Every facility page (both languages) and every facility the API returns is read: wherever a
stage word (在建, 规划中, under construction …) appears, the plan's year (or the plan's own
"year not stated") is beside it, and nothing claims that a project is not open.
"""

import re

import pytest
from sqlmodel import select

from portal.core import db
from portal.domain import FacilityKind
from portal.models import Facility

STAGE_WORDS = re.compile(
    r"在建|续建|规划中|谋划中|Under construction|under construction|Planned|Proposed"
)
NEVER = re.compile(r"not open|not \(yet\)|还不是已开放|不能接收|尚未开放|cannot take residents")
DATED = re.compile(r"（20\d\d年）|\(20\d\d\)|（未写明年份）|\(year not stated\)")
WINDOW = 160  # characters either side of a stage word within which its plan's year must be


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _undated(text: str) -> list[str]:
    found = []
    for match in STAGE_WORDS.finditer(text):
        around = text[max(0, match.start() - WINDOW) : match.end() + WINDOW]
        if not DATED.search(around):
            found.append(around)
    return found


@pytest.fixture(scope="module")
def facility_ids(loaded_app) -> list[int]:
    with loaded_app.app_context():
        return list(db.get_session().exec(select(Facility.id)).all())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_facility_page_dates_its_status(loaded_client, facility_ids, language):
    assert len(facility_ids) == 277  # every row of the four project lists
    problems = {}
    for facility_id in facility_ids:
        response = loaded_client.get(
            f"/facilities/{facility_id}", headers={"Accept-Language": language}
        )
        assert response.status_code == 200
        text = _visible(response.get_data(as_text=True))
        bad = _undated(text) + NEVER.findall(text)
        if bad:
            problems[facility_id] = bad[:2]
    assert problems == {}


def test_every_api_record_carries_its_statements_date_and_source(loaded_client):
    kinds = "&".join(f"kind={kind.value}" for kind in FacilityKind)
    seen = 0
    for page in range(1, 100):
        body = loaded_client.get(f"/api/v1/facilities?{kinds}&page={page}").get_json()
        for record in body["results"]:
            seen += 1
            statement = record["status_statement"]
            assert statement["source_document"], record["id"]
            assert "as_of_year" in statement and "past_due" in statement
            assert not NEVER.search(statement["text"])
            assert not _undated(statement["text"]), statement["text"]
            if statement["past_due"]:
                assert statement["check_with"], record["id"]
        if page * body["per_page"] >= body["total"]:
            break
    assert seen == 277


def test_a_past_due_project_says_so_and_whom_to_ask(loaded_client):
    # 001:270 丽水市合众养护院项目: 在建类, 建设期限 2020-2022; the plan: 丽政发〔2022〕24号.
    with loaded_client.application.app_context():
        facility = (
            db.get_session()
            .exec(select(Facility).where(Facility.name == "丽水市合众养护院项目"))
            .one()
        )
    text = _visible(loaded_client.get(f"/facilities/{facility.id}").get_data(as_text=True))
    assert "（2022年）：在建，计划已于2022年建成，现状请核实" in text
    assert "浙江润康养老服务有限公司" in text and "当地民政部门" in text


def test_browsing_lists_what_is_most_likely_usable_first_and_says_so(loaded_client):
    body = loaded_client.get("/api/v1/facilities?page=1").get_json()
    flags = [r["status_statement"]["past_due"] for r in body["results"]]
    # No bundled row is called operating: past-due projects come first.
    assert flags[0] and flags == sorted(flags, reverse=True)
    page = loaded_client.get("/facilities/").get_data(as_text=True)
    assert 'data-order="usable"' in page
