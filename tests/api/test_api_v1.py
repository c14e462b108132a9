"""The /api/v1 answers: facts as the plans state them, bounds, caching tied to the data
version, and JSON errors for every status under /api/."""

import csv
import io
import shutil

from werkzeug.exceptions import RequestEntityTooLarge

from portal.core import db
from portal.errors.handlers import handle_http_error
from tests.conftest import ROOT, make_app

DATA = ROOT / "data"

# 台州市社会福利院: /work/shared/seeds/000_4fe4d2000453b318.txt:276-284 (序号 1) — 续建, 2022-2025,
# 章安街道, "规划设计1500张床位", 组织实施单位 台州市社发集团.
TAIZHOU_HOME = "台州市社会福利院"


def _home(client) -> dict:
    data = client.get(f"/api/v1/facilities?q={TAIZHOU_HOME}").get_json()
    return next(r for r in data["results"] if r["name"] == TAIZHOU_HOME)


def test_a_facility_says_what_its_plan_line_says(loaded_client):
    home = _home(loaded_client)
    assert home["status"] == "under_construction"  # 续建
    assert home["capacity"]["beds"] == 1500
    assert home["operator"] == "台州市社发集团"
    assert (home["period"]["start"], home["period"]["end"]) == (2022, 2025)
    assert home["source"]["document"] == "000_4fe4d2000453b318"
    assert 276 <= home["source"]["line"] <= 284
    # 章安街道 names a street, not an address: the point is approximate, and says so.
    assert home["precision"] != "exact"


def test_one_facility_is_the_search_record_without_search_fields(loaded_client):
    home = _home(loaded_client)
    one = loaded_client.get(f"/api/v1/facilities/{home['id']}").get_json()
    assert one == {k: v for k, v in home.items() if k not in ("score", "distance_km")}


def test_page_size_is_capped(loaded_client):
    capped = loaded_client.get("/api/v1/facilities?per_page=101").get_json()
    assert "per_page" in capped["errors"] and capped["per_page"] == 20
    big = loaded_client.get("/api/v1/facilities?per_page=100").get_json()
    assert big["per_page"] == 100 and len(big["results"]) == min(100, big["total"])
    for hostile in ("²", "1e3", "-5", "9" * 5000):
        assert loaded_client.get(f"/api/v1/regions?per_page={hostile}").status_code == 400


def test_regions_by_parent(loaded_client):
    # 丽水市 (331100) encloses 莲都区 (331102): national administrative division codes.
    data = loaded_client.get("/api/v1/regions?parent=331100").get_json()
    assert {"331102"} <= {r["code"] for r in data["results"]}
    assert all(r["parent"] == "331100" for r in data["results"])
    one = loaded_client.get("/api/v1/regions/331102").get_json()
    assert one["name"] == "莲都区" and one["level"] == "county"


def test_answers_are_tagged_with_the_data_version(loaded_client):
    first = loaded_client.get("/api/v1/facilities?q=托育")
    assert first.headers["ETag"].startswith('W/"')
    assert first.headers["Last-Modified"]
    assert "max-age" in first.headers["Cache-Control"]
    assert "Accept-Language" in first.headers["Vary"]
    again = loaded_client.get(
        "/api/v1/facilities?q=托育", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    since = loaded_client.get(
        "/api/v1/facilities?q=托育", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert since.status_code == 304
    # The same URL in another language is another answer.
    english = loaded_client.get("/api/v1/facilities?q=托育&lang=en")
    assert english.headers["ETag"] != first.headers["ETag"]


def _import(app, name: str) -> None:
    from portal.importer.pipeline import apply_import
    from portal.importer.tabular import TEMPLATE_COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow(["1", "丽水市", "养老", name, "新建", "2023", "莲都区", "", "", "", "", ""])
    with app.app_context():
        _plan, run = apply_import(f"{name}.csv", buffer.getvalue().encode(), user="t")
    assert run is not None


def test_an_import_changes_the_tag(app, client):
    _import(app, "甲养老院")
    before = client.get("/api/v1/facilities")
    assert before.get_json()["total"] == 1
    _import(app, "乙养老院")
    after = client.get("/api/v1/facilities", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.get_json()["total"] == 2
    assert after.headers["ETag"] != before.headers["ETag"]


def test_a_reference_data_reload_changes_the_tag(tmp_path):
    """``load-data`` replaces subsidies in place (same count, same ids on SQLite): an edited
    amount text must still give a new tag."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("plans"))
    (data / "plans").mkdir()
    app = make_app(tmp_path, BOOTSTRAP_ON_START=False, DATA_DIR=str(data))
    with app.app_context():
        db.create_tables()
    runner, client = app.test_cli_runner(), app.test_client()
    assert runner.invoke(args=["load-data"]).exit_code == 0
    before = client.get("/api/v1/subsidies/national-childcare-subsidy")
    yaml_file = data / "subsidies.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    amount = before.get_json()["amount"]["text"]
    assert amount and amount in text
    yaml_file.write_text(text.replace(amount, amount + "（复核）", 1), encoding="utf-8")
    assert runner.invoke(args=["load-data"]).exit_code == 0
    after = client.get(
        "/api/v1/subsidies/national-childcare-subsidy",
        headers={"If-None-Match": before.headers["ETag"]},
    )
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert after.get_json()["amount"]["text"] == amount + "（复核）"


def test_errors_are_json_with_status_and_message(loaded_client):
    missing = loaded_client.get("/api/v1/facilities/999999?lang=en")
    assert missing.status_code == 404
    assert missing.get_json()["status"] == 404 and missing.get_json()["message"]
    refused = loaded_client.get("/api/v1/regions?level=galaxy&lang=en").get_json()
    assert refused["status"] == 400 and "level" in refused["errors"]
    post = loaded_client.post("/api/v1/facilities")
    assert post.status_code == 405 and post.get_json()["status"] == 405
    assert "GET" in post.headers["Allow"]


def test_too_large_is_json_under_the_api(loaded_app):
    with loaded_app.test_request_context("/api/v1/facilities", method="POST"):
        response = handle_http_error(RequestEntityTooLarge())
    body = response.get_json()
    assert response.status_code == 413 and body["status"] == 413 and body["message"]


def test_a_crash_under_the_api_is_json_without_internals(tmp_path):
    app = make_app(tmp_path, BOOTSTRAP_ON_START=False, TESTING=False)

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("secret internals: /etc/passwd")

    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json()["status"] == 500
    assert "secret" not in response.get_data(as_text=True)


def test_unversioned_paths_lead_to_the_current_version(loaded_client):
    url = "/api/facilities?q=托育&kind=care_home"
    response = loaded_client.get(url)
    assert response.status_code == 308
    assert response.headers["Location"].startswith("/api/v1/facilities?")
    followed = loaded_client.get(url, follow_redirects=True).get_json()
    assert followed == loaded_client.get("/api/v1" + url.removeprefix("/api")).get_json()


def test_the_docs_page_lists_every_operation_in_both_languages(loaded_client, loaded_app):
    from portal.api.openapi import openapi_document

    for lang, heading in (("en", "API documentation"), ("zh", "接口说明")):
        html = loaded_client.get(f"/api/v1/docs?lang={lang}").get_data(as_text=True)
        assert heading in html
        for path in openapi_document("")["paths"]:
            assert path in html
