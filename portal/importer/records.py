"""One project row, normalised: every value the database will hold, with the row's problems."""

import re
from dataclasses import dataclass, field, fields

from portal.domain import Audience, FacilityKind, FacilityStatus, Precision
from portal.importer.problems import RowProblem

# Fields of Facility that come from the import and are compared to find changes.
COMPARED_FIELDS = (
    "name",
    "kind",
    "audience",
    "status",
    "ownership",
    "project_type_raw",
    "location_text",
    "region_code",
    "city_code",
    "county_code",
    "place_codes",
    "multi_site",
    "lat",
    "lon",
    "precision",
    "content",
    "beds",
    "medical_beds",
    "care_beds",
    "childcare_places",
    "nursery_classes",
    "kindergarten_classes",
    "operator",
    "investment_type",
    "total_investment_wan",
    "central_investment_wan",
    "investment_note",
    "period_start",
    "period_end",
    "period_raw",
    "period_note",
    "source_section",
    "source_label",
    "source_line",
    "source_end_line",
    "quality_flags",
    "location_notes",
)


@dataclass
class ProjectRecord:
    source: str
    source_line: int
    source_end_line: int
    source_section: str | None
    source_label: str | None
    name: str
    identity: str
    kind: FacilityKind = FacilityKind.ELDER_OTHER
    audience: Audience = Audience.ELDERLY
    classification_reason: str = ""
    status: FacilityStatus = FacilityStatus.UNKNOWN
    ownership: str | None = None
    project_type_raw: str | None = None
    location_text: str = ""
    region_code: str | None = None
    city_code: str | None = None
    county_code: str | None = None
    place_codes: list[str] = field(default_factory=list)
    multi_site: bool = False
    lat: float | None = None
    lon: float | None = None
    precision: Precision = Precision.NONE
    location_notes: list[str] = field(default_factory=list)
    content: str = ""
    beds: int | None = None
    medical_beds: int | None = None
    care_beds: int | None = None
    childcare_places: int | None = None
    nursery_classes: int | None = None
    kindergarten_classes: int | None = None
    floor_area_m2: float | None = None
    operator: str = ""
    investment_type: str | None = None
    total_investment_wan: float | None = None
    central_investment_wan: float | None = None
    investment_note: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    period_raw: str = ""
    period_note: str | None = None
    capacity_notes: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def quality_flags(self) -> list[dict[str, str | None]]:
        """Warnings as the visible data-quality notes stored with the facility."""
        return [
            {"code": p.code, "field": p.field, "message": p.message}
            for p in self.problems
            if p.severity == "warning"
        ]

    def values(self) -> dict[str, object]:
        """The values to store, keyed by Facility field name."""
        known = {f.name for f in fields(self)} | {"quality_flags"}
        return {name: getattr(self, name) for name in COMPARED_FIELDS if name in known}


_IDENTITY_NOISE = re.compile(r"[\s（）()【】\[\]“”\"'、，,。.·:：；;\-—－_/]+")


def identity_of(name: str) -> str:
    """A project's key within its source: its name without spacing and punctuation.

    序号 is never a key (it has gaps and restarts); a renamed project is a new one.
    """
    return _IDENTITY_NOISE.sub("", name).lower()
