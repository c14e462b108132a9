"""Finding childcare on a phone: search, filter, open a facility, see where it is and its source."""

import re
from pathlib import Path

import yaml
from playwright.sync_api import Page, expect

from tests.browser.browsing import drawn_shapes, map_frame

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
COUNT = re.compile(r"(\d+)")
TILE = re.compile(r"/\d+/\d+/\d+\.png$")  # z/x/y slippy-map tiles
SOURCE_LINE = re.compile(r"(?:line|第)\s*(\d+)")


def result_count(page: Page) -> int:
    """The number in the results heading ("31 facilities found" / "找到 31 个")."""
    match = COUNT.search(page.locator("#results-heading").inner_text())
    assert match, "results heading has no count"
    return int(match.group(1))


def search_from_home(page: Page, text: str) -> None:
    page.goto("/")
    page.get_by_role("searchbox").fill(text)
    with page.expect_navigation():
        page.get_by_role("searchbox").press("Enter")


def plan_file(title: str) -> Path:
    """The bundled plan whose title (in data/plans/plans.yaml) is ``title``."""
    catalogue = yaml.safe_load((PLANS / "plans.yaml").read_text(encoding="utf-8"))
    names = [name for name, entry in catalogue.items() if entry["title"] == title]
    assert names, f"no plan titled {title!r} in plans.yaml"
    return PLANS / names[0]


def test_search_finds_lishui_liandu_elder_care(phone: Page) -> None:
    # (The plans list no childcare for under-threes in 莲都区: its 托育领域 rows are
    # kindergartens for ages 3–6 and a hospital building, 001:340-398.)
    search_from_home(phone, "莲都 养老")
    assert "q=" in phone.url
    cards = phone.locator(".result-list .card")
    expect(cards.first).to_be_visible()
    # 莲都区 is a district of 丽水市: the first page of results is about places there.
    texts = cards.all_inner_texts()
    assert sum("莲都" in t for t in texts) >= len(texts) // 2, texts
    assert result_count(phone) >= len(texts)


def test_kind_filter_adds_a_chip_and_narrows_the_results(phone: Page) -> None:
    phone.goto("/facilities/?q=托育")
    everything = result_count(phone)
    phone.locator("[data-filters-toggle]").click()
    kinds = phone.locator("fieldset", has=phone.locator("input[name=kind]")).locator("label")
    expect(kinds.first).to_be_visible()
    # Pick the first kind that holds some but not all of the results.
    facet = {}
    for label in kinds.all():
        facet[label] = int(COUNT.findall(label.inner_text())[-1])
    label, expected = next((lab, n) for lab, n in facet.items() if 0 < n < everything)
    label.locator("input").check()
    with phone.expect_navigation():
        phone.locator("#filters button[type=submit]").click()

    chips = phone.locator(".chips a")
    expect(chips).to_have_count(1)
    # The facet count promised before applying is what the filtered search finds.
    assert result_count(phone) == expected < everything

    with phone.expect_navigation():
        chips.first.click()
    expect(phone.locator(".chips a")).to_have_count(0)
    assert result_count(phone) == everything


def test_facility_page_shows_its_source_line_and_area_on_a_map(phone: Page, network_log) -> None:
    search_from_home(phone, "莲都 养老")
    first = phone.locator(".result-list .card h2 a").first
    with phone.expect_navigation():
        first.click()
    name = phone.locator("h1").inner_text().split("\n")[0].strip()

    source = phone.locator("p.source")
    expect(source).to_contain_text(re.compile("来源|Source"))
    line = int(SOURCE_LINE.search(source.inner_text()).group(1))
    # The cited line of the cited plan really names this facility.
    title = source.locator("a").inner_text().strip()
    plan_lines = plan_file(title).read_text(encoding="utf-8").splitlines()
    assert name in plan_lines[line - 1], (name, line, plan_lines[line - 1])

    frame = map_frame(phone)
    assert drawn_shapes(frame) >= 1
    # Tiles were asked for and refused; nothing else left the machine.
    assert network_log.aborted
    assert all(TILE.search(url) for url in network_log.aborted), network_log.aborted
