"""Accounts (admins only): create staff, change a role, reset a password, deactivate."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal.core import db
from portal.core.db import get_session
from portal.curation import audit
from portal.curation.accounts import AccountError, check_password, check_username
from portal.models import StaffUser
from portal.staff.roles import ROLES, admin_required, client_address

bp = Blueprint("accounts", __name__, url_prefix="/staff/accounts")


def _page(errors: dict | None = None, status: int = 200):
    users = get_session().exec(select(StaffUser).order_by(StaffUser.username)).all()
    return render_template(
        "staff/accounts.html", users=users, roles=ROLES, errors=errors or {}
    ), status


@bp.get("/")
@admin_required
def index():
    return _page()


@bp.post("/")
@admin_required
def create():
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    role = request.form.get("role", "")
    try:
        check_username(username)
        check_password(password)
        if role not in ROLES:
            raise AccountError(_("Choose a role."))
    except AccountError as error:
        return _page({"create": str(error)}, 400)
    with db.transaction() as session:
        if session.exec(select(StaffUser).where(StaffUser.username == username)).first():
            return _page({"create": _("This user name is taken.")}, 400)
        user = StaffUser(username=username, password_hash="", role=role)
        user.set_password(password)
        session.add(user)
        audit.record(
            "account_created",
            current_user.username,
            username,
            {"role": role},
            address=client_address(),
            session=session,
        )
    flash(_("Account %(name)s created.", name=username), "info")
    return redirect(url_for("accounts.index"))


@bp.post("/<int:user_id>")
@admin_required
def change(user_id: int):
    action = request.form.get("action", "")
    with db.transaction() as session:
        user = session.get(StaffUser, user_id) if user_id < 2**63 else None
        if user is None:
            abort(404)
        if user.id == current_user.id and action in ("deactivate", "role"):
            flash(_("You cannot deactivate yourself or change your own role."), "error")
            return redirect(url_for("accounts.index"))
        detail: dict = {"action": action}
        if action == "role" and request.form.get("role") in ROLES:
            detail["from"], detail["to"] = user.role, request.form["role"]
            user.role = request.form["role"]
        elif action == "deactivate":
            user.active = False
        elif action == "activate":
            user.active = True
        elif action == "password":
            try:
                check_password(request.form.get("password", ""))
            except AccountError as error:
                flash(str(error), "error")
                return redirect(url_for("accounts.index"))
            user.set_password(request.form["password"])
        else:
            abort(400)
        session.add(user)
        audit.record(
            "account_changed",
            current_user.username,
            user.username,
            detail,
            address=client_address(),
            session=session,
        )
    flash(_("Account %(name)s changed.", name=user.username), "info")
    return redirect(url_for("accounts.index"))
