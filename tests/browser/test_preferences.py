"""The header's language switch and large-text (长辈) mode: they apply at once and stay on."""

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.browsing import LARGE_TEXT, press_header_button

ELDER_CLASS = re.compile(r"(^|\s)elder-mode(\s|$)")


def cookie(context: BrowserContext, name: str) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == name), None)


def body_font_px(page: Page) -> float:
    return page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")


def test_language_switch_persists_across_pages(phone: Page, phone_context) -> None:
    phone.goto("/facilities/?q=托育")
    expect(phone.locator("html")).to_have_attribute("lang", "zh-Hans")

    press_header_button(phone, "English")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    assert "/facilities/" in phone.url and "q=" in phone.url  # back where the visitor was
    assert cookie(phone_context, "lang") == "en"

    with phone.expect_navigation():
        phone.locator(".main-nav a[href='/subsidies/']").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.locator("header").get_by_role("button", name="中文")).to_be_visible()

    press_header_button(phone, "中文")
    expect(phone.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert phone.url.endswith("/subsidies/")
    phone.goto("/cities/331100")
    expect(phone.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert cookie(phone_context, "lang") == "zh"


def test_elder_mode_enlarges_text_and_persists(phone: Page, phone_context) -> None:
    phone.goto("/")
    normal = body_font_px(phone)
    toggle = phone.locator("header").get_by_role("button", name=LARGE_TEXT)
    expect(toggle).to_have_attribute("aria-pressed", "false")

    press_header_button(phone, LARGE_TEXT)
    expect(phone.locator("body")).to_have_class(ELDER_CLASS)
    assert body_font_px(phone) >= 20 > normal
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert cookie(phone_context, "elder") == "1"

    with phone.expect_navigation():
        phone.locator(".main-nav a[href='/subsidies/check']").click()
    expect(phone.locator("body")).to_have_class(ELDER_CLASS)
    assert body_font_px(phone) >= 20
    # The check asks who it is for first; an older person's questions come next.
    phone.locator("input[name=applicant][value=older]").check()
    with phone.expect_navigation():
        phone.locator("form[action$='/subsidies/check'] button[type=submit]").click()
    expect(phone.locator("body")).to_have_class(ELDER_CLASS)
    # Form fields grow with the text: the bigger type is not squeezed into small boxes.
    field_height = phone.locator("#older_age").bounding_box()["height"]
    assert field_height >= 56, field_height

    press_header_button(phone, LARGE_TEXT)
    expect(phone.locator("body")).not_to_have_class(ELDER_CLASS)
    assert body_font_px(phone) == normal
