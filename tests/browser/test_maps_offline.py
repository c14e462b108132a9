"""Maps with the network cut off: shapes still draw from local Leaflet, only tiles go missing."""

import re

import pytest
from playwright.sync_api import Page

from tests.browser.browsing import drawn_shapes, map_frame

TILE = re.compile(r"/\d+/\d+/\d+\.png$")


@pytest.mark.parametrize(
    ("path", "map_path"),
    [
        ("/facilities/?q=托育&view=map", "/facilities/map"),
        ("/cities/331100", "/cities/331100/map"),
    ],
)
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_map_draws_offline_without_errors(
    request, device: str, path: str, map_path: str, console, network_log
) -> None:
    page: Page = request.getfixturevalue(device)
    console.attach(page)
    page.goto(path)
    frame = map_frame(page)
    assert map_path in frame.url

    assert drawn_shapes(frame) >= 1
    # Leaflet itself came from our static folder, not a CDN.
    assert frame.evaluate("() => typeof L === 'object' && typeof L.map === 'function'")

    assert network_log.aborted, "expected the (blocked) tile server to be asked for tiles"
    assert all(TILE.search(url) for url in network_log.aborted), network_log.aborted
    assert console.unexpected() == []


def test_results_map_link_toggles_the_map(phone: Page) -> None:
    phone.goto("/facilities/?q=托育")
    assert phone.locator("iframe.map-frame").count() == 0
    with phone.expect_navigation():
        phone.locator("a[href*='view=map']").click()
    assert "view=map" in phone.url
    assert drawn_shapes(map_frame(phone)) >= 1
    with phone.expect_navigation():
        phone.get_by_role("link", name="隐藏地图").click()
    assert "view=map" not in phone.url
    assert phone.locator("iframe.map-frame").count() == 0
