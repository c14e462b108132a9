"""The staff area: log in, upload a project list, see the plan, apply it, review past runs."""

import hashlib
import re
from functools import partial
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlmodel import select

from portal.core.db import get_session, transaction
from portal.curation import audit  # issue 15
from portal.curation.corrections import keep_corrections, parse_overrides, protect_plan  # issue 15
from portal.curation.fields import field_label  # issue 15
from portal.domain.labels import ACTION_LABELS, label
from portal.home.routes import safe_next
from portal.importer.pipeline import apply_import, plan_import
from portal.importer.report import plan_as_json
from portal.models import ImportRun, StaffUser
from portal.staff.roles import client_address  # issue 15

bp = Blueprint("staff", __name__, url_prefix="/staff")
_UPLOAD_NAME = re.compile(r"^[0-9a-f]{64}$")
TEMPLATE_FILES = ("project_list_template.csv", "project_list_template.xlsx")


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        user = get_session().exec(select(StaffUser).where(StaffUser.username == username)).first()
        if user is not None and user.active and user.check_password(password):
            login_user(user)
            audit.record("login", user.username, address=client_address())  # issue 15
            return redirect(
                safe_next(request.args.get("next"))
                if request.args.get("next")
                else url_for("staff.dashboard")
            )
        error = _("The user name or password is not right.")
        # issue 15: failed logins are audited (the name tried, never the password)
        audit.record("login_failed", username[:150] or "-", address=client_address())
    return render_template("staff/login.html", error=error), 401 if error else 200


@bp.post("/logout")
@login_required
def logout():
    audit.record("logout", current_user.username, address=client_address())  # issue 15
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.home"))


@bp.get("/")
@login_required
def dashboard():
    runs = get_session().exec(select(ImportRun).order_by(ImportRun.id.desc()).limit(50)).all()
    return render_template("staff/dashboard.html", runs=runs)


def _upload_dir() -> Path:
    path = Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


@bp.route("/import", methods=["GET", "POST"])
@login_required
def upload():
    """Upload a file and see what importing it would change; nothing is written yet."""
    if request.method == "GET":
        return render_template("staff/upload.html", error=None)
    file = request.files.get("file")
    if file is None or not file.filename:
        return render_template("staff/upload.html", error=_("Choose a file to import.")), 400
    data = file.read()
    digest = hashlib.sha256(data).hexdigest()
    # The preview and the apply must see the same bytes: keep them under their hash.
    (_upload_dir() / digest).write_bytes(data)
    # issue 15: audit the upload and the preview; corrected fields are kept out of the plan
    where = client_address()
    audit.record(
        "upload",
        current_user.username,
        Path(file.filename).name,
        {"size": len(data), "sha256": digest},
        address=where,
    )
    with transaction() as session:
        plan = plan_import(file.filename, data, session)
        conflicts = protect_plan(plan, session) if plan.ok else []
    audit.record(
        "preview",
        current_user.username,
        Path(file.filename).name,
        {"sha256": digest, "counts": plan.counts(), "conflicts": len(conflicts)},
        address=where,
    )
    return render_template(
        "staff/preview.html",
        plan=plan,
        report=plan_as_json(plan),
        digest=digest,
        file_name=Path(file.filename).name,
        conflicts=conflicts,
        field_label=field_label,
    )


@bp.post("/import/apply")
@login_required
def apply():
    digest = request.form.get("digest", "")
    file_name = Path(request.form.get("file_name", "")).name
    if not _UPLOAD_NAME.match(digest) or not (_upload_dir() / digest).exists():
        abort(400)
    data = (_upload_dir() / digest).read_bytes()
    # issue 15: staff tick, field by field, where the file's value replaces a correction
    overrides = parse_overrides(request.form.getlist("override"))
    keep = partial(keep_corrections, overrides=overrides, user=current_user.username)
    plan, run = apply_import(file_name, data, user=current_user.username, adjust=keep)
    audit.record(
        "apply",
        current_user.username,
        file_name,
        {
            "sha256": digest,
            "applied": run is not None,
            "counts": plan.counts(),
            "overrides": sorted(f"{i}:{f}" for i, f in overrides),
        },
        address=client_address(),
    )
    if run is None:
        flash(_("Nothing was written: %(reason)s", reason=plan.fatal), "error")
        return redirect(url_for("staff.upload"))
    (_upload_dir() / digest).unlink(missing_ok=True)
    flash(_("Import applied: %(counts)s.", counts=_counts_text(run.counts)), "info")
    return redirect(url_for("staff.run", run_id=run.id))


@bp.get("/templates/<name>")
@login_required
def template_file(name: str):
    """The CSV and Excel templates documented in data/templates/README.md."""
    if name not in TEMPLATE_FILES:
        abort(404)
    return send_from_directory(
        Path(current_app.config["DATA_DIR"]) / "templates", name, as_attachment=True
    )


@bp.get("/runs/<int:run_id>")
@login_required
def run(run_id: int):
    record = get_session().get(ImportRun, run_id)
    if record is None:
        abort(404)
    return render_template("staff/run.html", run=record)


def _counts_text(counts: dict) -> str:
    return ", ".join(f"{label(ACTION_LABELS, k)} {v}" for k, v in counts.items())
