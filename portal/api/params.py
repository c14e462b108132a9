"""Bounds of the API's own parameters (the search's are in ``facilities.search_page``).

Page sizes are capped so no request can ask for more rows than one answer should carry;
whole collections are in the exports (``portal.opendata``), not behind a huge ``per_page``.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.core.params import ascii_int
from portal.domain import RegionLevel

MAX_FACILITIES_PER_PAGE = 100  # the search's largest page (search.query.MAX_PER_PAGE)
MAX_REGIONS_PER_PAGE = 500
DEFAULT_REGIONS_PER_PAGE = 100
MAX_PAGE = 100_000
MAX_CODE_CHARS = 16


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def parse_paging(args: MultiDict, errors: dict[str, str], *, default: int, upper: int) -> Paging:
    """``page`` and ``per_page`` within their bounds; a refused value is named in ``errors``
    and replaced by the default, as the pages do."""
    page, per_page = 1, default
    if (args.get("page") or "").strip():
        page = ascii_int(args.get("page"), upper=MAX_PAGE, lower=1) or 0
        if not page:
            errors["page"] = _("There is no such page; showing the first one.")
            page = 1
    if (args.get("per_page") or "").strip():
        per_page = ascii_int(args.get("per_page"), upper=upper, lower=1) or 0
        if not per_page:
            errors["per_page"] = _("Enter a whole number between 1 and %(upper)s.", upper=upper)
            per_page = default
    return Paging(page, per_page)


def parse_region_filter(args: MultiDict, errors: dict[str, str]) -> tuple[str | None, str | None]:
    """``parent`` (a region code) and ``level`` (province, city, county, town) of a region list."""
    parent = (args.get("parent") or "").strip()[:MAX_CODE_CHARS] or None
    if parent is not None and not (parent.isascii() and parent.isdigit()):
        errors["parent"] = _("We do not know the place code %(code)s.", code=parent)
        parent = None
    level = (args.get("level") or "").strip()[:16] or None
    if level is not None and level not in set(RegionLevel):
        errors["level"] = _("Choose one of: %(values)s.", values=", ".join(RegionLevel))
        level = None
    return parent, level
