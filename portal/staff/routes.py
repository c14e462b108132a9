"""The staff area: log in, upload a project list, see the plan, apply it, review past runs."""

import hashlib
import re
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
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlmodel import select

from portal.core.db import get_session, transaction
from portal.domain.labels import ACTION_LABELS, label
from portal.home.routes import safe_next
from portal.importer.pipeline import apply_import, plan_import
from portal.importer.report import plan_as_json
from portal.models import ImportRun
from portal.staff.auth import authenticate, end_all_sessions, start_login_clock

bp = Blueprint("staff", __name__, url_prefix="/staff")
_UPLOAD_NAME = re.compile(r"^[0-9a-f]{64}$")
TEMPLATE_FILES = ("project_list_template.csv", "project_list_template.xlsx")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("staff/login.html", error=None)
    username = request.form.get("username", "").strip()[:200]
    password = request.form.get("password", "")[:1000]
    outcome = authenticate(username, password, request.remote_addr)
    if outcome.user is None:
        return render_template("staff/login.html", error=outcome.error), outcome.status
    session.clear()  # a new login never inherits what the previous visitor's cookie held
    login_user(outcome.user)
    start_login_clock()
    next_url = request.args.get("next")
    return redirect(safe_next(next_url) if next_url else url_for("staff.dashboard"))


@bp.post("/logout")
@login_required
def logout():
    end_all_sessions(current_user.id)
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
    with transaction() as session:
        plan = plan_import(file.filename, data, session)
    return render_template(
        "staff/preview.html",
        plan=plan,
        report=plan_as_json(plan),
        digest=digest,
        file_name=Path(file.filename).name,
    )


@bp.post("/import/apply")
@login_required
def apply():
    digest = request.form.get("digest", "")
    file_name = Path(request.form.get("file_name", "")).name
    if not _UPLOAD_NAME.match(digest) or not (_upload_dir() / digest).exists():
        abort(400)
    data = (_upload_dir() / digest).read_bytes()
    plan, run = apply_import(file_name, data, user=current_user.username)
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
