"""The public pages, as a visitor reads them, over the real imported plans."""

import re

import pytest
from sqlmodel import select

from portal.core import db
from portal.models import Facility, Subsidy


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def facility_named(app, name: str) -> Facility:
    with app.app_context(), db.transaction() as session:
        return session.exec(select(Facility).where(Facility.name == name)).one()


def test_home_has_a_search_box_and_the_entry_points(loaded_client):
    html = page(loaded_client, "/?lang=en")
    assert 'type="search"' in html and 'name="q"' in html
    for words in (
        "Care homes",
        "Day-care and home-care centres",
        "Childcare",
        "Subsidies",
        "Services",
    ):
        assert words in html
    assert "丽水市" in html and "嘉兴市" in html  # the cities of the plans


def test_home_counts_what_was_imported(loaded_client, loaded_app):
    html = page(loaded_client, "/?lang=en")
    with loaded_app.app_context(), db.transaction() as session:
        rows = session.exec(select(Facility).where(Facility.audience == "elderly")).all()
        # Stadiums, resorts and hospital buildings in the lists are not elder-care projects.
        elderly = sum(f.kind != "related_project" for f in rows)
    assert re.search(rf"<strong>{elderly}</strong>\s*elder-care projects", html)


def test_facility_list_paginates(loaded_client):
    first = page(loaded_client, "/facilities/?lang=en")
    second = page(loaded_client, "/facilities/?lang=en&page=2")
    names = re.compile(r'<h2><a href="/facilities/(\d+)"')
    assert len(names.findall(first)) == 20
    assert set(names.findall(first)).isdisjoint(names.findall(second))
    assert 'rel="next"' in first and 'aria-current="page">2<' in second


def test_facility_page_shows_everything_known(loaded_client, loaded_app):
    home = facility_named(loaded_app, "台州市社会福利院")
    html = page(loaded_client, f"/facilities/{home.id}?lang=en")
    # 续建, 2022-2025, in the plan of 2022 (000:276-280); 2025 has passed.
    assert "Under construction, planned to be completed by 2025; check its present state" in html
    assert "1,500 beds" in html or "1500 beds" in html
    assert "2022–2025" in html and "2022-2025" in html  # parsed years and the plan's words
    assert "章安街道" in html and "Approximate" in html
    assert "台州市“一老一小”整体解决方案" in html and "line 276" in html
    assert "This is a project in a city plan" not in html  # no claim that it is not open
    assert "CNY 480,000,000" in html  # 48000 万元, for English readers in yuan


def test_facility_page_shows_data_quality_notes(loaded_client, loaded_app):
    twin = facility_named(loaded_app, "温岭市中医院托育中心")
    html = page(loaded_client, f"/facilities/{twin.id}?lang=en")
    assert "Notes on this record" in html and "重复" in html


def test_sources_lists_every_document_with_its_status(loaded_client):
    html = page(loaded_client, "/sources?lang=en")
    assert html.count('class="card"') == 5
    assert "丽政发〔2022〕24号" in html and "Draft for comment" in html and "Issued" in html


@pytest.mark.parametrize(
    "query, expected",
    [("莲都 托育", "莲都区"), ("養老院", "养老"), ("社会福利院", "台州市社会福利院")],
)
def test_search_results_page(loaded_client, query, expected):
    html = page(loaded_client, f"/facilities/?q={query}&lang=en")
    assert "facilities found" in html or "facility found" in html
    assert expected in re.sub(r"</?mark>", "", html)


def test_search_zero_results_helps(loaded_client):
    html = page(loaded_client, "/facilities/?q=qqqqzzzz&lang=en")
    assert "0 facilities found" in html
    assert "Nothing matched" in html and "Pinyin works too" in html


def test_filters_show_counts_and_removable_chips(loaded_client):
    html = page(loaded_client, "/facilities/?q=托育&audience=infants&lang=en")
    assert re.search(r"Infants and toddlers <span class=\"count\">\(\d+\)</span>", html)
    assert "Remove filter" in html


def test_bad_filter_values_get_a_message_not_an_error(loaded_client):
    html = page(loaded_client, "/facilities/?min_beds=lots&page=-3&kind=<script>&lang=en")
    assert "Enter a whole number" in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_subsidies_index_groups_by_beneficiary(loaded_client):
    html = page(loaded_client, "/subsidies/?lang=en")
    for group in (
        "Families with young children",
        "Older people and their families",
        "Care providers",
    ):
        assert group in html
    assert "Amount not stated in the plan" in html  # honest about missing amounts


def test_subsidy_page_names_source_line_and_expiry(loaded_client, loaded_app):
    with loaded_app.app_context(), db.transaction() as session:
        subsidy = session.exec(
            select(Subsidy).where(Subsidy.document_id.is_not(None), Subsidy.valid_to == 2025)
        ).first()
    html = page(loaded_client, f"/subsidies/{subsidy.slug}?lang=en")
    assert f"line {subsidy.source_line}" in html
    assert subsidy.source_quote in html
    assert "has ended" in html  # the plans cover 2021–2025


def test_the_check_answers_with_amounts_and_a_shareable_url(loaded_client):
    url = "/subsidies/check?applicant=child&region=331102&child_age_months=20&lang=en"
    html = page(loaded_client, url)
    assert "育儿补贴" in html or "childcare subsidy" in html.lower()
    assert "3,600" in html


def test_the_check_explains_bad_answers_next_to_the_field(loaded_client):
    html = page(loaded_client, "/subsidies/check?applicant=older&region=331102&older_age=abc")
    assert 'id="older_age-error"' in html


def test_service_pages_list_facilities_that_offer_them(loaded_client):
    index = page(loaded_client, "/services/?lang=en")
    slug = re.search(r'href="/services/([^"]+)"', index).group(1)
    assert "What it includes" in page(loaded_client, f"/services/{slug}?lang=en")


def test_city_page_shows_its_plan(loaded_client):
    html = page(loaded_client, "/cities/331100?lang=en")
    assert "丽水市" in html and "Targets in the plan" in html
    assert "<svg" in html and 'role="img"' in html  # charts rendered on the server
    assert "/cities/331100/map" in html


def test_hailing_page_says_it_has_no_project_list(loaded_client):
    html = page(loaded_client, "/cities/321202?lang=en")
    assert "no project list" in html and "Targets in the plan" in html


def test_city_page_shows_the_plans_own_figures(loaded_client):
    """Lishui's indicator table (lines 85–95): baseline 2020 → target 2025, as printed."""
    html = page(loaded_client, "/cities/331100?lang=en")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert re.search(r"每千人口拥有 ?3 ?岁以下婴幼儿托位数.{0,40}0\.78.{0,40}4\.5", text)
    assert re.search(r"登记备案的托育机构数.{0,40}\b8\b.{0,40}\b30\b", text)
    # The facility count on the page is the number of Lishui projects imported (115).
    assert "<strong>115</strong>" in html


def test_the_check_reads_in_english_on_english_pages(loaded_client):
    url = "/subsidies/check?applicant=child&region=331102&child_age_months=20&lang=en"
    html = page(loaded_client, url)
    why = re.findall(r"Why: ([^<]*)", html)
    assert why and "child&#39;s age in months must be below 36" in why[0]
    assert all(not re.search(r"[\u4e00-\u9fff]", line) for line in why)
    bad = page(
        loaded_client, "/subsidies/check?applicant=older&region=331102&older_age=abc&lang=en"
    )
    assert "Enter the older person&#39;s age in whole years" in bad


def test_each_sources_link_lists_only_that_documents_facilities(loaded_client, loaded_app):
    """/sources links to /facilities/?doc=<slug>; the list must be that document's, not all."""
    html = page(loaded_client, "/sources?lang=en")
    links = re.findall(r'href="(/facilities/\?doc=[^"]+)"', html)
    jingdezhen = next(link for link in links if "003_4e88682039944ece" in link)
    # 景德镇's plan lists 18 projects (data/plans/003_4e88682039944ece.txt, lines 200–236);
    # two are hospital works (003:248, 003:249), listed apart as related projects.
    assert "16 facilities found" in page(
        loaded_client, jingdezhen.replace("&amp;", "&") + "&lang=en"
    )
    everything = page(loaded_client, "/facilities/?lang=en")
    assert "16 facilities found" not in everything
