"""Facility pages: subsidies for visitors apart from grants for the operator, each in its place.

Read through HTTP over the imported plans. Where a subsidy applies is read from
data/subsidies.yaml; whether a facility lies there is derived from the gazetteer files' parent
column here, independently of the portal's own containment code.
"""

import csv
import re
from functools import cache
from pathlib import Path

import pytest
from sqlmodel import select

from portal.core import db
from portal.models import Facility
from portal.subsidies import load_subsidies

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = [ROOT / "data" / "gazetteer" / n for n in ("gazetteer.csv", "local_places.csv")]
SUBSIDIES = {s.id: s for s in load_subsidies()}
_LINK = re.compile(r'href="/subsidies/([a-z0-9-]+)"')


@cache
def parents() -> dict[str, str]:
    found = {}
    for path in GAZETTEER:
        with path.open(encoding="utf-8", newline="") as handle:
            found.update({row["code"]: row["parent_code"] for row in csv.DictReader(handle)})
    return found


def lineage(code: str) -> set[str]:
    chain = {"000000"}
    while code:
        chain.add(code)
        code = parents().get(code, "")
    return chain


def where(subsidy) -> tuple[str, ...]:
    for field in ("region", "registration_region"):
        for rule in subsidy.eligibility:
            if rule.field == field:
                return (rule.value,) if isinstance(rule.value, str) else tuple(rule.value)
    return (subsidy.place.code,)


def section(html: str, heading_id: str) -> str:
    start = html.find(f'id="{heading_id}"')
    return "" if start < 0 else html[start : html.index("</section>", start)]


@pytest.fixture(scope="module")
def facilities(loaded_app) -> list[Facility]:
    with loaded_app.app_context(), db.transaction() as session:
        return list(session.exec(select(Facility).order_by(Facility.id)).all())


def page(client, facility_id: int) -> str:
    response = client.get(f"/facilities/{facility_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_every_listed_subsidy_covers_the_facilitys_place(loaded_client, facilities) -> None:
    """Over every facility page: no subsidy of another place, visitors and operator kept apart."""
    wrong, seen = [], set()
    for facility in facilities:
        html = page(loaded_client, facility.id)
        here = facility.county_code or facility.city_code or facility.region_code
        for heading, audience in (
            ("visitor-subsidies-heading", {"family", "older_person"}),
            ("operator-subsidies-heading", {"provider"}),
        ):
            for slug in _LINK.findall(section(html, heading)):
                subsidy = SUBSIDIES[slug]
                seen.add(slug)
                if not set(where(subsidy)) & lineage(here or ""):
                    wrong.append((facility.name, here, slug, "outside its place"))
                if subsidy.beneficiary.value not in audience:
                    wrong.append((facility.name, slug, f"under {heading}"))
    assert not wrong, wrong[:20]
    # The pilot-county grant with a list of counties reaches facilities (it reached none).
    assert "taizhou-family-care-bed-construction-subsidy" in seen


def named(facilities, name: str) -> Facility:
    return next(f for f in facilities if f.name == name)


def test_pilot_county_care_home_may_claim_the_family_care_bed_grant(loaded_client, facilities):
    """000:514: 温岭市 (a pilot county, 000:1120), organised by 温岭颐天年养老事业投资有限公司."""
    html = page(loaded_client, named(facilities, "温岭市大溪喜樾山方山康养中心").id)
    operator = section(html, "operator-subsidies-heading")
    assert "/subsidies/taizhou-family-care-bed-construction-subsidy" in operator
    visitors = section(html, "visitor-subsidies-heading")
    assert "/subsidies/taizhou-family-care-bed-nursing-subsidy" in visitors
    assert "taizhou-family-care-bed-nursing-subsidy" not in operator  # for residents, not it


def test_a_care_home_outside_the_pilot_counties_is_not_offered_it(loaded_client, facilities):
    """000:848: 天台县 is not among the pilot counties of 000:1120."""
    html = page(loaded_client, named(facilities, "天台县般若圣爱安养院项目").id)
    assert "taizhou-family-care-bed" not in html
    assert "/subsidies/taizhou-community-care-tax-relief" in section(
        html, "operator-subsidies-heading"
    )


def test_no_operator_grants_where_a_government_body_runs_it(loaded_client, facilities):
    """000:476: 温岭市养老中心 is organised by 温岭市民政局: private-provider grants exclude it."""
    html = page(loaded_client, named(facilities, "温岭市养老中心").id)
    assert 'id="operator-subsidies-heading"' not in html
    assert "/subsidies/taizhou-family-care-bed-nursing-subsidy" in section(
        html, "visitor-subsidies-heading"
    )


def test_childcare_page_shows_family_subsidies_for_its_visitors(loaded_client, facilities):
    """A 嘉兴 infant facility: the national 育儿补贴 and 嘉兴's family measures (002:525, 1427)."""
    childcare = [
        f for f in facilities if f.city_code == "330400" and f.kind == "community_childcare"
    ]
    html = page(loaded_client, childcare[0].id)
    visitors = section(html, "visitor-subsidies-heading")
    for slug in (
        "national-childcare-subsidy",
        "jiaxing-puhui-childcare-fee-cap",
        "jiaxing-hardship-childcare-fee-waiver",
    ):
        assert f"/subsidies/{slug}" in visitors
    assert "applicant=child" in visitors  # the check, started for a family


def test_kindergartens_list_no_under_three_subsidies(loaded_client, facilities):
    kindergarten = next(f for f in facilities if f.kind == "kindergarten")
    assert 'id="visitor-subsidies-heading"' not in page(loaded_client, kindergarten.id)
