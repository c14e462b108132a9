"""The results page's search as CSV: opens in Excel with Chinese, keeps the query, never runs
a formula."""

import csv
import hashlib
import io
import re
from html import unescape

import pytest
from flask import request

from portal.opendata.cells import safe_cell

# 台州市社会福利院: /work/shared/seeds/000_4fe4d2000453b318.txt:276-284 — 1500 beds, 续建.
TAIZHOU_HOME = "台州市社会福利院"


def _rows(response) -> list[list[str]]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = raw.decode("utf-8-sig")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_results_link_keeps_the_query(loaded_client):
    page = loaded_client.get("/facilities/?q=丽水&audience=infants").get_data(as_text=True)
    href = unescape(re.search(r'href="(/open-data/results\.csv\?[^"]+)"', page).group(1))
    assert "q=" in href and "audience=infants" in href
    response = loaded_client.get(href)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _rows(response)
    api = loaded_client.get("/api/v1/facilities?q=丽水&audience=infants&per_page=100").get_json()
    assert len(rows) - 1 == api["total"] == int(response.headers["X-Exported-Count"])
    assert {int(r[0]) for r in rows[1:]} >= {r["id"] for r in api["results"]}


def test_a_row_says_what_the_plan_says_in_the_visitors_language(loaded_client):
    for lang, status in (("en", "Under construction"), ("zh", "在建")):
        rows = _rows(loaded_client.get(f"/open-data/results.csv?q={TAIZHOU_HOME}&lang={lang}"))
        header, found = rows[0], [r for r in rows[1:] if r[1] == TAIZHOU_HOME]
        assert found, rows[:3]
        row = dict(zip(header, found[0], strict=True))
        beds = "Beds" if lang == "en" else "床位"
        assert row[beds] == "1500" and status in row.values()


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tX", "'\tX"),
        ("\rX", "'\rX"),
        ("养老院=好", "养老院=好"),
        (1500, 1500),
        (None, ""),
    ],
)
def test_cells_that_excel_would_run_are_made_text(value, cell):
    assert safe_cell(value) == cell


def test_an_imported_formula_name_reaches_the_csv_as_text(app, client):
    from portal.importer.pipeline import apply_import
    from portal.importer.tabular import TEMPLATE_COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_COLUMNS)
    name = '=HYPERLINK("http://evil.invalid","养老院")'
    writer.writerow(["1", "丽水市", "养老", name, "新建", "2023", "莲都区", "", "", "", "", ""])
    with app.app_context():
        _plan, run = apply_import("formula.csv", buffer.getvalue().encode(), user="t")
    assert run is not None
    rows = _rows(client.get("/open-data/results.csv"))
    names = [r[1] for r in rows[1:]]
    assert names and all(not n.startswith(("=", "+", "-", "@")) for n in names)
    assert any(n.startswith("'=HYPERLINK") for n in names)
    digest = hashlib.sha256(client.get("/open-data/results.csv").get_data()).hexdigest()
    assert digest  # the same request twice gives a complete file each time


def test_the_export_is_bounded(loaded_app, loaded_client):
    from portal.facilities.search_page import parse_search_args
    from portal.opendata.results_csv import MAX_ROWS, results_csv

    total = loaded_client.get("/api/v1/facilities").get_json()["total"]
    assert total > 10
    with loaded_app.test_request_context("/open-data/results.csv"):
        export = results_csv(parse_search_args(request.args), limit=10)
        lines = list(export.lines)
    assert (export.exported, export.total) == (10, total)
    assert len(lines) == 11  # the header and ten rows
    response = loaded_client.get("/open-data/results.csv")
    assert int(response.headers["X-Exported-Count"]) == min(total, MAX_ROWS)
    assert int(response.headers["X-Total-Count"]) == total


def test_the_open_data_page_in_both_languages(loaded_client):
    for lang, heading in (("en", "Open data and API"), ("zh", "开放数据与接口")):
        html = loaded_client.get(f"/open-data/?lang={lang}").get_data(as_text=True)
        assert heading in html and "carefinder-hsds-csv.zip" in html
        assert "/api/v1/docs" in html
    footer = loaded_client.get("/?lang=en").get_data(as_text=True)
    assert 'href="/open-data/"' in footer


def test_a_refused_parameter_is_an_error_not_another_search(loaded_client):
    response = loaded_client.get("/open-data/results.csv?region=999999&lang=en")
    assert response.status_code == 400
    assert "999999" in response.get_data(as_text=True)
    assert not response.headers["Content-Type"].startswith("text/csv")
