"""Titles of the search facets and the text of removable filter chips."""

from flask_babel import lazy_gettext as _l
from sqlmodel import select

from portal.core.db import get_session
from portal.domain.labels import AUDIENCE_LABELS, KIND_LABELS, STATUS_LABELS, label
from portal.models import SourceDocument
from portal.places import region_name

FACET_TITLES = {
    "audience": _l("For whom"),
    "kind": _l("Type"),
    "status": _l("Status"),
    "city": _l("City"),
    "county": _l("County or district"),
}


def facet_title(facet: str) -> str:
    return str(FACET_TITLES.get(facet, facet))


def filter_label(name: str, value: str, search: object = None) -> str:
    """A removable filter chip's text, e.g. "类型：托育机构" or "床位 ≥ 100"."""
    if name == "kind":
        return label(KIND_LABELS, value)
    if name == "audience":
        return label(AUDIENCE_LABELS, value)
    if name == "status":
        return label(STATUS_LABELS, value)
    if name in ("region", "near"):
        place = region_name(value) or value
        if name == "near":
            return str(_l("Near: %(place)s", place=place))
        return str(_l("Place: %(place)s", place=place))
    if name == "lat":
        return str(_l("Near: your location"))
    if name == "doc":
        return str(_l("Source: %(doc)s", doc=document_title(value)))
    if name == "min_beds":
        return str(_l("Beds ≥ %(num)s", num=value))
    if name == "min_places":
        return str(_l("Childcare places ≥ %(num)s", num=value))
    return value


def document_title(slug: str) -> str:
    document = get_session().exec(select(SourceDocument).where(SourceDocument.slug == slug)).first()
    return document.title if document else slug
