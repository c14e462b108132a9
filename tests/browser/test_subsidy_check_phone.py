"""The subsidy check on a phone (360 px): a district answer in each plan place, and mistyped ages.

Tapped as a visitor would: choose who it is for, then answer that applicant's questions only.
Expected results are the plans' words (file and line cited per journey).
"""

import re

import pytest
from playwright.sync_api import Page, expect

# The national 育儿补贴 (中办、国办《育儿补贴制度实施方案》, July 2025): 3,600 yuan a year for each
# child under three.
NATIONAL_CHILD_ALLOWANCE = re.compile(r"3,?600")


def choose(page: Page, select: str, name: str) -> None:
    """Pick an option of a select by its visible name (counties are indented)."""
    options = page.locator(f"{select} option")
    value = next(o.get_attribute("value") for o in options.all() if o.inner_text().strip() == name)
    page.locator(select).select_option(value)


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("form[action$='/subsidies/check'] button[type=submit]").tap()


def start(page: Page, applicant: str) -> None:
    """Step one: who is it for? Step two shows only that applicant's questions."""
    page.goto("/subsidies/check")
    page.locator(f"input[name=applicant][value={applicant}]").tap()
    submit(page)
    expect(page.locator("#region")).to_be_visible()


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width


def test_family_with_toddler_sees_national_childcare_allowance(phone: Page, screenshot) -> None:
    start(phone, "child")
    expect(phone.locator("#older_age")).to_have_count(0)  # an older person's questions: not asked
    choose(phone, "#region", "莲都区")
    phone.locator("#child_age_months").fill("14")
    submit(phone)

    answer = phone.locator("section[aria-labelledby=answer-heading]")
    expect(answer).to_be_visible()
    # The first list holds the benefits in force (the plans' ended measures come after).
    cards = answer.locator("ul.result-list").first
    allowance = cards.locator("li.card", has_text="育儿补贴").first
    expect(allowance).to_be_visible()
    assert NATIONAL_CHILD_ALLOWANCE.search(allowance.inner_text()), allowance.inner_text()
    expect(allowance).to_contain_text("国家制度摘要")
    # The answer is a link the family can keep: the choices are in the address.
    assert "applicant=child" in phone.url and "child_age_months=14" in phone.url
    no_sideways_scroll(phone)
    screenshot(phone, "subsidy-check-phone-liandu-toddler")


JOURNEYS = [
    # 002:1294: 百岁老人长寿保健金提高到每人每月600元 — for 秀洲区 as for 嘉兴市.
    ("older", "秀洲区", {"#older_age": "100"}, "百岁老人长寿保健金", re.compile(r"600")),
    # 000:1120-1122: 椒江区 is a pilot county of the family care beds; 中、重度失能 to confirm.
    (
        "older",
        "椒江区",
        {"#older_age": "78"},
        "家庭养老照护床位护理补贴",
        re.compile("中度或重度失能"),
    ),
    # 001:224: 丽水's star-rated private care homes, 运营一年以上 to confirm.
    (
        "provider",
        "云和县",
        {"#rating": "3"},
        "新增民办养老机构一次性建设补助",
        re.compile("11,?000"),
    ),
    # 003:284: 景德镇 普惠 fee cap for 乳儿班 (6-12 months), 2,200 元 a month at most.
    ("child", "浮梁县", {"#child_age_months": "8"}, "普惠托育服务收费上限", re.compile("2,?200")),
    # 004:307: 海陵区 托育机构建设补贴, 5万 for 40 places or fewer.
    ("provider", "泰州市海陵区", {"#places": "40"}, "托育机构建设补贴", re.compile("50,?000")),
]


@pytest.mark.parametrize(
    ("applicant", "district", "fields", "title", "amount"),
    JOURNEYS,
    ids=[j[1] for j in JOURNEYS],
)
def test_district_answer_finds_what_the_plan_promises_there(
    phone: Page, screenshot, applicant, district, fields, title, amount
) -> None:
    start(phone, applicant)
    choose(phone, "#region", district)
    if applicant == "older":
        choose(phone, "#care_level", "失能")
    if applicant == "provider":
        kind = "托育机构" if "#places" in fields else "养老机构"
        choose(phone, "#provider_kind", kind)
        choose(phone, "#ownership", "民办")
        phone.locator("#filed input[value='1']").tap()
    for selector, value in fields.items():
        phone.locator(selector).fill(value)
    submit(phone)

    answer = phone.locator("section[aria-labelledby=answer-heading]")
    card = answer.locator("li.card", has_text=title).first
    expect(card).to_be_visible()
    assert amount.search(card.inner_text()), card.inner_text()
    no_sideways_scroll(phone)
    screenshot(phone, f"subsidy-check-phone-{applicant}-{district}")


@pytest.mark.parametrize(
    ("applicant", "field", "value"),
    [("older", "older_age", "200"), ("child", "child_age_months", "-3")],
)
def test_impossible_age_is_explained_next_to_the_field(
    phone: Page, applicant: str, field: str, value: str
) -> None:
    start(phone, applicant)
    choose(phone, "#region", "莲都区")
    phone.locator(f"#{field}").fill(value)
    submit(phone)

    field_input = phone.locator(f"#{field}")
    message = phone.locator(f"#{field}-error")
    expect(message).to_be_visible()
    assert message.inner_text().strip()
    expect(field_input).to_have_attribute("aria-invalid", "true")
    expect(field_input).to_have_attribute("aria-describedby", f"{field}-error")
    # "Next to": the message is the element right after the field and sits just below it.
    assert field_input.evaluate("el => el.nextElementSibling.id") == f"{field}-error"
    below = message.bounding_box()["y"] - (
        field_input.bounding_box()["y"] + field_input.bounding_box()["height"]
    )
    assert 0 <= below < 40, below
    # The summary at the top links to the field, and what was typed is kept.
    expect(phone.locator(f"[role=alert] a[href='#{field}']")).to_be_visible()
    expect(field_input).to_have_value(value)
