"""How many bytes a visitor downloads for each main page: HTML + CSS + JS, raw and gzipped.

The portal is built by its real first start in a temporary folder and asked through the Flask
test client, as a browser would: the page, its stylesheets and scripts, and for pages with a map
the iframe's document with its vendored Leaflet files. Images, the favicon and map tiles are
left out (tiles come from a tile server, not from us).

Target: the results page (list) under 150 KB of HTML + CSS + JS. Exits 1 when it is over.
Run: ``.venv/bin/python benchmarks/page_weight.py``.
"""

import gzip
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from flask.testing import FlaskClient  # noqa: E402

from portal import create_app  # noqa: E402

TARGET_KB = 150
TARGET_PAGE = "results (list)"


@dataclass
class Resources(HTMLParser):
    """The stylesheets, scripts and iframes a document asks for, in document order."""

    css: list[str] = field(default_factory=list)
    js: list[str] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "") and a.get("href"):
            self.css.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])
        elif tag == "iframe" and a.get("src"):
            self.frames.append(a["src"])


@dataclass
class Weight:
    """Bytes by kind, raw and gzipped (level 6, what nginx and most servers use)."""

    raw: dict[str, int] = field(default_factory=lambda: {"html": 0, "css": 0, "js": 0})
    gz: dict[str, int] = field(default_factory=lambda: {"html": 0, "css": 0, "js": 0})
    files: int = 0

    def add(self, kind: str, body: bytes) -> None:
        self.raw[kind] += len(body)
        self.gz[kind] += len(gzip.compress(body, compresslevel=6))
        self.files += 1


def fetch(client: FlaskClient, url: str) -> bytes:
    """The body of a same-site URL; other hosts (tiles, CDNs) would be a finding, so fail."""
    parts = urlsplit(url)
    if parts.netloc:
        raise SystemExit(f"page asks for a remote resource: {url}")
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    body = response.get_data()
    response.close()  # static files are streamed from disk: close them
    return body


def weigh(client: FlaskClient, url: str, with_frames: bool = True) -> Weight:
    """Everything the page at ``url`` downloads (each file once), iframes included if asked."""
    weight = Weight()
    seen: set[str] = set()

    def document(doc_url: str) -> None:
        html = fetch(client, doc_url)
        weight.add("html", html)
        found = Resources()
        found.feed(html.decode("utf-8"))
        for kind, urls in (("css", found.css), ("js", found.js)):
            for ref in urls:
                absolute = urljoin(doc_url, ref)
                if absolute not in seen:
                    seen.add(absolute)
                    weight.add(kind, fetch(client, absolute))
        if with_frames:
            for ref in found.frames:
                document(urljoin(doc_url, ref))

    document(url)
    return weight


def first_facility(client: FlaskClient) -> str:
    html = fetch(client, "/facilities/?q=托育").decode("utf-8")
    marker = 'href="/facilities/'
    start = html.index(marker, html.index('class="result-list"')) + len('href="')
    return html[start : html.index('"', start)]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{folder}/db.sqlite",
                "INDEX_DIR": f"{folder}/index",
                "SECRET_KEY": "benchmark-not-for-production",
            }
        )
        client = app.test_client()
        facility = first_facility(client)
        pages = [
            ("home", "/", True),
            (TARGET_PAGE, "/facilities/?q=托育", True),
            ("results + map iframe", "/facilities/?q=托育&view=map", True),
            ("results map page only", "/facilities/?q=托育&view=map", False),
            ("facility + map iframe", facility, True),
            ("subsidies", "/subsidies/", True),
            ("subsidy check", "/subsidies/check", True),
            ("services", "/services/", True),
            ("city Lishui + map iframe", "/cities/331100", True),
        ]
        limit = TARGET_KB * 1024
        head = f"{'page':<26}{'files':>6}{'HTML':>9}{'CSS':>9}{'JS':>9}{'total':>10}{'gzipped':>10}"
        print(head)
        print("-" * len(head))
        over = False
        verdicts = []
        for name, url, frames in pages:
            w = weigh(client, url, with_frames=frames)
            total, gz_total = sum(w.raw.values()), sum(w.gz.values())
            print(
                f"{name:<26}{w.files:>6}"
                + "".join(f"{w.raw[k] / 1024:>8.1f}K" for k in ("html", "css", "js"))
                + f"{total / 1024:>9.1f}K{gz_total / 1024:>9.1f}K"
            )
            if name.startswith("results"):
                verdicts.append(
                    f"{name}: {total / 1024:.1f} KB raw ({'over' if total > limit else 'under'}), "
                    f"{gz_total / 1024:.1f} KB gzipped ({'over' if gz_total > limit else 'under'})"
                )
            over = over or (name == TARGET_PAGE and total > limit)
        print(f"\ntarget: results page HTML+CSS+JS under {TARGET_KB} KB")
        print("\n".join(f"  {line}" for line in verdicts))
        print("  (the map is opt-in: view=map; Leaflet + markercluster are most of its weight)")
        return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
