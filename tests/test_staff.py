"""The staff area: login required, CSRF on every form, upload → preview → apply."""

import io

from sqlalchemy import func
from sqlmodel import select

from portal.core import db
from portal.models import Facility, ImportRun
from tests.conftest import PLANS, csrf_token, wait_for_job

JINGDEZHEN = "003_4e88682039944ece.txt"


def test_staff_pages_require_login(client):
    for url in ("/staff/", "/staff/import", "/staff/runs/1"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_wrong_password_is_refused(app, staff):
    staff.post("/staff/logout", data={"csrf_token": csrf_token(staff, "/staff/")})
    token = csrf_token(staff, "/staff/login")
    response = staff.post(
        "/staff/login", data={"csrf_token": token, "username": "clerk", "password": "guess"}
    )
    assert response.status_code == 401
    assert staff.get("/staff/").status_code == 302


def test_upload_previews_then_applies(app, staff):
    token = csrf_token(staff, "/staff/import")
    with (PLANS / JINGDEZHEN).open("rb") as handle:
        response = staff.post(
            "/staff/import?lang=en",
            data={"csrf_token": token, "file": (handle, JINGDEZHEN)},
            content_type="multipart/form-data",
        )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "景德镇市社会福利中心项目" in html and "Apply this import" in html
    with app.app_context(), db.transaction() as session:
        assert session.exec(select(func.count()).select_from(Facility)).one() == 0  # preview
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    applied = staff.post(
        "/staff/import/apply",
        data={"csrf_token": csrf_token(staff, "/staff/import"), "token": token},
    )
    assert applied.status_code == 303 and "/staff/jobs/" in applied.headers["Location"]
    wait_for_job(staff, applied.headers["Location"])
    with app.app_context(), db.transaction() as session:
        assert session.exec(select(func.count()).select_from(Facility)).one() == 18
        run = session.exec(select(ImportRun)).one()
    assert run.user == "clerk"


def test_apply_without_csrf_token_is_refused(app, staff):
    response = staff.post("/staff/import/apply", data={"token": "0" * 32})
    assert response.status_code == 400


def test_a_bad_upload_is_explained(app, staff):
    token = csrf_token(staff, "/staff/import")
    response = staff.post(
        "/staff/import?lang=en",
        data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-1.5"), "scan.txt")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "PDF" in html and "Apply this import" not in html
