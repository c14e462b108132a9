"""Find care on every screen (issue 14): each finding driven by clicks and taps.

Every test runs for four visitors that together cover 360 px and 1280 px, Chinese and English,
normal and 长辈模式: a phone in Chinese, a phone in English in elder mode, a desktop in English
and a desktop in Chinese in elder mode. Expected facilities come from the plan text (cited in
``tests/test_find_care_search.py``) or from the JSON API, an independent path to the same data.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Frame, Page, expect

from tests.browser.browsing import map_frame
from tests.browser.conftest import DESKTOP, PHONE, _close, _context

COUNT = re.compile(r"(\d+)")
VISITORS = {
    "phone-zh": (PHONE, "zh", False),
    "phone-en-elder": (PHONE, "en", True),
    "desktop-en": (DESKTOP, "en", False),
    "desktop-zh-elder": (DESKTOP, "zh", True),
}
LISHUI = {"latitude": 28.4517, "longitude": 119.9223}  # 丽水市 centre, where a visitor stands


@dataclass
class Visitor:
    page: Page
    context: BrowserContext
    phone: bool
    lang: str
    elder: bool
    base_url: str

    def say(self, zh: str, en: str) -> str:
        """The text this visitor's pages show for a control."""
        return en if self.lang == "en" else zh

    @property
    def height(self) -> int:
        return self.page.viewport_size["height"]


@pytest.fixture(params=list(VISITORS))
def visitor(request, browser, live_server, network_log) -> Iterator[Visitor]:
    options, lang, elder = VISITORS[request.param]
    context = _context(browser, live_server, network_log, **options)
    context.add_cookies(
        [
            {"name": "lang", "value": lang, "url": live_server},
            {"name": "elder", "value": "1" if elder else "0", "url": live_server},
        ]
    )
    page = context.new_page()
    yield Visitor(page, context, options is PHONE, lang, elder, live_server)
    _close(context)


def result_count(page: Page) -> int:
    match = COUNT.search(page.locator("#results-heading").inner_text())
    assert match, "results heading has no count"
    return int(match.group(1))


def api_names(v: Visitor, **params) -> list[str]:
    """Every facility name the JSON API lists for ``params``: the same data by another path."""
    names, page = [], 1
    while True:
        query = urlencode({**params, "page": page}, doseq=True)
        data = v.page.request.get(f"{v.base_url}/api/v1/facilities?{query}").json()
        names += [r["name"] for r in data["results"]]
        if page * data["per_page"] >= data["total"]:
            return names
        page += 1


def open_filters(v: Visitor) -> None:
    """Phones tap "Filters (n)"; on a desktop the panel is already there."""
    panel = v.page.locator("#filters")
    if v.phone:
        expect(panel).to_be_hidden()
        v.page.locator("[data-filters-toggle]").click()
    expect(panel).to_be_visible()


def apply_filters(v: Visitor) -> None:
    with v.page.expect_navigation():
        v.page.locator("#filters button[type=submit]").click()


def search_for(v: Visitor, text: str) -> None:
    box = v.page.get_by_role("searchbox")
    box.fill(text)
    with v.page.expect_navigation():
        box.press("Enter")


def chip_texts(page: Page) -> list[str]:
    return [t.replace("×", "").strip() for t in page.locator(".chips a").all_inner_texts()]


def params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# 1 ------------------------------------------------------------------------------------------
def test_filters_open_and_apply_on_every_width(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/facilities/?q=托育")
    everything = result_count(page)
    open_filters(visitor)
    expect(
        page.get_by_role("button", name=visitor.say("使用我的位置", "Use my location"))
    ).to_be_visible()
    option = page.locator("#filters label", has=page.locator("input[value=childcare_centre]"))
    promised = int(COUNT.findall(option.inner_text())[-1])
    option.click()
    apply_filters(visitor)
    assert result_count(page) == promised < everything
    expect(page.locator(".chips a")).to_have_count(1)
    toggle = page.locator("[data-filters-toggle]")
    if visitor.phone:
        expect(toggle).to_contain_text("(1)")


# 2 ------------------------------------------------------------------------------------------
def test_results_come_first_from_the_home_tile_and_after_a_near_district(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/")
    with page.expect_navigation():
        page.locator(".entry-grid a[href*='audience=infants']").click()
    first = page.locator(".result-list .card").first
    # Within the first screen (phones in elder mode: the large header leaves a little less).
    limit = visitor.height * (1.25 if visitor.elder and visitor.phone else 1)
    assert first.bounding_box()["y"] < limit
    open_filters(visitor)
    # 椒江区 has childcare for under-threes in the plans (000:346-396); 莲都区 has none: its
    # 托育领域 rows are kindergartens for ages 3–6 (001:341-398), and the page would say so.
    page.locator("#near").select_option(label="椒江区")
    apply_filters(visitor)
    assert "near=331002" in page.url and "audience=infants" in page.url
    assert page.locator(".result-list .card").first.bounding_box()["y"] < limit


# 3 ------------------------------------------------------------------------------------------
def test_repeated_parameters_survive_map_search_sort_language_and_pages(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/facilities/?kind=care_home&kind=medical_care&region=331102")
    listed = result_count(page)
    assert listed == len(api_names(visitor, kind=["care_home", "medical_care"], region="331102"))
    with page.expect_navigation():
        page.get_by_role("link", name=visitor.say("在地图上显示", "Show on a map")).click()
    assert params(page)["kind"] == ["care_home", "medical_care"]
    frame = map_frame(page)
    expect(frame.locator(".cf-map-note")).to_contain_text(str(listed))
    search_for(visitor, "医院")
    assert params(page)["kind"] == ["care_home", "medical_care"]
    assert params(page)["region"] == ["331102"] and params(page)["q"] == ["医院"]
    open_filters(visitor)
    page.locator("#filters input[name=sort][value=capacity]").check()
    apply_filters(visitor)
    assert sorted(params(page)["kind"]) == ["care_home", "medical_care"]
    assert params(page)["sort"] == ["capacity"]
    chips = chip_texts(page)
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name=visitor.say("English", "中文")).click()
    assert sorted(params(page)["kind"]) == ["care_home", "medical_care"]
    assert len(chip_texts(page)) == len(chips) == 3
    page.goto("/facilities/?kind=care_home&kind=medical_care")
    with page.expect_navigation():
        page.locator(".pagination a[rel=next]").click()
    assert params(page)["kind"] == ["care_home", "medical_care"] and params(page)["page"] == ["2"]


# 4 ------------------------------------------------------------------------------------------
def _cluster_size(frame: Frame) -> int:
    return frame.evaluate(
        """() => Object.values(window).filter(v => v instanceof L.MarkerClusterGroup)
                 .reduce((n, group) => n + group.getLayers().length, 0)"""
    )


def test_results_map_draws_every_match_not_only_the_page(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/facilities/?q=托育")
    total = result_count(page)
    assert total > 20  # more than one page
    with page.expect_navigation():
        page.get_by_role("link", name=visitor.say("在地图上显示", "Show on a map")).click()
    frame = map_frame(page)
    data = []
    for number in range(1, total // 20 + 2):
        url = f"{visitor.base_url}/api/v1/facilities?q=托育&page={number}"
        data += page.request.get(url).json()["results"]
    located = sum(
        1 for r in data if r["coordinates"] and r["precision"] not in ("province", "none")
    )
    assert _cluster_size(frame) == located
    expect(frame.locator(".cf-map-note")).to_contain_text(str(total))


# 5 and 6 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "same_as", "expected"),
    [
        ("liandu", "莲都", "莲都区峰源乡居家养老服务中心"),  # 001:273
        ("lianduqu", "莲都", "莲都区峰源乡居家养老服务中心"),
        ("liandu yanglao", "莲都 养老", "莲都区幸福养老院项目"),  # 001:292
        ("nanhu tuoyu", "南湖 托育", "南湖街道托育服务点"),  # 002:855
        ("care home", "养老院", "莲都区幸福养老院项目"),
        ("childcare", "托育", "玉环市人民医院托育中心"),  # 000:819
        ("kindergarten", "幼儿园", "丽水市天宸一号幼儿园"),  # 001:341
        ("elderly", "老年人", "莲都区峰源乡居家养老服务中心"),
    ],
)
def test_pinyin_and_english_queries_find_the_plan_facilities(
    visitor: Visitor, typed: str, same_as: str, expected: str
) -> None:
    page = visitor.page
    page.goto("/facilities/")
    search_for(visitor, typed)
    names = api_names(visitor, q=same_as)
    assert expected in names
    assert result_count(page) == len(names) > 0
    if expected in page.locator(".result-list").inner_text() and visitor.lang == "en":
        # English pages read names in spaced syllables, the gazetteer's way (莲都 = lián dū).
        pinyin = page.locator(".pinyin").all_inner_texts()
        assert all("dōu" not in p for p in pinyin)
        assert all(" " in p for p in pinyin if len(p) > 8)  # never one run-together word


# 7 ------------------------------------------------------------------------------------------
def test_soonest_completion_sort_says_what_it_uses(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/facilities/?q=托育")
    open_filters(visitor)
    page.locator("#filters input[name=sort][value=year]").check()
    apply_filters(visitor)
    expect(page.locator(".order-note[data-order=year]")).to_be_visible()
    # Each card's dated statement names the plan's year and the planned completion year.
    statements = " ".join(page.locator(".result-list .card .status-statement").all_inner_texts())
    years = [
        int(y)
        for y in re.findall(r"(?:计划(?:已于)?|completion |completed by )(20\d\d)", statements)
    ]
    assert years and years == sorted(years)


def test_a_near_district_says_same_district_instead_of_zero_km(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/facilities/?q=托育")
    open_filters(visitor)
    # 椒江区's streets hold 托育 projects (000:346-396); 莲都区 has none for under-threes.
    page.locator("#near").select_option(label="椒江区")
    page.locator("#filters input[name=sort][value=distance]").check()
    apply_filters(visitor)
    expect(page.locator(".order-note[data-order=district]")).to_contain_text("椒江区")
    distances = page.locator(".result-list .distance").all_inner_texts()
    assert distances and not any("0.0" in d for d in distances)
    assert distances[0] == visitor.say("同在椒江区", "Also in 椒江区")


def test_my_location_is_announced_and_a_refusal_is_explained(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/facilities/?q=养老")
    open_filters(visitor)
    button = page.get_by_role("button", name=visitor.say("使用我的位置", "Use my location"))
    button.click()  # no permission given: the browser refuses
    expect(page.locator("[data-geolocate-status]")).to_contain_text(
        visitor.say("您没有允许浏览器提供位置", "You did not allow the browser")
    )
    visitor.context.grant_permissions(["geolocation"])
    visitor.context.set_geolocation(LISHUI)
    with page.expect_navigation():
        button.click()
    expect(page.locator(".order-note[data-order=visitor]")).to_be_visible()
    assert params(page)["sort"] == ["distance"]


# 8 ------------------------------------------------------------------------------------------
def test_errors_are_pages_that_say_what_happened(visitor: Visitor) -> None:
    page = visitor.page
    response = page.goto("/facilities/99999999999999999999999")
    assert response is not None and response.status == 404
    response = page.goto("/facilities/?q=托育&page=9999")
    assert response is not None and response.status == 404
    expect(page.locator(".notice[role=alert]")).to_contain_text("9999")
    with page.expect_navigation():
        page.get_by_role("link", name=visitor.say("转到最后一页", "Go to the last page")).click()
    expect(page.locator(".result-list .card").first).to_be_visible()
    last = int(page.locator(".pagination [aria-current=page]").inner_text())
    assert last == -(-result_count(page) // 20)
    search_for(visitor, "asdfqwer zxcv 鸡鸭鹅狗")
    assert result_count(page) == 0
    expect(page.get_by_text(visitor.say("您是不是要找", "Did you mean"))).to_have_count(0)
    page.goto("/subsidies/check?applicant=older&region=999999&older_age=80")
    expect(page.locator("#region-error")).to_be_visible()


def test_sources_link_lists_that_documents_facilities(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/sources")
    link = page.locator("a[href*='doc=']").first
    with page.expect_navigation():
        link.click()
    slug = params(page)["doc"][0]
    assert result_count(page) == len(api_names(visitor, doc=slug)) > 0
    expect(page.locator(".chips a")).to_have_count(1)


# 9 ------------------------------------------------------------------------------------------
def test_every_nav_link_is_on_screen_and_secondary_text_is_full_size(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/facilities/?q=莲都 养老&near=331102&sort=distance")
    width = page.viewport_size["width"]
    for link in page.locator(".main-nav a").all():
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, link.inner_text()
    body = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.result-list .meta, .distance, .order-note')]
                 .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    if visitor.elder:
        assert body > 20 and min(sizes) >= body
    with page.expect_navigation():
        page.locator(".main-nav a").last.click()
    assert urlsplit(page.url).path == "/sources"


def test_check_boxes_and_map_controls_are_big_enough(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/subsidies/check")
    box = page.locator("form input[type=checkbox], form input[type=radio]").first.bounding_box()
    if visitor.elder:
        assert box["width"] >= 24 and box["height"] >= 24
    page.goto("/facilities/?q=托育&view=map")
    frame = map_frame(page)
    zoom = frame.locator(".leaflet-control-zoom-in").bounding_box()
    assert zoom["width"] >= 44 and zoom["height"] >= 44
    elder_map = frame.evaluate("() => document.documentElement.classList.contains('elder-mode')")
    assert elder_map == visitor.elder


# 10 -----------------------------------------------------------------------------------------
def test_static_files_are_fingerprinted_and_cached_for_good(visitor: Visitor) -> None:
    page = visitor.page
    statics = []
    page.on("response", lambda r: statics.append(r) if "/static/" in r.url else None)
    page.goto("/")
    with page.expect_navigation() as navigation:
        page.locator(".main-nav a").first.click()
    vary = navigation.value.headers.get("vary", "")
    assert "Accept-Language" in vary and "Cookie" in vary
    with page.expect_navigation():
        page.get_by_role("link", name=visitor.say("在地图上显示", "Show on a map")).click()
    map_frame(page)
    fetched = [r for r in statics if r.status == 200 and "/images/" not in r.url]
    assert fetched
    for response in fetched:
        assert "?v=" in response.url, response.url
        assert "immutable" in response.headers.get("cache-control", ""), response.url


# 11 -----------------------------------------------------------------------------------------
def _box(frame: Frame, selector: str) -> dict:
    return frame.locator(selector).first.bounding_box()


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def _tap_until_a_popup_opens(frame: Frame, popup) -> None:
    """A tapped cluster zooms in (and may open more clusters): keep tapping what it opened,
    a single marker when one is in view, until a popup shows."""
    # (a spiderfied cluster's legs are paths too, drawn without fill: not markers)
    singles = "path.leaflet-interactive:not([fill=none]), .leaflet-marker-icon:not(.marker-cluster)"
    view = _box(frame, ".leaflet-container")
    note = _box(frame, ".cf-map-note") if frame.locator(".cf-map-note").count() else None
    for _ in range(10):
        if popup.count():
            return
        frame.wait_for_timeout(400)  # the zoom animation settles before the next tap
        for selector in (singles, ".marker-cluster"):
            in_view = [
                dot
                for dot in frame.locator(selector).all()
                if (box := dot.bounding_box())
                and _inside(box, view)
                and not (note and _overlap(box, note))  # the note takes the tap
            ]
            if in_view:
                in_view[0].click()
                break


def _inside(box: dict, view: dict) -> bool:
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    return (
        view["x"] < cx < view["x"] + view["width"] and view["y"] < cy < view["y"] + view["height"]
    )


def test_map_chrome_speaks_the_pages_language_and_keeps_clear(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/facilities/?q=托育")
    with page.expect_navigation():
        page.get_by_role("link", name=visitor.say("在地图上显示", "Show on a map")).click()
    frame = map_frame(page)
    expect(frame.locator(".leaflet-attribution-flag")).to_have_count(0)
    assert frame.locator(".leaflet-control-zoom-in").get_attribute("title") == visitor.say(
        "放大", "Zoom in"
    )
    assert not _overlap(
        _box(frame, ".leaflet-control-scale"), _box(frame, ".leaflet-control-attribution")
    )
    # Tap the marker nearest the zoom control: its popup opens clear of the control.
    frame.wait_for_timeout(800)  # clusters settle after the map fits its bounds
    dots = frame.locator("path.leaflet-interactive, .marker-cluster, .leaflet-marker-icon")
    # A marker under the map's own note ("All 90 matches …") cannot be tapped.
    note = _box(frame, ".cf-map-note") if frame.locator(".cf-map-note").count() else None
    boxes = [
        (b["y"] + b["x"], i)
        for i, b in enumerate(d.bounding_box() for d in dots.all())
        if b and not (note and _overlap(b, note))
    ]
    _, nearest = min(boxes)
    dots.nth(nearest).click()
    popup = frame.locator(".leaflet-popup-content-wrapper")
    _tap_until_a_popup_opens(frame, popup)
    expect(popup).to_be_visible()
    frame.wait_for_timeout(600)  # the map pans the popup into view
    assert not _overlap(popup.bounding_box(), _box(frame, ".leaflet-control-zoom"))


# 12 -----------------------------------------------------------------------------------------
def test_hailing_district_can_be_chosen_as_near(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/facilities/?q=养老院")
    open_filters(visitor)
    page.locator("#near").select_option(label="海陵区")
    page.locator("#filters input[name=sort][value=distance]").check()
    apply_filters(visitor)
    assert params(page)["near"] == ["321202"]
    expect(page.locator("[data-empty-district]")).to_contain_text("海陵区")
    expect(page.locator(".result-list .card").first).to_be_visible()
