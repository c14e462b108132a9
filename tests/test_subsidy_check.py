"""The "what can we get?" check and the subsidy list, as a visitor meets them through HTTP.

Two steps without JavaScript, hostile numbers and unknown places answered as form errors (never
a 500), places named instead of codes in both languages, benefits in force kept apart from what
the ended plans set, and the national allowance shown as a summary with its official source.
"""

import re
from datetime import date

import pytest

PLAN_ENDED = date.today().year > 2025


def get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def answer(html: str) -> str:
    start = html.index('aria-labelledby="answer-heading"')
    return html[start : html.index("</section>", start)]


def test_first_step_asks_only_who_it_is_for(loaded_client):
    html = get(loaded_client, "/subsidies/check")
    for value in ("child", "older", "provider", "care_worker"):
        assert f'name="applicant" value="{value}"' in html
    assert 'id="region"' not in html and 'id="older_age"' not in html


@pytest.mark.parametrize(
    ("applicant", "asked", "not_asked"),
    [
        ("child", ["child_birth", "child_age_months", "children_count", "household"],
         ["older_age", "provider_kind", "ownership", "beds"]),
        ("older", ["older_age", "care_level", "household", "registration_region"],
         ["child_birth", "provider_kind", "places"]),
        ("provider", ["provider_kind", "ownership", "beds", "places", "classes", "rating"],
         ["older_age", "child_birth", "household", "registration_region"]),
        ("care_worker", ["region", "registration_region"],
         ["older_age", "child_birth", "provider_kind", "household"]),
    ],
)  # fmt: skip
def test_second_step_asks_only_the_chosen_applicants_questions(
    loaded_client, applicant, asked, not_asked
):
    html = get(loaded_client, f"/subsidies/check?applicant={applicant}")
    assert f'<input type="hidden" name="applicant" value="{applicant}">' in html
    assert 'id="region"' in html
    for name in asked:
        assert f'id="{name}"' in html, name
    for name in not_asked:
        assert f'id="{name}"' not in html, name
    assert 'aria-labelledby="answer-heading"' not in html  # no answer before it is asked


@pytest.mark.parametrize("typed", ["²", "①", "9" * 4301, "1e3", "-5"])
def test_hostile_ages_are_form_errors_on_the_page_and_the_api(loaded_client, typed):
    url = f"/subsidies/check?applicant=older&region=330400&older_age={typed}"
    html = get(loaded_client, url)
    assert 'id="older_age-error"' in html and 'aria-invalid="true"' in html
    assert "老人年龄应为 0–130 之间的整数" in html
    response = loaded_client.get("/api/v1" + url)
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {"older_age"}


@pytest.mark.parametrize(
    ("field", "query"),
    [
        ("child_age_months", "applicant=child&region=330400&child_age_months=²"),
        ("children_count", "applicant=child&region=330400&child_age_months=3&children_count=①"),
        ("places", "applicant=provider&region=330400&places=" + "9" * 5000),
        ("rating", "applicant=provider&region=330400&rating=⑤"),
    ],
)
def test_every_integer_of_the_check_is_read_as_ascii_digits(loaded_client, field, query):
    assert f'id="{field}-error"' in get(loaded_client, f"/subsidies/check?{query}")
    response = loaded_client.get(f"/api/v1/subsidies/check?{query}")
    assert response.status_code == 400 and field in response.get_json()["errors"]


def test_full_width_digits_still_work(loaded_client):
    html = get(loaded_client, "/subsidies/check?applicant=older&region=330411&older_age=１００")
    assert "百岁老人长寿保健金" in answer(html)


def test_an_unknown_place_is_reported_not_ignored(loaded_client):
    html = get(loaded_client, "/subsidies/check?applicant=child&region=999999&child_age_months=5")
    assert 'id="region-error"' in html and "未知的地区" in html
    assert 'aria-labelledby="answer-heading"' not in html
    response = loaded_client.get(
        "/api/v1/subsidies/check?applicant=child&region=999999&child_age_months=5&lang=en"
    )
    assert response.status_code == 400
    assert response.get_json()["errors"] == {
        "region": "We do not know this place. Choose one from the list."
    }


def test_the_api_without_an_applicant_says_what_is_missing(loaded_client):
    response = loaded_client.get("/api/v1/subsidies/check")
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {"applicant", "region"}


def test_reasons_and_near_misses_name_places_not_codes(loaded_client):
    """嘉兴's long-term care insurance (002:510) for an older person in 秀洲区."""
    query = "applicant=older&region=330411&older_age=70"
    chinese = answer(get(loaded_client, f"/subsidies/check?{query}"))
    assert "所在地区需在嘉兴市范围内" in chinese
    english = answer(get(loaded_client, f"/subsidies/check?{query}&lang=en"))
    assert "place where you live must be in 嘉兴市 (jiā xīng shì)" in english
    for text in (chinese, english):
        visible = re.sub(r"<[^>]+>", " ", text)
        assert not re.search(r"\b3[0-9]{5}\b", visible), re.findall(r"\b3[0-9]{5}\b", visible)


def test_totals_count_benefits_in_force_and_never_show_a_silent_zero(loaded_client):
    family = answer(
        get(loaded_client, "/subsidies/check?applicant=child&region=331102&child_age_months=20")
    )
    # 育儿补贴: 3,600 元 a year per child under three (official summary).
    assert "现行补贴估算合计：每月 300 元，每年 3,600 元" in family
    provider = answer(
        get(
            loaded_client,
            "/subsidies/check?applicant=provider&region=331023&provider_kind=care_home",
        )
    )
    if PLAN_ENDED:
        assert "按这些回答，没有现行有效的补贴适用。" in provider
    data = loaded_client.get(
        "/api/v1/subsidies/check?applicant=older&region=330411&older_age=100"
    ).get_json()
    plan = data["plan_standard_total_yuan"] if PLAN_ENDED else data["estimated_total_yuan"]
    assert plan["monthly"] == 600 and plan["yearly"] == 7200  # 002:1294
    if PLAN_ENDED:
        assert data["estimated_total_yuan"]["monthly"] == 0
        assert all(item["plan_period_ended"] for item in data["applies"])
        assert {item["verify_with"] for item in data["applies"]} >= {"嘉兴市民政局、市人力社保局"}


def test_the_national_allowance_is_a_summary_with_its_official_source(loaded_client):
    card = answer(
        get(loaded_client, "/subsidies/check?applicant=child&region=360202&child_age_months=8")
    )
    assert (
        "国家制度摘要" in card and "https://www.gov.cn/zhengce/202507/content_7033734.htm" in card
    )
    page = get(loaded_client, "/subsidies/national-childcare-subsidy")
    assert "国家制度摘要" in page and "方案原文" not in page
    assert "以官方文件为准" in page
    plan_page = get(loaded_client, "/subsidies/jiaxing-centenarian-longevity-allowance")
    assert "方案原文" in plan_page and "嘉委办发〔2021〕69号" in plan_page


QINGTIAN = "qingtian-childcare-place-grant"
FAMILY_BED = "taizhou-family-care-bed-construction-subsidy"
LISHUI_HOMES = "lishui-private-care-home-construction-grant"


@pytest.mark.parametrize(
    ("place", "listed", "not_listed"),
    [
        ("331121", [QINGTIAN, LISHUI_HOMES, "national-childcare-subsidy"], [FAMILY_BED]),
        ("331102", [LISHUI_HOMES], [QINGTIAN]),
        ("331100", [QINGTIAN], ["jiaxing-old-age-allowance"]),
        ("331023", ["taizhou-home-care-centre-startup-grant"], [FAMILY_BED]),
        ("331023", [], ["taizhou-family-care-bed-nursing-subsidy"]),
        ("331002", [FAMILY_BED], [QINGTIAN]),
        (
            "L330400-01",
            ["jiaxing-centenarian-longevity-allowance"],
            ["hailing-childcare-chain-reward"],
        ),
    ],
)
def test_the_list_by_place_uses_the_same_rules(loaded_client, place, listed, not_listed):
    html = get(loaded_client, f"/subsidies/?place={place}")
    for slug in listed:
        assert f'href="/subsidies/{slug}"' in html, slug
    for slug in not_listed:
        assert f'href="/subsidies/{slug}"' not in html, slug


def test_a_city_lists_county_only_measures_as_such(loaded_client):
    html = get(loaded_client, "/subsidies/?place=331100")
    card = html[html.index('href="/subsidies/qingtian-childcare-place-grant"') :]
    assert "仅限青田县" in card[: card.index("</li>")]


def test_an_unknown_place_in_the_list_is_said_not_hidden(loaded_client):
    html = get(loaded_client, "/subsidies/?place=999999")
    assert "未知的地区“999999”" in html
    assert 'href="/subsidies/jiaxing-old-age-allowance"' in html  # everything is shown
