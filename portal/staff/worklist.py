"""The staff worklist: counts on the dashboard, filterable lists, conflicts marked reviewed."""

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal.core import db
from portal.core.db import get_session
from portal.core.params import ascii_int
from portal.curation import audit, worklist
from portal.curation.fields import FIELDS
from portal.domain import RegionLevel
from portal.models import Facility, KeptCorrection, Region
from portal.models._types import utcnow
from portal.staff.roles import client_address, staff_required

bp = Blueprint("worklist", __name__, url_prefix="/staff/worklist")


def _filters() -> worklist.Filters:
    city = request.args.get("city", "").strip()
    city = city if city.isascii() and city.isdigit() and len(city) <= 12 else None
    return worklist.Filters(city=city, q=request.args.get("q", "").strip()[:50])


def _cities() -> list[Region]:
    codes = select(Facility.city_code).distinct()
    query = select(Region).where(Region.level == RegionLevel.CITY, Region.code.in_(codes))
    return list(get_session().exec(query.order_by(Region.code)).all())


@bp.get("/")
@staff_required
def index():
    name = request.args.get("list", "overdue")
    if name not in worklist.LISTS:
        abort(400)
    page = ascii_int(request.args.get("page"), lower=1, upper=10_000) or 1
    filters = _filters()
    session = get_session()
    rows = worklist.items(session, name, filters, page)
    names = {}
    if name == "conflicts":
        ids = [r.facility_id for r in rows]
        names = {f.id: f.name for f in session.exec(select(Facility).where(Facility.id.in_(ids)))}
    return render_template(
        "staff/worklist.html",
        current=name,
        counts=worklist.counts(session, filters),
        rows=rows,
        names=names,
        fields=FIELDS,
        filters=filters,
        cities=_cities(),
        page=page,
        page_size=worklist.PAGE_SIZE,
    )


@bp.post("/conflicts/<int:conflict_id>/reviewed")
@staff_required
def reviewed(conflict_id: int):
    with db.transaction() as session:
        kept = session.get(KeptCorrection, conflict_id) if conflict_id < 2**63 else None
        if kept is None:
            abort(404)
        kept.reviewed_at, kept.reviewed_by = utcnow(), current_user.username
        session.add(kept)
        audit.record(
            "conflict_reviewed",
            current_user.username,
            f"facility:{kept.facility_id}",
            {"field": kept.field, "plan": kept.plan_value, "kept": kept.kept_value},
            address=client_address(),
            session=session,
        )
    flash(_("Marked as reviewed."), "info")
    return redirect(url_for("worklist.index", list="conflicts"))


def register_counts(app: Flask) -> None:
    """``worklist_counts()`` for the dashboard template (only called on staff pages)."""

    @app.context_processor
    def _counts() -> dict:
        return {"worklist_counts": lambda: worklist.counts(get_session())}
