"""Service packages: what each includes, who may use it, and which facilities offer it."""

from flask import Blueprint, abort, render_template
from sqlmodel import select

from portal.core.db import get_session
from portal.models import Facility, FacilityService, ServicePackage

bp = Blueprint("services", __name__, url_prefix="/services")


@bp.get("/")
def index():
    packages = get_session().exec(select(ServicePackage).order_by(ServicePackage.id)).all()
    return render_template("services/index.html", packages=packages)


@bp.get("/<slug>")
def show(slug: str):
    """One service package and the facilities that offer it.

    :raise 404: if there is no package with that id.
    """
    session = get_session()
    package = session.exec(select(ServicePackage).where(ServicePackage.slug == slug)).first()
    if package is None:
        abort(404)
    facilities = session.exec(
        select(Facility)
        .join(FacilityService, FacilityService.facility_id == Facility.id)
        .where(FacilityService.service_id == package.id, Facility.withdrawn_at.is_(None))
        .order_by(Facility.city_code, Facility.name)
    ).all()
    return render_template("services/show.html", package=package, facilities=facilities)
