"""The facilities of the current search as CSV: the results page's query, every match (up to
:data:`MAX_ROWS`), in the visitor's language."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlmodel import select

from portal.core.db import get_session
from portal.domain.labels import (
    AUDIENCE_LABELS,
    KIND_LABELS,
    PRECISION_LABELS,
    STATUS_LABELS,
    label,
)
from portal.facilities.search_page import SearchRequest, all_matches
from portal.facilities.status_text import dated_status
from portal.models import Facility, SourceDocument
from portal.opendata.cells import csv_lines
from portal.places import region_name

MAX_ROWS = 5_000  # a bounded answer; the whole data set is the HSDS package


@dataclass
class ResultsExport:
    lines: Iterator[str]
    exported: int
    total: int


def _header() -> list[str]:
    return [
        _("ID"),
        _("Name"),
        _("Kind"),
        _("For"),
        _("Status"),
        _("Status as the plan stated it, with its year"),
        _("City"),
        _("County or district"),
        _("Location as the source states it"),
        _("Location precision"),
        _("Latitude (WGS-84)"),
        _("Longitude (WGS-84)"),
        _("Beds"),
        _("Medical beds"),
        _("Care beds"),
        _("Childcare places"),
        _("Nursery classes"),
        _("Kindergarten classes"),
        _("Period"),
        _("Operator"),
        _("Source document"),
        _("Source line"),
        _("Imported"),
        _("Page"),
    ]


def _row(f: Facility, titles: dict[int, str]) -> list[Any]:
    return [
        f.id,
        f.name,
        label(KIND_LABELS, f.kind),
        label(AUDIENCE_LABELS, f.audience),
        label(STATUS_LABELS, f.status),
        dated_status(f).text,
        region_name(f.city_code),
        region_name(f.county_code),
        f.location_text,
        label(PRECISION_LABELS, f.precision),
        f.lat,
        f.lon,
        f.beds,
        f.medical_beds,
        f.care_beds,
        f.childcare_places,
        f.nursery_classes,
        f.kindergarten_classes,
        f.period_raw,
        f.operator,
        titles.get(f.document_id),
        f.source_line,
        f.imported_at.date().isoformat() if f.imported_at else None,
        url_for("facilities.show", facility_id=f.id, _external=True),
    ]


def results_csv(request: SearchRequest, limit: int = MAX_ROWS) -> ResultsExport:
    """Every match of ``request`` (not only one page), at most ``limit`` rows."""
    matches = all_matches(request, limit=limit)
    titles = dict(get_session().exec(select(SourceDocument.id, SourceDocument.title)).all())
    # Rows are made now, inside the request: the session is gone once streaming starts.
    rows = [_row(f, titles) for f in matches.facilities]
    return ResultsExport(csv_lines(_header(), rows), len(matches.facilities), matches.total)
