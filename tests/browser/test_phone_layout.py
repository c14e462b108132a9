"""Every main page on a 360 px phone: no sideways scrolling, thumb-sized controls, real Chinese.

Each page is also saved as a full-page screenshot in test-artifacts/screenshots/.
"""

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.browsing import (
    MAIN_PAGES,
    first_facility_path,
    horizontal_overflow,
    small_tap_targets,
    undersized_text,
)

PAGES = [*MAIN_PAGES, "facility"]
MODES = ["normal", "elder"]


def open_in_mode(page: Page, context: BrowserContext, base_url: str, name: str, mode: str) -> None:
    """Open a main page by name, with the large-text cookie set for ``elder``."""
    if mode == "elder":
        context.add_cookies([{"name": "elder", "value": "1", "url": base_url}])
    path = first_facility_path(page) if name == "facility" else MAIN_PAGES[name]
    page.goto(path)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_and_has_thumb_sized_controls(
    phone: Page, phone_context, live_server, screenshot, console, name: str, mode: str
) -> None:
    console.attach(phone)  # also catches what the pages' CSP refuses (inline script or style)
    open_in_mode(phone, phone_context, live_server, name, mode)
    assert phone.viewport_size["width"] == 360
    assert horizontal_overflow(phone) == 0, "the page scrolls sideways at 360 px"
    assert small_tap_targets(phone) == []
    screenshot(phone, f"phone-{mode}-{name}")
    assert console.unexpected() == []


@pytest.mark.parametrize("mode", MODES)
def test_open_filters_fit_a_phone(phone: Page, phone_context, live_server, mode: str) -> None:
    """The filter panel is collapsed on phones; opened, its checkboxes and fields are big enough."""
    open_in_mode(phone, phone_context, live_server, "results", mode)
    phone.locator("[data-filters-toggle]").click()
    assert phone.locator("#filters input[type=checkbox]").first.is_visible()
    assert horizontal_overflow(phone) == 0
    assert small_tap_targets(phone) == []


@pytest.mark.parametrize("name", PAGES)
def test_elder_mode_leaves_no_small_text(phone: Page, phone_context, live_server, name) -> None:
    """In 长辈模式 nothing is below 16 px, and no heading or field is smaller than body text."""
    open_in_mode(phone, phone_context, live_server, name, "elder")
    assert undersized_text(phone, minimum_px=16) == []


def test_city_chart_labels_are_readable_on_a_phone(phone: Page) -> None:
    phone.goto("/cities/331100")
    sizes = phone.evaluate(
        """() => [...document.querySelectorAll('figure.chart svg text')].map(
            t => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))"""
    )
    assert sizes, "the city page has no chart labels"
    assert min(sizes) >= 12, f"smallest chart label is {min(sizes):.1f} px"


def test_chinese_is_drawn_with_real_glyphs(phone: Page) -> None:
    """Without a CJK font (fonts-noto-cjk) every Chinese character is the same empty box."""
    phone.goto("/")
    drawings = phone.evaluate(
        """() => ['莲', '托', '一'].map(ch => {
            const c = document.createElement('canvas'); c.width = c.height = 40;
            const g = c.getContext('2d');
            g.font = '32px ' + getComputedStyle(document.body).fontFamily;
            g.fillText(ch, 2, 34);
            return c.toDataURL();
        })"""
    )
    assert len(set(drawings)) == 3, "Chinese renders as boxes: run `make browser` (fonts-noto-cjk)"
