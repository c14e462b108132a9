"""Staff logins (Flask-Login) and CSRF protection for every form (Flask-WTF)."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from portal.core.db import get_session
from portal.models import StaffUser

login_manager = LoginManager()
csrf = CSRFProtect()


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    if not user_id.isdigit():
        return None
    return get_session().get(StaffUser, int(user_id))


def init_app(app: Flask) -> None:
    login_manager.login_view = "staff.login"
    login_manager.login_message = _l("Please log in to see the staff pages.")
    login_manager.login_message_category = "info"
    login_manager.init_app(app)
    csrf.init_app(app)
