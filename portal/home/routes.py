"""Home, sources and the visitor's preferences (language, elder mode)."""

from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, render_template, request
from sqlalchemy import func
from sqlmodel import select

from portal.core.db import get_session
from portal.core.i18n import LANG_COOKIE
from portal.domain import NOT_CARE_KINDS, Audience, FacilityKind
from portal.models import Facility, ServicePackage, SourceDocument, Subsidy

bp = Blueprint("public", __name__)

ELDER_COOKIE = "elder"
ONE_YEAR = 365 * 24 * 3600


def register_context(app: Flask) -> None:
    @app.context_processor
    def visitor_preferences() -> dict:
        return {"elder_mode": request.cookies.get(ELDER_COOKIE) == "1"}


@bp.get("/")
def home():
    session = get_session()
    live = Facility.withdrawn_at.is_(None)
    by_audience = dict(
        session.exec(
            select(Facility.audience, func.count())
            .where(live, Facility.kind.not_in(list(NOT_CARE_KINDS)))  # care projects only
            .group_by(Facility.audience)
        ).all()
    )
    stats = {
        "elderly": by_audience.get(Audience.ELDERLY, 0),
        "infants": by_audience.get(Audience.INFANTS, 0),
        "subsidies": session.exec(select(func.count()).select_from(Subsidy)).one(),
        "documents": session.exec(select(func.count()).select_from(SourceDocument)).one(),
    }
    cities = session.exec(
        select(SourceDocument).order_by(SourceDocument.region_code, SourceDocument.id)
    ).all()
    services = session.exec(select(ServicePackage).order_by(ServicePackage.id)).all()
    return render_template(
        "home.html", stats=stats, documents=cities, services=services, kinds=FacilityKind
    )


@bp.get("/sources")
def sources():
    session = get_session()
    rows = session.exec(
        select(SourceDocument, func.count(Facility.id))
        .join(Facility, Facility.document_id == SourceDocument.id, isouter=True)
        .group_by(SourceDocument.id)
        .order_by(SourceDocument.id)
    ).all()
    return render_template("sources.html", documents=rows)


@bp.post("/preferences")
def set_preferences():
    """Remember the language and elder mode in cookies, then go back where the visitor was."""
    response = redirect(safe_next(request.form.get("next")))
    lang = request.form.get("lang")
    if lang in ("zh", "en"):
        response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="Lax")
    elder = request.form.get("elder")
    if elder in ("0", "1"):
        response.set_cookie(ELDER_COOKIE, elder, max_age=ONE_YEAR, samesite="Lax")
    return response


def safe_next(target: str | None) -> str:
    """Only redirect within this site; anything else goes home."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
