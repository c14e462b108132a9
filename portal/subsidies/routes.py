"""Subsidy pages and the "what can we get?" check."""

from datetime import date

from flask import Blueprint, abort, render_template, request
from sqlmodel import select

from portal.core.db import get_session
from portal.models import SourceDocument, Subsidy
from portal.subsidies.catalogue import rules_of
from portal.subsidies.pages import is_expired, listed_subsidies, place_choices, run_check

bp = Blueprint("subsidies", __name__, url_prefix="/subsidies")

CATEGORIES = (
    "construction_subsidy",
    "operating_subsidy",
    "allowance",
    "reward",
    "fee_cap",
    "insurance",
    "tax_relief",
    "other",
)


@bp.get("/")
def index():
    listing = listed_subsidies(request.args)
    return render_template(
        "subsidies/index.html",
        listing=listing,
        groups=listing.groups,
        chosen=listing.chosen,
        places=place_choices(),
        categories=CATEGORIES,
        today=date.today(),
        is_expired=is_expired,
    )


@bp.get("/check")
def check():
    """The check: GET forms (choose who it is for, then its questions), so an answer has a
    shareable, printable URL and the steps work without JavaScript."""
    page = run_check(request.args, date.today())
    return render_template(
        "subsidies/check.html", page=page, places=place_choices(), today=date.today()
    )


@bp.get("/<slug>")
def show(slug: str):
    """One subsidy: who gets how much, when, how to apply, and where the rule comes from.

    :raise 404: if there is no subsidy with that id.
    """
    subsidy = get_session().exec(select(Subsidy).where(Subsidy.slug == slug)).first()
    if subsidy is None:
        abort(404)
    return render_template(
        "subsidies/show.html",
        subsidy=subsidy,
        rules=rules_of(subsidy),
        document=get_session().get(SourceDocument, subsidy.document_id)
        if subsidy.document_id
        else None,
        expired=is_expired(subsidy, date.today()),
    )
