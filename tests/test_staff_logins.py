"""Staff logins resist guessing, enumeration and stolen cookies, and end on their own."""

import hashlib
import time

import pytest
from sqlmodel import select
from werkzeug.security import check_password_hash

from portal.core import db
from portal.models import StaffUser
from tests.conftest import csrf_token

PASSWORD = "correct horse battery staple"


def log_in(client, username: str, password: str, address: str = "192.0.2.1"):
    token = csrf_token(client, "/staff/login")
    return client.post(
        "/staff/login?lang=en",
        data={"csrf_token": token, "username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_guessing_an_account_locks_it_even_for_the_right_password(app, staff):
    staff.post("/staff/logout", data={"csrf_token": csrf_token(staff, "/staff/")})
    answers = [log_in(staff, "clerk", f"guess {n}").status_code for n in range(5)]
    assert answers == [401] * 5
    locked = log_in(staff, "clerk", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.get_data(as_text=True)
    assert staff.get("/staff/").status_code == 302  # still logged out
    # Another address guessing the same account is locked out too: the count is the account's.
    assert log_in(staff, "clerk", PASSWORD, address="198.51.100.7").status_code == 429


def test_one_address_guessing_many_accounts_must_wait(app, staff):
    staff.post("/staff/logout", data={"csrf_token": csrf_token(staff, "/staff/")})
    for n in range(app.config["LOGIN_ADDRESS_FREE_FAILURES"]):
        assert log_in(staff, f"nobody{n}", "guess", address="203.0.113.9").status_code == 401
    assert log_in(staff, "clerk", PASSWORD, address="203.0.113.9").status_code == 429
    assert log_in(staff, "clerk", PASSWORD, address="192.0.2.44").status_code == 302


def test_unknown_and_known_users_cost_the_same_password_check(app, client, monkeypatch):
    """Timing cannot tell which names exist: both paths verify exactly one real hash."""
    with app.app_context(), db.transaction() as session:
        user = StaffUser(username="clerk", password_hash="")
        user.set_password(PASSWORD)
        session.add(user)
    method = user.password_hash.split("$", 1)[0]
    calls: list[str] = []
    real_scrypt, real_pbkdf2 = hashlib.scrypt, hashlib.pbkdf2_hmac

    def counting_scrypt(*args, **kwargs):
        calls.append("scrypt")
        return real_scrypt(*args, **kwargs)

    def counting_pbkdf2(*args, **kwargs):
        calls.append("pbkdf2")
        return real_pbkdf2(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting_scrypt)  # the library's KDF, counted only
    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counting_pbkdf2)
    assert log_in(client, "clerk", "wrong", address="192.0.2.2").status_code == 401
    known = list(calls)
    calls.clear()
    assert log_in(client, "no-such-user", "wrong", address="192.0.2.3").status_code == 401
    unknown = list(calls)
    assert known == unknown and len(known) == 1 and known[0] in method
    assert not check_password_hash(user.password_hash, "wrong")


def test_a_cookie_copied_before_logout_no_longer_works(app, staff):
    stolen = staff.get_cookie("session").value
    assert staff.get("/staff/").status_code == 200
    staff.post("/staff/logout", data={"csrf_token": csrf_token(staff, "/staff/")})
    staff.set_cookie("session", stolen)
    response = staff.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_a_cookie_copied_before_a_password_change_no_longer_works(app, staff, runner):
    stolen = staff.get_cookie("session").value
    result = runner.invoke(args=["set-password", "clerk"], input="new secret words 2026\n" * 2)
    assert result.exit_code == 0, result.output
    staff.set_cookie("session", stolen)
    assert staff.get("/staff/").status_code == 302
    assert log_in(staff, "clerk", "new secret words 2026").status_code == 302


@pytest.mark.parametrize(
    "started_ago, seen_ago",
    [(60, 31 * 60), (13 * 3600, 60)],
    ids=["idle-for-31-minutes", "logged-in-13-hours-ago"],
)
def test_a_login_ends_after_idle_and_absolute_timeouts(app, staff, started_ago, seen_ago):
    assert staff.get("/staff/").status_code == 200
    now = time.time()
    # The cookie a browser would hold after that long (the server signs what it reads back).
    with staff.session_transaction() as session:
        session["staff_login_started"] = now - started_ago
        session["staff_login_seen"] = now - seen_ago
    response = staff.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_an_active_login_within_the_timeouts_continues(app, staff):
    now = time.time()
    with staff.session_transaction() as session:
        session["staff_login_started"] = now - 11 * 3600
        session["staff_login_seen"] = now - 29 * 60
    assert staff.get("/staff/").status_code == 200


def test_failure_counts_idle_for_a_day_are_forgotten(app, client):
    from datetime import UTC, datetime, timedelta

    from portal.models import LoginThrottle

    long_ago = datetime.now(UTC) - timedelta(days=2)
    with app.app_context(), db.transaction() as session:
        session.add(LoginThrottle(key="user:someone", failures=3, last_failure_at=long_ago))
    assert log_in(client, "nobody", "guess", address="192.0.2.9").status_code == 401
    with app.app_context(), db.transaction() as session:
        keys = set(session.exec(select(LoginThrottle.key)).all())
    assert keys == {"user:nobody", "addr:192.0.2.9"}
