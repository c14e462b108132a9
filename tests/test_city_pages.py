"""City pages and city maps stay bounded (issue 16, findings 5 and 7).

The page of 丽水 on the imported plans counts what the plan's project list holds (counted here
from the plan text itself, not from the importer), lists it 50 at a time with working page
links; a city with thousands of generated facilities (made in this test only) gets a map of
counts whose size does not grow with the facilities, built once per data version; a results
map of 280 of them stays under 40 KB compressed.
"""

import gzip
import json
import random
import re
import unicodedata
from datetime import UTC, datetime

from sqlmodel import select

from portal.cities.map_data import CELL_THRESHOLD
from portal.core import db
from portal.domain import Audience, FacilityKind, FacilityStatus, Precision
from portal.indexing import record_change
from portal.models import Facility, Region, SourceDocument
from tests.conftest import PLANS

LISHUI_PLAN = PLANS / "001_4999b758cfac438e.txt"
_CARD = re.compile(r'<li class="card">\s*<h2><a href="/facilities/(\d+)">([^<]+)</a>')


def _plan_rows() -> list[list[str]]:
    """The rows of 附件1 丽水市养老托育项目清单: from its title to 附件 2, numbered rows only."""
    lines = LISHUI_PLAN.read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip() == "丽水市养老托育项目清单")
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == "附件 2")
    cells = [line.split("\t") for line in lines[start:end]]
    return [row for row in cells if row[0].strip().isdigit()]


def _plain(name: str) -> str:
    """A name as the importer writes it: brackets NFKC-equal, spaces of line wraps gone, and
    the plan's typo 畚族 read as 畲族 (data/plans/README.md lists both source flaws)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).replace("畚族", "畲族")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_lishui_page_counts_the_plans_project_list(loaded_client):
    rows = _plan_rows()
    types = [row[2].strip() for row in rows]
    assert len(rows) == 62 + 53  # 一、养老领域 1–62, 二、托育领域 1–53
    html = loaded_client.get("/cities/331100?lang=en").get_data(as_text=True)
    stats = _text(html[html.index('<ul class="stats">') : html.index("</ul>")])
    assert f"{len(rows)} projects and facilities" in stats
    assert f"{types.count('在建类')} Under construction" in stats  # 48 rows say 在建类
    assert f"{types.count('谋划类')} Proposed" in stats  # 5 say 谋划类
    assert f"Showing 1–50 of {len(rows)}, in the order of the plans’ lists." in html


def test_lishui_list_pages_through_every_project_once(loaded_client):
    names: list[str] = []
    url = "/cities/331100?lang=en"
    for number in (1, 2, 3):
        html = loaded_client.get(url).get_data(as_text=True)
        cards = _CARD.findall(html)
        assert len(cards) == (50 if number < 3 else 115 - 100)
        names += [name for _, name in cards]
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        if number < 3:
            assert found, f"page {number} has no link to the next page"
            url = found.group(1).replace("&amp;", "&")
            assert f"page={number + 1}" in url
        else:
            assert found is None
            assert 'rel="prev"' in html
            assert '<span aria-current="page">3</span>' in html
    assert len(names) == len(set(names)) == 115
    # The importer writes the plan's half-width brackets full-width: compare NFKC forms.
    # The list keeps the plan's own order: 一、养老领域 1–62, then 二、托育领域 1–53.
    assert [_plain(name) for name in names] == [_plain(row[1]) for row in _plan_rows()]


def test_pages_beyond_the_last_and_nonsense_show_a_real_page(loaded_client):
    last = loaded_client.get("/cities/331100?page=99&lang=en").get_data(as_text=True)
    assert "Showing 101–115 of 115" in last
    for junk in ("0", "-1", "²", "abc", "9" * 40):
        html = loaded_client.get(f"/cities/331100?page={junk}&lang=en").get_data(as_text=True)
        assert "Showing 1–50 of 115" in html, junk


def test_a_plan_without_a_project_list_says_so_and_has_no_map(loaded_client):
    html = loaded_client.get("/cities/321202?lang=en").get_data(as_text=True)
    assert "no project list" in html
    assert "/cities/321202/map" not in html and 'class="card"' not in html


def _layer(html: str) -> dict:
    start = html.index("CareFinderMap.draw(")
    data, _ = json.JSONDecoder().raw_decode(html, html.index("{", start))
    return data


def test_lishui_map_draws_each_located_project_in_one_compact_layer(loaded_client):
    with loaded_client.application.app_context():
        session = db.get_session()
        located = session.exec(
            select(Facility.id).where(
                Facility.city_code == "331100",
                Facility.lat.is_not(None),
                Facility.precision.in_(["exact", "town", "county", "city"]),
            )
        ).all()
    response = loaded_client.get("/cities/331100/map")
    assert response.status_code == 200
    data = _layer(response.get_data(as_text=True))
    assert sorted(p[0] for p in data["points"]) == sorted(located)
    assert data["cells"] == []
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def _generate(app, count: int, hostile: str) -> None:
    """``count`` generated facilities in 丽水's counties, a third at exact points nearby.

    (The gazetteer has no centres for 丽水's towns, so the vague ones are county-level.)
    """
    rng = random.Random(16)
    with app.app_context(), db.transaction() as session:
        counties = [
            r
            for r in session.exec(select(Region).where(Region.parent_code == "331100")).all()
            if r.lat is not None
        ]
        document = SourceDocument(
            slug="generated",
            title="生成的测试数据",
            place_name="丽水市",
            region_code="331100",
            file_name="generated.txt",
            file_hash="0" * 64,
        )
        session.add(document)
        session.flush()
        now = datetime.now(UTC)
        rows = []
        for i in range(count):
            county = rng.choice(counties)
            exact = i % 3 == 0
            rows.append(
                Facility(
                    identity=f"generated-{i}",
                    name=f"{hostile}丽水市{county.name}第{i}居家养老服务中心",
                    kind=FacilityKind.HOME_CARE_CENTRE,
                    audience=Audience.ELDERLY,
                    status=FacilityStatus.PLANNED,
                    region_code=county.code,
                    city_code="331100",
                    county_code=county.code,
                    lat=county.lat + (rng.uniform(-0.05, 0.05) if exact else 0),
                    lon=county.lon + (rng.uniform(-0.05, 0.05) if exact else 0),
                    precision=Precision.EXACT if exact else Precision.COUNTY,
                    document_id=document.id,
                    source_line=i + 1,
                    imported_at=now,
                    updated_at=now,
                )
            )
        session.add_all(rows)
        session.flush()
        record_change(session, [row.id for row in rows])


def test_a_city_of_thousands_gets_a_bounded_map_of_counts(app, client):
    hostile = "{{7*7}}<img src=x onerror=alert(1)>"
    count = CELL_THRESHOLD + 1_000
    _generate(app, count, hostile)
    response = client.get("/cities/331100/map?lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    data = _layer(html)
    assert data["points"] == []  # too many to draw one by one: counted, not drawn
    assert sum(cell[2] for cell in data["cells"]) == count
    # County-level facilities are counted at their county's centre with its area, never as
    # a grid square; the exact third is counted in squares.
    assert sum(c[2] for c in data["cells"] if c[3] == 15000) == count - (count + 2) // 3
    assert sum(c[2] for c in data["cells"] if c[3] == 0) == (count + 2) // 3
    assert data["listUrl"] == "/facilities/?region=331100"
    assert f"{count:,} projects have a location here" in html
    # Bounded: a few hundred counts, whatever the number of facilities.
    assert len(html.encode()) < 60_000
    assert "onerror" not in html  # counts carry no names at all
    # The page lists 50 of them and counts them all.
    page = client.get("/cities/331100?lang=en").get_data(as_text=True)
    assert f"Showing 1–50 of {count}" in page
    assert len(_CARD.findall(page)) == 50
    assert "<img src=x" not in page and "49&lt;img" not in page


def test_the_city_map_is_built_once_per_data_version(app, client):
    _generate(app, 30, "")
    first = client.get("/cities/331100/map").get_data(as_text=True)
    cache = app.extensions["cities.maps"]
    assert len(cache) == 1
    assert client.get("/cities/331100/map").get_data(as_text=True) == first
    assert len(cache) == 1
    client.get("/cities/331100/map?lang=en")  # another language is another document
    assert len(cache) == 2
    with app.app_context(), db.transaction() as session:
        facility = session.exec(select(Facility)).first()
        facility.name = "丽水市新改名的居家养老服务中心"
        session.add(facility)
        record_change(session, [facility.id])
    after = client.get("/cities/331100/map").get_data(as_text=True)
    assert "丽水市新改名的居家养老服务中心" in after and after != first


def test_results_map_of_280_facilities_is_under_40_kb_compressed(app, client):
    """Issue 16's target for the results map, through the real search and compression."""
    _generate(app, 280, "")
    response = client.get("/facilities/map", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(response.get_data()).decode()
    assert len(_layer(body)["points"]) == 280
    assert len(response.get_data()) <= 40_000
