"""Staff logins (Flask-Login) and CSRF protection for every form (Flask-WTF).

A login cookie names the user *and* their ``session_version``; logout and a password change
bump the version, so a cookie copied before is refused by the server. A login ends after
``STAFF_IDLE_MINUTES`` without a request and ``STAFF_SESSION_HOURS`` after it began, whatever
the cookie says. Guessing is bounded by :mod:`portal.staff.throttle`.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from flask import Flask, current_app, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlmodel import select
from werkzeug.security import check_password_hash, generate_password_hash

from portal.core.db import get_session, transaction
from portal.models import StaffUser
from portal.models._types import utcnow
from portal.staff import throttle

login_manager = LoginManager()
csrf = CSRFProtect()
_STARTED, _SEEN = "staff_login_started", "staff_login_seen"


@login_manager.user_loader
def load_user(cookie_id: str) -> StaffUser | None:
    """The user a login cookie names, unless it was ended since or has timed out."""
    user_id, _sep, version = cookie_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()):
        return None
    if len(user_id) > 18 or len(version) > 18:
        return None
    user = get_session().get(StaffUser, int(user_id))
    if user is None or int(version) != user.session_version or _timed_out():
        return None
    session[_SEEN] = utcnow().timestamp()
    return user


@dataclass(frozen=True)
class LoginOutcome:
    """The answer to a login attempt: the user, or a message and the HTTP status to send."""

    user: StaffUser | None
    error: str | None = None
    status: int = 200


def authenticate(username: str, password: str, address: str | None) -> LoginOutcome:
    """Check a user name and password, with back-off per account and per address.

    Every attempt that reaches the password costs one hash verification, for known and unknown
    users alike (a dummy hash stands in), so the answer time does not tell which names exist.
    """
    keys = throttle.throttle_keys(username, address)
    with transaction() as db_session:
        wait = throttle.seconds_to_wait(db_session, keys)
        if wait > 0:
            minutes = max(1, -(-wait // 60))
            message = _("Too many failed logins. Try again in %(num)d minutes.", num=minutes)
            return LoginOutcome(None, message, 429)
        user = db_session.exec(select(StaffUser).where(StaffUser.username == username)).first()
        if user is None:
            check_password_hash(_dummy_hash(), password)
            verified = False
        else:
            verified = user.check_password(password) and user.active
        if not verified:
            throttle.record_failure(db_session, keys)
            return LoginOutcome(None, _("The user name or password is not right."), 401)
        throttle.clear_account(db_session, username)
        return LoginOutcome(user)


def end_all_sessions(user_id: int) -> None:
    """Refuse every login cookie of this user issued so far (logout)."""
    with transaction() as db_session:
        user = db_session.get(StaffUser, user_id)
        if user is not None:
            user.end_sessions()
            db_session.add(user)


@cache
def _dummy_hash() -> str:
    # Same method and cost as real hashes (werkzeug's default), made once per process.
    return generate_password_hash("not a password of anyone")


def start_login_clock() -> None:
    """Call when a user logs in: the absolute and idle timeouts count from now."""
    now = utcnow().timestamp()
    session[_STARTED] = now
    session[_SEEN] = now


def _timed_out() -> bool:
    now = utcnow().timestamp()
    config = current_app.config
    absolute = timedelta(hours=config["STAFF_SESSION_HOURS"]).total_seconds()
    idle = timedelta(minutes=config["STAFF_IDLE_MINUTES"]).total_seconds()
    started, seen = session.get(_STARTED), session.get(_SEEN)
    if not isinstance(started, int | float) or not isinstance(seen, int | float):
        return True
    return now - started > absolute or now - seen > idle


def init_app(app: Flask) -> None:
    login_manager.login_view = "staff.login"
    login_manager.login_message = _l("Please log in to see the staff pages.")
    login_manager.login_message_category = "info"
    login_manager.init_app(app)
    csrf.init_app(app)
