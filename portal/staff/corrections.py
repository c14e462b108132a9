"""Staff correct a facility: status (with the date it became true), address, phone, hours,
website, ages, capacity, operator, coordinates (entered, or geocoded from the address)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import col, select

from portal import indexing
from portal.core import db
from portal.core.db import get_session
from portal.curation import audit
from portal.curation.corrections import correct, current_facts, history
from portal.curation.fields import FIELDS, FieldError, clean_value, facility_value, valid_month
from portal.curation.geocoding import geocode_address
from portal.domain import FacilityStatus, Precision
from portal.models import Facility, Region
from portal.staff.roles import client_address, staff_required

bp = Blueprint("corrections", __name__, url_prefix="/staff")
MAX_ID = 2**63 - 1
MAX_SOURCE = 200


def _facility(facility_id: int) -> Facility:
    facility = get_session().get(Facility, facility_id) if 0 < facility_id <= MAX_ID else None
    if facility is None:
        abort(404)
    return facility


@bp.get("/facilities")
@staff_required
def find():
    """Find a facility to correct by words of its name."""
    q = request.args.get("q", "").strip()[:100]
    found = []
    if q:
        query = select(Facility).where(col(Facility.name).contains(q)).order_by(Facility.id)
        found = get_session().exec(query.limit(100)).all()
    return render_template("staff/find_facility.html", q=q, found=found)


def _current(facility: Facility) -> dict[str, str]:
    facts = current_facts(get_session(), [facility.id]).get(facility.id, {})
    return {
        name: (facts[name].new_value if name in facts else facility_value(facility, name)) or ""
        for name in FIELDS
    }


@bp.route("/facilities/<int:facility_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(facility_id: int):
    facility = _facility(facility_id)
    current = _current(facility)
    form = dict(current)
    errors: dict[str, str] = {}
    if request.method == "POST":
        # A field the form did not send is left alone (only an emptied field clears a fact).
        form = {name: request.form.get(name, current[name])[:400] for name in FIELDS}
        source = " ".join(request.form.get("source", "").split())
        effective = request.form.get("effective", "").strip()
        if not source:
            errors["source"] = _("Say where this comes from, e.g. 区民政局 2026-10 名录.")
        elif len(source) > MAX_SOURCE:
            errors["source"] = _("At most %(num)d characters.", num=MAX_SOURCE)
        if effective and not valid_month(effective):
            errors["effective"] = _("A year and month like 2024-09, or a year.")
        values: dict[str, str] = {}
        for name in FIELDS:
            raw = " ".join(form[name].split())
            if raw == current[name]:
                continue
            if not raw:
                if name == "status":
                    errors[name] = _("Choose a status.")
                else:
                    values[name] = ""
                continue
            try:
                values[name] = clean_value(name, raw)
            except FieldError as error:
                errors[name] = str(error)
        precision, note = None, None
        if "coordinates" in values and values["coordinates"]:
            precision = Precision.EXACT
        if request.form.get("geocode") == "1" and not errors.get("address"):
            address = values.get("address", current["address"])
            prefix = _county_prefix(facility)
            found = geocode_address(current_app.config, address, prefix)
            if found is None:
                errors["coordinates"] = _("No place in this address is known to the geocoder.")
            else:
                values["coordinates"] = f"{found.lat:.6f},{found.lon:.6f}"
                precision, note = found.precision, found.matched
        if not values and not errors:
            errors["form"] = _("Nothing was changed.")
        if not errors:
            with db.transaction() as session:
                target = session.get(Facility, facility.id)
                made = correct(
                    session,
                    target,
                    values,
                    source=source,
                    effective=effective or None,
                    user=current_user.username,
                    precision=precision,
                    note=note,
                )
                indexing.record_change(session, [facility.id])  # same transaction
                audit.record(
                    "correction",
                    current_user.username,
                    f"facility:{facility.id}",
                    {
                        "fields": {c.field: [c.old_value, c.new_value] for c in made},
                        "source": source,
                        "effective": effective,
                    },
                    address=client_address(),
                    session=session,
                )
            indexing.after_commit()
            flash(_("Saved %(num)d corrections.", num=len(made)), "info")
            return redirect(url_for("corrections.edit", facility_id=facility.id))
    return render_template(
        "staff/edit_facility.html",
        facility=facility,
        form=form,
        fields=FIELDS,
        statuses=list(FacilityStatus),
        errors=errors,
        source=request.form.get("source", ""),
        effective=request.form.get("effective", ""),
        corrections=history(get_session(), facility.id),
    ), 400 if errors else 200


def _county_prefix(facility: Facility) -> str:
    """City and county names, so the offline geocoder finds a town inside the right county."""
    names = []
    for code in (facility.city_code, facility.county_code):
        region = get_session().get(Region, code) if code else None
        if region is not None:
            names.append(region.name)
    return "".join(names)
