"""Real-browser fixtures: one live portal and one headless Debian Chromium per test process.

The portal is built by its real first start (all of data/ imported, the index built) in a
temporary folder and served on a loopback port by werkzeug. Chromium is Debian's
``/usr/bin/chromium`` driven by Playwright; Playwright never downloads a browser here.

Every request to a host other than 127.0.0.1/localhost (OpenStreetMap tiles, any CDN) is
aborted and recorded, so the tests show what the portal does with the network cut off.

If Chromium is missing the tests FAIL (``make browser`` installs it): skipping would let a
broken CI run look green. ``CAREFINDER_SKIP_BROWSER=1`` skips them on purpose.
"""

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Route,
    sync_playwright,
)
from werkzeug.serving import WSGIRequestHandler, make_server

from portal import create_app
from tests.conftest import new_database_url

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost"}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "zh-CN"}


@pytest.hookimpl(tryfirst=True)  # before `-m` selection looks at the marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser`` so ``-m "not browser"`` leaves them out."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class NetworkLog:
    """What the browser tried to fetch from outside loopback (all of it was aborted)."""

    aborted: list[str] = field(default_factory=list)

    def guard(self, route: Route) -> None:
        """Let loopback through; abort and record everything else."""
        if is_loopback(route.request.url):
            route.continue_()
        else:
            self.aborted.append(route.request.url)
            route.abort()


@dataclass
class ConsoleWatch:
    """Console errors and uncaught exceptions of one page, including those of its iframes."""

    errors: list[tuple[str, str]] = field(default_factory=list)  # (text, url it came from)

    def attach(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append((f"uncaught: {error}", page.url)))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append((message.text, (message.location or {}).get("url", "")))

    def unexpected(self) -> list[str]:
        """Every error except "failed to load" for a non-loopback request (we blocked those)."""
        return [
            f"{text} @ {url}"
            for text, url in self.errors
            if not (text.startswith("Failed to load resource") and not is_loopback(url))
        ]


def is_loopback(url: str) -> bool:
    return (urlsplit(url).hostname or "") in LOOPBACK


RESPONSE_KEY = "carefinder.tests.response"


class KeepResponse:
    """WSGI middleware that leaves the app's response in the environ for the handler below."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        response = self.app(environ, start_response)
        environ[RESPONSE_KEY] = response
        return response


class ClosingRequestHandler(WSGIRequestHandler):
    """Closes the response when the browser hangs up mid-request.

    werkzeug 3.1 drains the socket before closing the response; on a reset connection (a
    context closed while a static file was being sent) that read raises and the open file is
    only found later by the garbage collector: a ResourceWarning, an error under our filters.
    """

    def connection_dropped(self, error: BaseException, environ=None) -> None:
        response = (environ or {}).get(RESPONSE_KEY)
        if response is not None and hasattr(response, "close"):
            response.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    """The portal after a real first start, served on a free loopback port. Read-only."""
    folder = tmp_path_factory.mktemp("browser-portal")
    app = create_app(
        {
            # The run's backend: a fresh PostgreSQL schema under --db postgresql.
            "DATABASE_URL": new_database_url() or f"sqlite:///{folder / 'db.sqlite'}",
            "INDEX_DIR": str(folder / "index"),
            "SECRET_KEY": "browser-tests-not-for-production",
            "INDEX_SYNC_SECONDS": 0,
        }
    )
    server = make_server(
        "127.0.0.1", 0, KeepResponse(app), threaded=True, request_handler=ClosingRequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="live-portal", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    app.extensions["db_engine"].dispose()  # PostgreSQL connections closed, not collected


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium; fails (not skips) when it is missing, unless told to skip."""
    if os.environ.get("CAREFINDER_SKIP_BROWSER") == "1":
        pytest.skip("CAREFINDER_SKIP_BROWSER=1: browser tests skipped on request")
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make browser` (installs chromium and fonts-noto-cjk), "
            "or set CAREFINDER_SKIP_BROWSER=1 to skip the browser tests on purpose.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def network_log() -> NetworkLog:
    """The requests this test's browser contexts tried to send off the machine."""
    return NetworkLog()


def _context(browser: Browser, base_url: str, log: NetworkLog, **options) -> BrowserContext:
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(10_000)
    context.route("**/*", log.guard)
    return context


def _close(context: BrowserContext) -> None:
    # Requests still in flight (tiles) would otherwise hit a closed route and log tracebacks.
    context.unroute_all(behavior="ignoreErrors")
    context.close()


@pytest.fixture
def phone_context(browser, live_server, network_log) -> Iterator[BrowserContext]:
    """A fresh phone (360×740, touch, zh-CN) with its own cookies."""
    context = _context(browser, live_server, network_log, **PHONE)
    yield context
    _close(context)


@pytest.fixture
def desktop_context(browser, live_server, network_log) -> Iterator[BrowserContext]:
    """A fresh desktop browser (1280×800) with its own cookies."""
    context = _context(browser, live_server, network_log, **DESKTOP)
    yield context
    _close(context)


@pytest.fixture
def phone(phone_context) -> Page:
    return phone_context.new_page()


@pytest.fixture
def desktop(desktop_context) -> Page:
    return desktop_context.new_page()


@pytest.fixture
def console() -> ConsoleWatch:
    """Collects console errors of the pages a test attaches it to (before navigating)."""
    return ConsoleWatch()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot in test-artifacts/screenshots/ (listed at the end of the run)."""

    def save(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True, scale="css")  # 1 px per CSS px: small files
        return path

    return save
