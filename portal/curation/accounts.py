"""Rules for staff accounts, shared by the admin pages and the CLI (no default passwords)."""

import re

from flask_babel import gettext as _

MIN_PASSWORD = 12
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")


class AccountError(ValueError):
    """A user name or password that is refused; the message says why."""


def check_username(username: str) -> None:
    if not _USERNAME.match(username or ""):
        raise AccountError(_("User names are 2–64 letters, digits, dots, dashes or underscores."))


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(_("Passwords have at least %(num)d characters.", num=MIN_PASSWORD))
    if len(password) > 256:
        raise AccountError(_("Passwords have at most 256 characters."))
