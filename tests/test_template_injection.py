"""Imported text is data everywhere, never a template (hostile-data issue, finding 1).

branca compiles each map element's script again as Jinja, so a facility name such as
``{{7*7}}养老院`` once rendered as ``49养老院`` on the map documents, and a name reaching
``cycler.__init__.__globals__.os`` ran commands on the server. These tests upload such names
in every text column through the staff pages, apply them, and read every public response
that can carry them as an anonymous visitor.
"""

import csv
import io
import json

import pytest
from sqlmodel import select

from portal.core import db
from portal.importer.tabular import TEMPLATE_COLUMNS
from portal.models import Facility
from tests.conftest import csrf_token, wait_for_job

# Each payload ends with a marker so a test can find where the text landed.
RCE = "{{cycler.__init__.__globals__.os.popen(dict(id=1)|first).read()}}RCEMARK"
ARITHMETIC = "{{7*7}}MATHMARK"
STATEMENT = "{% if 1 %}STMTMARK{% endif %}"
COMMENT = "{# COMMENTMARK"
QUOTES = "\"'<{{\"'}}>QUOTEMARK"
PAYLOADS = (RCE, ARITHMETIC, STATEMENT, COMMENT, QUOTES)
# What a template engine would have made of them.
EVALUATED = ("uid=", "49MATHMARK", "STMTMARK养老院")


def _hostile_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_COLUMNS)
    for number, payload in enumerate(PAYLOADS, start=1):
        writer.writerow(
            [
                str(number),
                "丽水市",
                "养老",
                f"{payload}养老院{number}",
                f"新建{payload}",
                "2023",
                "莲都区",
                f"床位100张{payload}",
                "",
                "",
                f"{payload}民政局",
                payload,
            ]
        )
    return buffer.getvalue().encode()


@pytest.fixture
def hostile_ids(app, staff) -> list[int]:
    """Upload and apply the hostile list through the staff pages; return the new ids."""
    preview = staff.post(
        "/staff/import",
        data={
            "csrf_token": csrf_token(staff, "/staff/import"),
            "file": (io.BytesIO(_hostile_csv()), "hostile.csv"),
        },
        content_type="multipart/form-data",
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    applied = staff.post(
        "/staff/import/apply",
        data={"csrf_token": csrf_token(staff, "/staff/import"), "token": token},
    )
    assert applied.status_code == 303
    wait_for_job(staff, applied.headers["Location"])
    staff.post("/staff/logout", data={"csrf_token": csrf_token(staff, "/staff/")})
    with app.app_context(), db.transaction() as session:
        ids = list(session.exec(select(Facility.id)).all())
    assert len(ids) == len(PAYLOADS)
    return ids


def _assert_inert(response, url: str) -> str:
    text = response.get_data(as_text=True)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    for evaluated in EVALUATED:
        assert evaluated not in text, f"{url} evaluated imported text as a template"
    return text


def test_map_documents_never_evaluate_imported_text(client, hostile_ids):
    for url in [f"/facilities/{i}/map" for i in hostile_ids]:
        # Every payload holds a brace: it reaches the map as data, escaped inside JSON.
        assert "\\u007b" in _assert_inert(client.get(url), url), url
    for url in ("/facilities/map?q=养老院", "/cities/331100/map", "/cities/331102/map"):
        text = _assert_inert(client.get(url), url)
        assert "\\u007b\\u007b7*7\\u007d\\u007dMATHMARK" in text, url
        assert "RCEMARK" in text and "COMMENTMARK" in text, url


def _layer_names(text: str) -> list[str]:
    """The names in a map's compact layer, decoded as JavaScript would decode them."""
    start = text.index("CareFinderMap.draw(")
    data, _ = json.JSONDecoder().raw_decode(text, text.index("{", start))
    return [record[1] for record in data["points"]]


def test_map_layers_carry_the_names_verbatim_and_inert(app, client, hostile_ids):
    """The layer holds exactly the imported names (the browser sets them as text), in a
    literal with no ``<``, ``{{`` or ``{%`` left for the HTML parser or branca."""
    with app.app_context(), db.transaction() as session:
        names = set(session.exec(select(Facility.name)).all())
        facility_id = session.exec(
            select(Facility.id).where(Facility.name.contains("cycler"))
        ).one()
    text = client.get(f"/facilities/{facility_id}/map").get_data(as_text=True)
    assert [name for name in _layer_names(text) if "cycler" in name] == [
        name for name in names if "cycler" in name
    ]
    for url in ("/facilities/map?q=养老院", "/cities/331100/map", "/cities/331102/map"):
        text = client.get(url).get_data(as_text=True)
        assert set(_layer_names(text)) == names, url
        script = text[text.index("CareFinderMap.draw(") :]
        literal = script[: script.index("</script>")]
        for raw in ("<", ">", "{{", "{%", "{#", "'"):
            assert raw not in literal, (url, raw)


def test_pages_api_and_suggestions_show_imported_text_as_text(client, hostile_ids):
    urls = [f"/facilities/{i}" for i in hostile_ids]
    urls += [
        "/facilities/?q=养老院",
        "/facilities/?q=养老院&view=map",
        "/cities/331100",
        "/cities/331102",
        "/sources",
        "/api/v1/facilities?q=养老院",
        "/api/v1/suggest?q=养老",
    ]
    for url in urls:
        _assert_inert(client.get(url), url)
