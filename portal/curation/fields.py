"""The facts staff may correct, how they are written as text and where they live on a facility.

Status, address, capacity, operator and coordinates are columns of ``Facility`` (so search and
maps follow a correction); phone, hours, website and ages exist only as corrections.
"""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.domain import FacilityStatus, Precision
from portal.models import Facility

_MONTH = re.compile(r"^(19|20)\d\d(-(0[1-9]|1[0-2]))?$")
_PHONE = re.compile(r"^[0-9+()\-\s转,，、/]{5,60}$")
MAX_TEXT = 300


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: object  # a lazy string
    column: str | None = None  # the Facility column it corrects, if any


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("status", _l("Status"), "status"),
        FieldSpec("address", _l("Address"), "location_text"),
        FieldSpec("phone", _l("Phone")),
        FieldSpec("hours", _l("Opening hours")),
        FieldSpec("website", _l("Website")),
        FieldSpec("ages", _l("Ages served")),
        FieldSpec("beds", _l("Beds"), "beds"),
        FieldSpec("childcare_places", _l("Childcare places"), "childcare_places"),
        FieldSpec("operator", _l("Operator"), "operator"),
        FieldSpec("coordinates", _l("Coordinates")),
    )
}
# Import columns (importer.records.COMPARED_FIELDS) → the corrected field that protects them.
IMPORT_COLUMNS = {
    "status": "status",
    "location_text": "address",
    "beds": "beds",
    "childcare_places": "childcare_places",
    "operator": "operator",
    "lat": "coordinates",
    "lon": "coordinates",
    "precision": "coordinates",
}
STATUS_WORDS = {
    FacilityStatus.OPERATING: _l("Open"),
    FacilityStatus.UNDER_CONSTRUCTION: _l("Under construction"),
    FacilityStatus.PLANNED: _l("Planned"),
    FacilityStatus.PROPOSED: _l("Proposed"),
    FacilityStatus.UNKNOWN: _l("Status not stated"),
}


class FieldError(ValueError):
    """A value staff entered that cannot be stored; the message names the field."""


def valid_month(text: str) -> bool:
    """``2024`` or ``2024-09``: when a fact became true, as precise as the source says."""
    return bool(_MONTH.match(text))


def clean_value(field: str, raw: str) -> str:
    """The stored text of a value from a form or a register. :raise FieldError:"""
    text = " ".join((raw or "").split())
    if len(text) > MAX_TEXT:
        raise FieldError(_l("At most %(num)d characters.", num=MAX_TEXT))
    if field == "status":
        if text not in {s.value for s in FacilityStatus}:
            raise FieldError(_l("Choose a status."))
    elif field in ("beds", "childcare_places"):
        if not text.isascii() or not text.isdigit() or int(text) > 100_000:
            raise FieldError(_l("A whole number from 0 to 100000."))
        text = str(int(text))
    elif field == "phone":
        if not _PHONE.match(text):
            raise FieldError(_l("Digits, spaces, + ( ) - only."))
    elif field == "website":
        if not re.match(r"^https?://[^\s<>\"']+$", text):
            raise FieldError(_l("A web address starting with http:// or https://."))
    elif field == "coordinates":
        lat, lon = parse_point(text)
        text = f"{lat:.6f},{lon:.6f}"
    return text


def parse_point(text: str) -> tuple[float, float]:
    """``"28.45,119.92"`` → (lat, lon), WGS-84. :raise FieldError:"""
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    try:
        lat, lon = (float(p) for p in parts) if len(parts) == 2 else (None, None)
    except ValueError:
        lat = lon = None
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise FieldError(_l("Latitude,longitude in degrees, e.g. 28.4517,119.9227."))
    return lat, lon


def facility_value(facility: Facility, field: str) -> str | None:
    """The facility's own value of a field as text (``None`` for facts only corrections hold)."""
    if field == "coordinates":
        if facility.lat is None or facility.lon is None:
            return None
        return f"{facility.lat:.6f},{facility.lon:.6f}"
    spec = FIELDS[field]
    if spec.column is None:
        return None
    value = getattr(facility, spec.column)
    if value is None or value == "":
        return None
    return value.value if hasattr(value, "value") else str(value)


def import_value(column: str, value: object) -> str | None:
    """An import's new value of a column as text, for the conflict shown in the preview."""
    if value is None or value == "":
        return None
    return value.value if hasattr(value, "value") else str(value)


def apply_value(facility: Facility, field: str, text: str, precision: Precision | None) -> None:
    """Write a corrected value into the facility's columns (nothing for correction-only facts)."""
    if field == "status":
        facility.status = FacilityStatus(text)
    elif field == "coordinates" and not text:
        facility.lat = facility.lon = None
        facility.precision = Precision.NONE
    elif field == "coordinates":
        facility.lat, facility.lon = parse_point(text)
        facility.precision = precision or Precision.EXACT
    elif field in ("beds", "childcare_places"):
        setattr(facility, field, int(text) if text else None)
    elif FIELDS[field].column:
        setattr(facility, FIELDS[field].column, text)


def field_label(name: str) -> str:
    """The field's label in the current language (the name itself if unknown)."""
    spec = FIELDS.get(name)
    return str(spec.label) if spec else name


def value_label(field: str, value: str | None) -> str:
    """A stored value as a reader sees it (a status as 已开业, not ``operating``)."""
    if value is None or value == "":
        return "—"
    if field == "status" and value in {s.value for s in FacilityStatus}:
        return str(STATUS_WORDS[FacilityStatus(value)])
    return value
