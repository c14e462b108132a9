"""Staff load a register of operating facilities: upload, see each row's proposed match (or a
new facility), confirm or change the decisions, apply."""

import hashlib
import re
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal.core.db import get_session
from portal.curation import audit
from portal.curation.fields import valid_month
from portal.curation.register_sheet import TEMPLATE_COLUMNS
from portal.curation.registers import RegisterError, apply_register, plan_register
from portal.domain import RegionLevel
from portal.models import Facility, Region
from portal.staff.roles import client_address, staff_required

bp = Blueprint("registers", __name__, url_prefix="/staff/registers")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_DECISION = re.compile(r"^(match:\d{1,18}|new|skip)$")
MAX_SOURCE = 200


def _upload_dir() -> Path:
    path = Path(current_app.instance_path) / "uploads" / "registers"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cities() -> list[Region]:
    codes = select(Facility.city_code).distinct()
    query = select(Region).where(Region.level == RegionLevel.CITY, Region.code.in_(codes))
    return list(get_session().exec(query.order_by(Region.code)).all())


def _form_values() -> tuple[dict[str, str], dict[str, str]]:
    values = {
        "city": request.form.get("city", "").strip(),
        "source": " ".join(request.form.get("source", "").split()),
        "effective": request.form.get("effective", "").strip(),
    }
    errors = {}
    if values["city"] not in {c.code for c in _cities()}:
        errors["city"] = _("Choose the city of the register.")
    if not values["source"] or len(values["source"]) > MAX_SOURCE:
        errors["source"] = _("Name the register and its date, e.g. 区民政局 2026-10 名录.")
    if values["effective"] and not valid_month(values["effective"]):
        errors["effective"] = _("A year and month like 2024-09, or a year.")
    return values, errors


@bp.get("/")
@staff_required
def upload_form():
    return render_template(
        "staff/register_upload.html",
        cities=_cities(),
        values={},
        errors={},
        columns=TEMPLATE_COLUMNS,
    )


@bp.post("/")
@staff_required
def preview():
    values, errors = _form_values()
    file = request.files.get("file")
    if file is None or not file.filename:
        errors["file"] = _("Choose a file to import.")
    if errors:
        return render_template(
            "staff/register_upload.html",
            cities=_cities(),
            values=values,
            errors=errors,
            columns=TEMPLATE_COLUMNS,
        ), 400
    data = file.read()
    digest = hashlib.sha256(data).hexdigest()
    (_upload_dir() / digest).write_bytes(data)
    name = Path(file.filename).name
    user, where = current_user.username, client_address()
    audit.record(
        "upload",
        user,
        name,
        {"size": len(data), "sha256": digest, "kind": "register"},
        address=where,
    )
    plan = plan_register(name, data, get_session(), values["city"])
    audit.record(
        "register_preview",
        user,
        name,
        {"sha256": digest, "rows": len(plan.rows), "fatal": plan.fatal},
        address=where,
    )
    return render_template(
        "staff/register_preview.html", plan=plan, digest=digest, values=values
    ), 200 if plan.ok else 400


@bp.post("/apply")
@staff_required
def apply():
    values, errors = _form_values()
    digest = request.form.get("digest", "")
    name = Path(request.form.get("file_name", "")).name
    if errors or not _DIGEST.match(digest) or not (_upload_dir() / digest).exists() or not name:
        abort(400)
    decisions: dict[int, str] = {}
    for key, value in request.form.items():
        if key.startswith("row-") and key[4:].isascii() and key[4:].isdigit() and len(key) < 14:
            if not _DECISION.match(value):
                abort(400)
            decisions[int(key[4:])] = value
    data = (_upload_dir() / digest).read_bytes()
    try:
        plan, result = apply_register(
            name,
            data,
            decisions,
            city_code=values["city"],
            source=values["source"],
            effective=values["effective"] or None,
            user=current_user.username,
        )
    except RegisterError as error:
        flash(_("Nothing was written: %(reason)s", reason=str(error)), "error")
        return redirect(url_for("registers.upload_form"))
    if result is None:
        flash(_("Nothing was written: %(reason)s", reason=plan.fatal), "error")
        return redirect(url_for("registers.upload_form"))
    audit.record(
        "register_apply",
        current_user.username,
        name,
        {
            "sha256": digest,
            "source": values["source"],
            **result.counts(),
            "matched_ids": result.matched,
            "new_ids": result.created,
        },
        address=client_address(),
    )
    (_upload_dir() / digest).unlink(missing_ok=True)
    flash(
        _(
            "Register applied: %(matched)d matched, %(new)d new, %(unmatched)d left unmatched.",
            **result.counts(),
        ),
        "info",
    )
    return redirect(url_for("worklist.index"))


@bp.get("/template.csv")
@staff_required
def template():
    """The register template: the columns, one empty row."""
    body = "\ufeff" + ",".join(TEMPLATE_COLUMNS) + "\r\n"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=register_template.csv"},
    )
