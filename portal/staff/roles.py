"""Roles on staff routes: ``editor`` (corrections, imports, registers) and ``admin`` (accounts
too). Every staff route is wrapped by ``staff_required`` (any active staff member) or
``admin_required``; tests walk the URL map to check that none is left open."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, request
from flask_login import current_user

from portal.staff.auth import login_manager

ROLES = ("editor", "admin")


def _guard(admin: bool) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if getattr(current_user, "role", None) not in ROLES:
                abort(403)
            if admin and current_user.role != "admin":
                abort(403)
            return view(*args, **kwargs)

        wrapped.staff_role = "admin" if admin else "editor"  # read by the route tests
        return wrapped

    return decorator


staff_required = _guard(admin=False)
admin_required = _guard(admin=True)


def client_address() -> str | None:
    """The client's address for the audit log (as the WSGI server saw it)."""
    return request.remote_addr
