"""Map documents alone in the session's headless Chromium (tests/browser/conftest.py): they
draw, load nothing remote but tiles, and keep imported names inert."""

import mimetypes
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from portal.maps import MapCell, facility_map, region_map, results_map
from tests.maps.helpers import HOSTILE, LABELS, STATIC, point, static_url

pytestmark = pytest.mark.browser
ORIGIN = "http://carefinder.test"


def _open(browser, html: str, headers: dict[str, str] | None = None):
    """Serve ``html`` at /map and ``static/`` at /static; record every other request."""
    page = browser.new_page(viewport={"width": 800, "height": 600})
    foreign: list[str] = []
    problems: list[str] = []

    def handle(route) -> None:
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" != ORIGIN:
            foreign.append(route.request.url)
            route.abort()
        elif url.path == "/map":
            route.fulfill(body=html, content_type="text/html; charset=utf-8", headers=headers or {})
        elif url.path.startswith("/static/") and (STATIC / url.path[8:]).is_file():
            path = STATIC / url.path[8:]
            route.fulfill(body=path.read_bytes(), content_type=mimetypes.guess_type(path)[0])
        else:
            problems.append(f"404 {route.request.url}")
            route.fulfill(status=404, body="")

    page.route("**/*", handle)
    page.on("pageerror", lambda error: problems.append(f"error {error}"))
    page.on(
        "console",
        lambda msg: problems.append(f"console {msg.text}") if "Refused" in msg.text else None,
    )
    page.on(
        "dialog", lambda dialog: (problems.append(f"dialog {dialog.message}"), dialog.dismiss())
    )
    page.goto(f"{ORIGIN}/map")
    page.wait_for_selector(".leaflet-marker-icon, path.leaflet-interactive")
    return page, foreign, problems


def test_map_draws_from_local_files_and_keeps_names_inert(browser) -> None:
    points = [
        point(1, HOSTILE, lat=28.4517, lon=119.9143),
        *[point(10 + i, f"景宁县项目{i}", "county", 27.97, 119.63) for i in range(3)],
    ]
    page, foreign, problems = _open(
        browser, results_map(points, static_url=static_url, labels=LABELS)
    )
    # Only tiles leave the origin.
    assert foreign and all(u.startswith("https://tile.openstreetmap.org/") for u in foreign)
    # The three facilities at one county centroid are one cluster of 3; the area is drawn.
    # markercluster animates its first zoom; wait until the old cluster icons are gone.
    page.wait_for_function("document.querySelectorAll('.marker-cluster').length === 1")
    assert page.locator(".marker-cluster").all_inner_texts() == ["3"]
    # One shared county area, drawn as a non-interactive SVG circle under the cluster.
    assert page.locator(".leaflet-overlay-pane path").count() == 1
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() == 0
    pin = page.locator("img.leaflet-marker-icon")
    assert pin.get_attribute("src") == "/static/vendor/leaflet-1.9.3/images/marker-icon.png"
    assert pin.evaluate("img => img.naturalWidth") == 25
    pin.click()
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("strong").inner_text() == HOSTILE
    assert popup.locator("img, script").count() == 0
    assert popup.locator("a").get_attribute("target") == "_top"
    assert problems == []
    page.close()


def test_map_runs_under_a_strict_nonce_csp(browser) -> None:
    csp = (
        "default-src 'self'; script-src 'nonce-t3st'; style-src 'self' 'nonce-t3st'; "
        "img-src 'self' https://tile.openstreetmap.org"
    )
    html = results_map(
        [point(1, "丽水市社会福利中心"), point(2, "临海市项目", "county", 28.86, 121.14)],
        static_url=static_url,
        labels=LABELS,
        csp_nonce="t3st",
    )
    page, _, problems = _open(browser, html, {"Content-Security-Policy": csp})
    # A tap while the map still fits its bounds can be lost (seen once in a full run): tap
    # again until the popup shows, as a visitor would.
    popup = page.locator(".leaflet-popup-content")
    for _attempt in range(5):
        page.locator("img.leaflet-marker-icon").first.click(force=True)
        if popup.count():
            break
        page.wait_for_timeout(300)
    expect(popup.locator("strong")).to_have_count(1)
    assert problems == []
    page.close()


def test_a_vague_facility_is_an_area_with_an_explained_dot(browser) -> None:
    html = facility_map(
        point(5, "缙云县新建中心敬老院", "town", 28.66, 120.09),
        static_url=static_url,
        labels=LABELS,
    )
    page, _, problems = _open(browser, html)
    assert page.locator("img.leaflet-marker-icon").count() == 0
    assert page.locator(".leaflet-overlay-pane path").count() == 2  # area + centre dot
    # The centre dot is drawn last, on top of the area; a tap during the first render can
    # land before Leaflet binds it, so tap again until the popup shows.
    popup = page.locator(".leaflet-popup-content")
    for _attempt in range(5):
        page.locator(".leaflet-overlay-pane path.leaflet-interactive").last.click()
        if popup.count():
            break
        page.wait_for_timeout(300)
    expect(popup).to_contain_text("位置为大致范围")
    assert problems == []
    page.close()


def test_counts_of_a_big_city_open_to_their_number_and_the_list(browser) -> None:
    """Beyond 2,000 facilities a city map draws server-side counts (portal/cities/map_data):
    each is one mark with its number; an approximate count keeps its area; a tap tells the
    number and links to the list, out of the iframe."""
    html = region_map(
        [],
        ((27.9, 119.5), (28.8, 120.3)),
        cells=[MapCell(28.45, 119.91, 812, "exact"), MapCell(28.2, 120.1, 40, "county")],
        list_url="/facilities/?region=331100",
        static_url=static_url,
        labels=LABELS,
    )
    page, _, problems = _open(browser, html)
    page.wait_for_selector(".marker-cluster")
    # The map opens at one zoom and then fits the city: while it zooms, the cluster layer can
    # still show the two counts merged (852). Read them once the zoom has settled.
    counts: list[str] = []
    for _attempt in range(20):
        counts = sorted(page.locator(".marker-cluster").all_inner_texts())
        if counts == ["40", "812"]:
            break
        page.wait_for_timeout(250)
    assert counts == ["40", "812"]
    # The county count's area: one non-interactive circle, never a pin.
    assert page.locator(".leaflet-overlay-pane path").count() == 1
    assert page.locator("img.leaflet-marker-icon").count() == 0
    page.locator(".marker-cluster", has_text="812").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator("strong")).to_have_text("Projects around here: 812")
    link = popup.locator("a")
    assert link.get_attribute("href") == "/facilities/?region=331100"
    assert link.get_attribute("target") == "_top"
    assert problems == []
    page.close()


def test_counts_too_close_to_read_apart_add_up(browser) -> None:
    html = region_map(
        [],
        ((27.9, 119.5), (28.8, 120.3)),
        cells=[MapCell(28.45, 119.91, 812, "exact"), MapCell(28.46, 119.92, 100, "exact")],
        static_url=static_url,
        labels=LABELS,
    )
    page, _, problems = _open(browser, html)
    page.wait_for_function("document.querySelectorAll('.marker-cluster').length === 1")
    assert page.locator(".marker-cluster").all_inner_texts() == ["912"]  # never "2"
    assert problems == []
    page.close()
