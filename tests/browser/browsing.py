"""What the browser tests do to a page: press header buttons, run axe, measure layout.

Plain functions over a Playwright ``Page``, shared by the test modules of this folder.
"""

import re
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Frame, Locator, Page

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_PATH = "/__browser-tests__/axe.min.js"  # not a portal URL: answered by a test route
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
LARGE_TEXT = re.compile(r"Large text mode|长辈模式")
TAP_MIN = 44  # px: WCAG 2.5.5 target size, Apple and Android guidance

# The pages a visitor reaches from the header and the home page; the facility page is added
# by the tests once they know an id.
MAIN_PAGES = {
    "home": "/",
    "results": "/facilities/?q=托育",
    "subsidies": "/subsidies/",
    "subsidy-check": "/subsidies/check",
    "services": "/services/",
    "city-lishui": "/cities/331100",
    "sources": "/sources",
    "staff-login": "/staff/login",
}

# Leaflet draws approximate areas as SVG paths and pins as marker images; clusters are divs.
MAP_SHAPES = ".leaflet-marker-icon, path.leaflet-interactive, .marker-cluster"


def press_header_button(page: Page, name: str | re.Pattern) -> None:
    """Press a preference button in the header (language, large text) and wait for the reload."""
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name=name).click()


def first_facility_path(page: Page, query: str = "托育") -> str:
    """The link of the first search result for ``query``, as a visitor would follow it."""
    page.goto(f"/facilities/?q={query}")
    href = page.locator(".result-list .card h2 a").first.get_attribute("href")
    assert href, f"no result links for {query}"
    return href


# Shapes with a size on screen. Clusters re-render while the map settles, so count in one go.
_DRAWN_JS = """(selector) => [...document.querySelectorAll(selector)].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
}).length"""


def map_frame(page: Page) -> Frame:
    """The document inside the page's map iframe, once it has drawn at least one shape."""
    iframe = page.locator("iframe.map-frame")
    iframe.scroll_into_view_if_needed()  # the iframe loads lazily
    handle = iframe.element_handle()
    assert handle is not None, "no map iframe on the page"
    frame = handle.content_frame()
    assert frame is not None, "map iframe has no document"
    frame.wait_for_function(f"(selector) => ({_DRAWN_JS})(selector) >= 1", arg=MAP_SHAPES)
    return frame


def drawn_shapes(frame: Frame) -> int:
    """How many markers, clusters and area shapes the map shows with a size on screen."""
    return frame.evaluate(_DRAWN_JS, MAP_SHAPES)


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core with the WCAG 2.1 A/AA rules; return violations that are serious or worse."""
    # The portal's CSP (script-src 'self') refuses inline scripts, so axe is not pasted into the
    # page: it is served from the page's own origin by a route that exists only in the test.
    url = urljoin(page.url, AXE_PATH)
    page.route(url, lambda route: route.fulfill(path=AXE_JS, content_type="text/javascript"))
    try:
        page.add_script_tag(url=url)
    finally:
        page.unroute(url)
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
            }));
        }""",
        WCAG_TAGS,
    )
    return [v for v in result if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}: {node['summary']}")
    return "\n".join(lines)


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


# Controls a thumb must hit: buttons, form fields, nav links, pagination and chips. Links inside
# running text are exempt (WCAG 2.5.8 "inline" exception); so are hidden controls.
TAP_TARGETS = ", ".join(
    [
        "button",
        "input:not([type=hidden])",
        "select",
        "summary",
        ".main-nav a",
        ".pagination a",
        ".chips a",
        ".entry-grid a",
        ".brand",
    ]
)


def small_tap_targets(page: Page) -> list[str]:
    """Visible controls smaller than 44×44 px, described as ``tag#id "text" w×h``.

    A checkbox or radio counts by its label, which is what the thumb actually presses.
    """
    return page.evaluate(
        """([selector, min]) => {
            const small = [];
            for (const el of document.querySelectorAll(selector)) {
                const style = getComputedStyle(el);
                if (style.visibility === 'hidden' || el.closest('[hidden]')) continue;
                let box = el.getBoundingClientRect();
                if (box.width === 0 && box.height === 0) continue;  // display:none or collapsed
                if (el.matches('input[type=checkbox], input[type=radio]') && el.closest('label')) {
                    box = el.closest('label').getBoundingClientRect();
                }
                if (box.width + 0.5 < min || box.height + 0.5 < min) {
                    const text = (el.innerText || el.value || el.name || '').trim().slice(0, 30);
                    small.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ` +
                               `"${text}" ${Math.round(box.width)}×${Math.round(box.height)}`);
                }
            }
            return small;
        }""",
        [TAP_TARGETS, TAP_MIN],
    )


def visible_text(locator: Locator) -> str:
    return " ".join(locator.all_inner_texts())


def undersized_text(page: Page, minimum_px: float) -> list[str]:
    """Visible text smaller than ``minimum_px``, and headings or fields smaller than body text.

    Charts (SVG) are left out: their text scales with the drawing. Each entry reads
    ``tag.class size "text"``.
    """
    return page.evaluate(
        """(minimum) => {
            const body = parseFloat(getComputedStyle(document.body).fontSize);
            const found = new Set();
            for (const el of document.querySelectorAll('body *')) {
                if (el.closest('svg, [hidden], .visually-hidden, .skip-link')) continue;
                const field = el.matches(
                    'input:not([type=checkbox]):not([type=radio]):not([type=hidden]), ' +
                    'select, textarea, button');
                const text = [...el.childNodes].some(
                    n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
                if (!field && !text) continue;
                const box = el.getBoundingClientRect();
                if (!box.width || !box.height) continue;
                const size = parseFloat(getComputedStyle(el).fontSize);
                const heading = el.matches('h1, h2, h3') || field;
                if (size + 0.01 < minimum || (heading && size + 0.01 < body)) {
                    const cls = typeof el.className === 'string' && el.className
                        ? '.' + el.className.split(' ')[0] : '';
                    const words = (el.innerText || el.value || '').trim().slice(0, 20);
                    found.add(`${el.tagName.toLowerCase()}${cls} ${size.toFixed(1)}px "${words}"`);
                }
            }
            return [...found];
        }""",
        minimum_px,
    )
