"""The search form's place pickers, computed and rendered once per data version
(``portal/facilities/pickers.py``): every request still marks its own choices, and names from
the database stay escaped."""

import re

from sqlmodel import select

from portal.core import db
from portal.models import Region
from tests.conftest import PLANS, csrf_token, wait_for_job

JINGDEZHEN = "003_4e88682039944ece.txt"


def test_the_requests_choices_are_marked(loaded_app):
    # 丽水市 331100, its district 莲都区 331102 (the gazetteer, data/).
    client = loaded_app.test_client()
    html = client.get("/facilities/?region=331100&near=331102").get_data(as_text=True)
    assert re.search(r'<input type="checkbox" name="region" value="331100" checked> 丽水市 ', html)
    assert '<option value="331102" selected>莲都区</option>' in html
    assert html.count(" selected>") == 1
    other = client.get("/facilities/?region=331000").get_data(as_text=True)  # 台州市
    assert 'value="331100" checked' not in other and " selected>" not in other
    assert re.search(r'<input type="checkbox" name="region" value="331000" checked> 台州市 ', other)


def test_picker_names_from_the_database_are_escaped(app, staff):
    with (PLANS / JINGDEZHEN).open("rb") as handle:
        preview = staff.post(
            "/staff/import",
            data={"csrf_token": csrf_token(staff, "/staff/import"), "file": (handle, JINGDEZHEN)},
            content_type="multipart/form-data",
        )
    token = preview.get_data(as_text=True).split('name="token" value="', 1)[1].split('"', 1)[0]
    applied = staff.post(
        "/staff/import/apply",
        data={"csrf_token": csrf_token(staff, "/staff/import"), "token": token},
    )
    wait_for_job(staff, applied.headers["Location"])
    hostile = '<script>alert(1)</script>"'
    with app.app_context(), db.transaction() as session:
        # 景德镇市 (360200) and its districts: the city facet's box, the "near" groups' label
        # and options all show these names.
        for region in session.exec(
            select(Region).where((Region.code == "360200") | (Region.parent_code == "360200"))
        ):
            region.name = hostile + region.name
    html = app.test_client().get("/facilities/").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&#34;"
    assert f"{escaped}景德镇市 <span" in html  # the city's checkbox
    assert f'<optgroup label="{escaped}景德镇市">' in html
    assert re.search(r"<option value=\"3602\d\d\">" + re.escape(escaped) + r"\w+", html)
