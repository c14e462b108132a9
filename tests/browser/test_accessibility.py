"""axe-core (WCAG 2.1 A and AA rules) on the main pages, in normal and large-text mode.

A serious or critical violation fails the test and is printed with the elements it concerns.
The map documents inside the iframes are checked on their own, as a screen reader meets them.
"""

import pytest
from playwright.sync_api import Page

from tests.browser.browsing import (
    MAP_SHAPES,
    axe_violations,
    describe_violations,
    first_facility_path,
)

PAGES = {
    "home": "/",
    "results": "/facilities/?q=托育",
    "facility": None,  # the first 托育 result, found by the test
    "subsidies": "/subsidies/",
    "subsidy-check": "/subsidies/check",
    "subsidy-answer": "/subsidies/check?applicant=child&region=331102&child_age_months=14",
    "subsidy-errors": "/subsidies/check?applicant=older&older_age=200",
    "city-lishui": "/cities/331100",
}


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_axe_violations(
    phone: Page, phone_context, live_server, name: str, mode: str
) -> None:
    if mode == "elder":
        phone_context.add_cookies([{"name": "elder", "value": "1", "url": live_server}])
    phone.goto(PAGES[name] or first_facility_path(phone))
    violations = axe_violations(phone)
    assert not violations, f"{name} ({mode}):\n{describe_violations(violations)}"


@pytest.mark.parametrize("path", ["/facilities/map?q=托育", "/cities/331100/map"])
def test_map_document_has_no_serious_axe_violations(desktop: Page, path: str) -> None:
    desktop.goto(path)
    desktop.wait_for_selector(MAP_SHAPES, state="attached")
    violations = axe_violations(desktop)
    assert not violations, f"{path}:\n{describe_violations(violations)}"
