"""The staff area: log in, upload a project list, see the plan, apply it, review past runs."""

import hashlib
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
from portal.curation import audit  # issue 15
from portal.curation.corrections import parse_overrides, protect_plan  # issue 15
from portal.curation.fields import field_label  # issue 15
from portal.domain import JobState
from portal.home.routes import safe_next
from portal.importer.report import plan_as_json
from portal.models import ImportJob, ImportRun
from portal.staff import jobs
from portal.staff.auth import authenticate, end_all_sessions, start_login_clock
from portal.staff.roles import client_address  # issue 15

bp = Blueprint("staff", __name__, url_prefix="/staff")
TEMPLATE_FILES = ("project_list_template.csv", "project_list_template.xlsx")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("staff/login.html", error=None)
    username = request.form.get("username", "").strip()[:200]
    password = request.form.get("password", "")[:1000]
    outcome = authenticate(username, password, request.remote_addr)
    if outcome.user is None:
        # issue 15: failed logins are audited (the name tried, never the password)
        audit.record("login_failed", username[:150] or "-", address=client_address())
        return render_template("staff/login.html", error=outcome.error), outcome.status
    session.clear()  # a new login never inherits what the previous visitor's cookie held
    login_user(outcome.user)
    start_login_clock()
    audit.record("login", outcome.user.username, address=client_address())  # issue 15
    next_url = request.args.get("next")
    return redirect(safe_next(next_url) if next_url else url_for("staff.dashboard"))


@bp.post("/logout")
@login_required
def logout():
    audit.record("logout", current_user.username, address=client_address())  # issue 15
    end_all_sessions(current_user.id)
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.home"))


@bp.get("/")
@login_required
def dashboard():
    jobs.mark_interrupted_jobs()
    runs = get_session().exec(select(ImportRun).order_by(ImportRun.id.desc()).limit(50)).all()
    recent_jobs = (
        get_session()
        .exec(
            select(ImportJob)
            .where(ImportJob.user == current_user.username, ImportJob.state != JobState.PREVIEWED)
            .order_by(ImportJob.id.desc())
            .limit(10)
        )
        .all()
    )
    return render_template(
        "staff/dashboard.html",
        runs=runs,
        import_jobs=recent_jobs,
        job_state_label=job_state_label,
    )


def job_state_label(state: str) -> str:
    return {
        JobState.PREVIEWED: _("previewed"),
        JobState.QUEUED: _("waiting to start"),
        JobState.RUNNING: _("running"),
        JobState.DONE: _("applied"),
        JobState.FAILED: _("failed, nothing written"),
    }.get(state, state)


PREVIEW_ROWS_SHOWN = 500


@bp.route("/import", methods=["GET", "POST"])
@login_required
def upload():
    """Upload a file and see what importing it would change; nothing is written yet.

    :raise 413/422: (as a page naming the file, line and reason) for a refused file, which is
        not kept.
    """
    if request.method == "GET":
        return render_template("staff/upload.html", error=None)
    file = request.files.get("file")
    if file is None or not file.filename:
        return render_template("staff/upload.html", error=_("Choose a file to import.")), 400
    file_name = Path(file.filename).name
    with file.stream:  # a large upload is spooled to a temporary file: close it now
        data = file.read()
    # issue 15: audit the upload and the preview
    where = client_address()
    digest = hashlib.sha256(data).hexdigest()
    audit.record(
        "upload",
        current_user.username,
        file_name,
        {"size": len(data), "sha256": digest},
        address=where,
    )
    plan, job = jobs.preview(file_name, data, current_user.username)
    conflicts = []
    if plan.ok:  # issue 15: corrected fields are shown as conflicts, kept unless ticked
        with transaction() as tx:
            conflicts = protect_plan(plan, tx)
    audit.record(
        "preview",
        current_user.username,
        file_name,
        {"sha256": digest, "counts": plan.counts(), "conflicts": len(conflicts)},
        address=where,
    )
    report = plan_as_json(plan)
    rows, shown_note = _rows_to_show(report["rows"])
    status = 200 if plan.ok else (413 if plan.too_large else 422)
    page = render_template(
        "staff/preview.html",
        plan=plan,
        report=report,
        rows=rows,
        shown_note=shown_note,
        token=job.token if job else None,
        file_name=file_name,
        conflicts=conflicts,
        field_label=field_label,
    )
    return page, status


def _rows_to_show(rows: list[dict]) -> tuple[list[dict], str | None]:
    """At most PREVIEW_ROWS_SHOWN rows, those with errors first (a long file's page stays small)."""
    if len(rows) <= PREVIEW_ROWS_SHOWN:
        return rows, None
    with_errors = [r for r in rows if r.get("errors")]
    others = [r for r in rows if not r.get("errors")]
    shown = (with_errors + others)[:PREVIEW_ROWS_SHOWN]
    shown.sort(key=lambda r: r.get("line") or 0)
    note = _(
        "Showing %(shown)d of %(total)d rows, every row with an error first.",
        shown=len(shown),
        total=len(rows),
    )
    return shown, note


@bp.post("/import/apply")
@login_required
def apply():
    """Queue the apply of a preview, named only by its token; answers at once.

    :raise 400: if the token names no preview of this user waiting to be applied.
    """
    token = request.form.get("token", "")
    # issue 15: staff tick, field by field, where the file's value replaces a correction
    overrides = parse_overrides(request.form.getlist("override"))
    job = (
        jobs.queue_apply(token[:100], current_user.username, overrides, client_address())
        if token
        else None
    )
    if job is None:
        abort(400)
    return redirect(url_for("staff.job", job_id=job.id), code=303)


@bp.get("/jobs/<int:job_id>")
@login_required
def job(job_id: int):
    """How an apply stands; the page reloads itself until it is done (no script needed)."""
    record = jobs.find_job(job_id, current_user.username)
    if record is None:
        abort(404)
    done, total = jobs.live_progress.get(record.id, (0, record.total))
    return render_template(
        "staff/job.html", job=record, done=done, total=total, error_codes=_job_errors()
    )


def _job_errors() -> dict[str, str]:
    return {
        jobs.INTERRUPTED: _(
            "The import was interrupted (the server restarted). Nothing was written: "
            "upload the file again."
        ),
        jobs.UPLOAD_GONE: _("The uploaded file is no longer there. Upload it again."),
        jobs.CRASHED: _(
            "The import failed and was rolled back; nothing was written. Please try again."
        ),
    }


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
