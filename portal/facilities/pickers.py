"""The place pickers of the search form: filter regions and "near" districts.

Both are a function of the data alone (the index's facets, the regions, the source plans), not
of the visitor, so they are computed once per data version token (``request_data_token``: an
import or a correction makes a new one) and kept in the app: the names as plain data, and the
choices' HTML rendered once by ``templates/facilities/_pickers.html`` (escaped by Jinja like
any page) as Markup. A request only marks its own state: the checked regions with their counts,
the selected district. Region names are not translated, so one copy serves every locale.
"""

import threading
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup
from sqlmodel import select

from portal.core.db import get_session
from portal.indexing import search_index
from portal.indexing.request_version import indexed_token, request_data_token
from portal.models import Region, SourceDocument

TEMPLATE = "facilities/_pickers.html"
# Markup, so that Markup.replace matches them as written rather than escaped.
CHECKED, COUNT = Markup("<!--checked-->"), Markup("<!--count-->")
_lock = threading.Lock()


@dataclass(frozen=True)
class Pickers:
    token: str  # the data version they were computed at
    region_names: dict[str, str]  # code → name of every city and county facilities are filed under
    near_groups: list[tuple[str, list[tuple[str, str]]]]  # city name → (code, name) districts
    region_choices: dict[str, Markup]  # code → its checkbox, with the CHECKED and COUNT markers
    near_options: Markup  # every <optgroup> of the "near" <select>, nothing selected

    def region_boxes(self, counts: dict[str, int], chosen: list[str]) -> Markup:
        """The checkboxes of a facet's regions, most facilities first, the chosen ones checked."""
        chosen_codes = set(chosen)
        boxes = []
        # Stable, like Jinja's ``dictsort(by='value', reverse=true)``: ties keep facet order.
        for code, count in sorted(counts.items(), key=lambda item: item[1], reverse=True):
            box = self.region_choices.get(code) or _choice(code, code)
            marked = box.replace(CHECKED, " checked" if code in chosen_codes else "")
            boxes.append(marked.replace(COUNT, str(int(count))))
        return Markup("\n").join(boxes)

    def near_select_options(self, selected: str | None) -> Markup:
        """The districts' options, ``selected`` (a district code) marked."""
        if not selected:
            return self.near_options
        plain = Markup('<option value="{}">').format(selected)
        marked = Markup('<option value="{}" selected>').format(selected)
        return Markup(self.near_options.replace(plain, marked, 1))


def pickers() -> Pickers:
    """The pickers at this request's data version, computed by the first request that needs it."""
    token = request_data_token()
    kept: Pickers | None = current_app.extensions.get("facility_pickers")
    if kept is not None and kept.token == token:
        return kept
    with _lock:
        kept = current_app.extensions.get("facility_pickers")
        if kept is None or kept.token != token:
            kept = _compute(token)
            # Kept only if the index's facets were of that version (an index update deferred
            # behind another writer would have given older ones): else computed again next time.
            if indexed_token() == token:
                current_app.extensions["facility_pickers"] = kept
    return kept


def _compute(token: str) -> Pickers:
    names = {code: region.name for code, region in filter_regions().items()}
    groups = [
        (city, [(region.code, region.name) for region in districts])
        for city, districts in near_choices()
    ]
    macros = current_app.jinja_env.get_template(TEMPLATE).module
    return Pickers(
        token=token,
        region_names=names,
        near_groups=groups,
        region_choices={code: _choice(code, name) for code, name in names.items()},
        near_options=Markup(macros.near_options(groups)),
    )


def _choice(code: str, name: str) -> Markup:
    return Markup(current_app.jinja_env.get_template(TEMPLATE).module.region_choice(code, name))


def filter_regions() -> dict[str, Region]:
    """The regions facilities are filed under (their cities and counties), by code.

    The codes come from the search index's facets, which every facility is in, so a page
    does not scan the facility table for them.
    """
    index = search_index()
    codes = index.facet_values("city") | index.facet_values("county")
    session = get_session()
    return {r.code: r for r in session.exec(select(Region).where(Region.code.in_(codes)))}


def near_choices() -> list[tuple[str, list[Region]]]:
    """Districts for the "near" picker (a district's centre stands in for a location), grouped
    by city: every district with facilities, and every district a source plan covers, even
    one whose plan lists no facility (泰州市海陵区), so its residents can find the nearest."""
    session = get_session()
    plan_codes = [c for c in session.exec(select(SourceDocument.region_code)).all() if c]
    codes = set(search_index().facet_values("county")) | set(plan_codes)
    counties = (Region.code.in_(codes)) | (Region.parent_code.in_(plan_codes))
    rows = session.exec(
        select(Region).where(counties, Region.level == "county", Region.lat.is_not(None))
    ).all()
    parents = {r.parent_code for r in rows if r.parent_code}
    cities = {
        r.code: r
        for r in session.exec(
            select(Region).where(Region.level == "city", Region.code.in_(parents))
        )
    }
    groups: dict[str, list[Region]] = {}
    for region in sorted(rows, key=lambda r: r.code):
        city = cities.get(region.parent_code or "")
        groups.setdefault(city.name if city else "", []).append(region)
    return list(groups.items())
