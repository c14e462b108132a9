"""The audit log for staff: the newest events, filtered by action or user, and a CSV export."""

from flask import Blueprint, Response, render_template, request

from portal.core.db import get_session
from portal.curation import audit
from portal.staff.roles import staff_required

bp = Blueprint("audit", __name__, url_prefix="/staff/audit")


def _filters() -> dict[str, str | None]:
    action = request.args.get("action", "")
    user = request.args.get("user", "").strip()[:150]
    return {"action": action if action in audit.ACTIONS else None, "user": user or None}


@bp.get("/")
@staff_required
def index():
    filters = _filters()
    return render_template(
        "staff/audit.html",
        events=audit.events(get_session(), **filters),
        actions=audit.ACTIONS,
        filters=filters,
    )


@bp.get("/audit.csv")
@staff_required
def export():
    rows = audit.events(get_session(), limit=100_000, **_filters())
    return Response(
        audit.export_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit.csv"},
    )
