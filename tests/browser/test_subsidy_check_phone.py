"""The subsidy check on a phone: a family with a toddler in 莲都区, and a mistyped age."""

import re

import pytest
from playwright.sync_api import Page, expect

# The national 育儿补贴 (中办、国办《育儿补贴制度实施方案》, July 2025): 3,600 yuan a year for each
# child under three.
NATIONAL_CHILD_ALLOWANCE = re.compile(r"3,?600")


def choose_region(page: Page, name: str) -> None:
    """Pick a place in the region list by its visible name (counties are indented)."""
    options = page.locator("#region option")
    value = next(o.get_attribute("value") for o in options.all() if o.inner_text().strip() == name)
    page.locator("#region").select_option(value)


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("form[action$='/subsidies/check'] button[type=submit]").click()


def test_family_with_toddler_sees_national_childcare_allowance(phone: Page) -> None:
    phone.goto("/subsidies/check")
    phone.locator("input[name=applicant][value=child]").check()
    choose_region(phone, "莲都区")
    phone.locator("#child_age_months").fill("14")
    submit(phone)

    answer = phone.locator("section[aria-labelledby=answer-heading]")
    expect(answer).to_be_visible()
    # The first list holds what applies (near misses come after, under their own heading).
    cards = answer.locator("ul.result-list").first
    allowance = cards.locator("li.card", has_text="育儿补贴").first
    expect(allowance).to_be_visible()
    assert NATIONAL_CHILD_ALLOWANCE.search(allowance.inner_text()), allowance.inner_text()
    # The answer is a link the family can keep: the choices are in the address.
    assert "applicant=child" in phone.url and "child_age_months=14" in phone.url


@pytest.mark.parametrize(
    ("applicant", "field", "value"),
    [("older", "older_age", "200"), ("child", "child_age_months", "-3")],
)
def test_impossible_age_is_explained_next_to_the_field(
    phone: Page, applicant: str, field: str, value: str
) -> None:
    phone.goto("/subsidies/check")
    phone.locator(f"input[name=applicant][value={applicant}]").check()
    choose_region(phone, "莲都区")
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
