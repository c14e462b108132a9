"""Facilities: the places where care is or will be given, as the plans list them."""

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from portal.domain import Audience, FacilityKind, FacilityStatus, Precision
from portal.models._types import enum_field, json_field, utcnow
from portal.models.sources import SourceDocument


class FacilityService(SQLModel, table=True):
    """A service package a facility offers (matched from its kind and its described content)."""

    facility_id: int = Field(foreign_key="facility.id", primary_key=True, ondelete="CASCADE")
    service_id: int = Field(foreign_key="servicepackage.id", primary_key=True, ondelete="CASCADE")


class FacilitySubsidy(SQLModel, table=True):
    """A subsidy that may apply to a facility's operator or visitors (the rule engine found no
    rule against what the facility record says; decided at import by subsidies.links)."""

    facility_id: int = Field(foreign_key="facility.id", primary_key=True, ondelete="CASCADE")
    subsidy_id: int = Field(foreign_key="subsidy.id", primary_key=True, ondelete="CASCADE")


class Facility(SQLModel, table=True):
    """One project or facility. Only the source's facts are stored; unknowns stay ``None``."""

    __table_args__ = (
        # A facility is identified within its source by its normalised name (序号 is never a key).
        UniqueConstraint("document_id", "identity", name="uq_facility_identity"),
        CheckConstraint("beds IS NULL OR beds >= 0", name="ck_beds"),
        CheckConstraint("childcare_places IS NULL OR childcare_places >= 0", name="ck_places"),
        CheckConstraint("lat IS NULL OR (lat BETWEEN -90 AND 90)", name="ck_lat"),
        CheckConstraint("lon IS NULL OR (lon BETWEEN -180 AND 180)", name="ck_lon"),
        CheckConstraint("precision <> 'exact' OR lat IS NOT NULL", name="ck_exact_has_point"),
        CheckConstraint("source_line > 0", name="ck_source_line"),
    )

    id: int | None = Field(default=None, primary_key=True)
    identity: str = Field(index=True)
    name: str
    kind: FacilityKind = enum_field(FacilityKind, index=True)
    audience: Audience = enum_field(Audience, index=True)
    status: FacilityStatus = enum_field(FacilityStatus, index=True)
    ownership: str | None = None  # 公办, 公建民营 … as the source says
    project_type_raw: str | None = None

    # Where: the primary region, every place a multi-site project covers, and how precise it is.
    location_text: str = ""
    region_code: str | None = Field(default=None, foreign_key="region.code", index=True)
    city_code: str | None = Field(default=None, foreign_key="region.code", index=True)
    county_code: str | None = Field(default=None, foreign_key="region.code", index=True)
    place_codes: list = json_field(list)
    multi_site: bool = False
    lat: float | None = None
    lon: float | None = None
    precision: Precision = enum_field(Precision, default=Precision.NONE)
    location_notes: list = json_field(list)

    # What: capacity as stated; kindergarten classes are not childcare places.
    content: str = ""
    beds: int | None = None
    medical_beds: int | None = None
    care_beds: int | None = None  # elder-care beds the row states beside its medical beds
    childcare_places: int | None = None
    nursery_classes: int | None = None
    kindergarten_classes: int | None = None
    floor_area_m2: float | None = None

    # Who and how much (万元).
    operator: str = ""
    investment_type: str | None = None
    total_investment_wan: float | None = None
    central_investment_wan: float | None = None
    investment_note: str | None = None

    # When.
    period_start: int | None = None
    period_end: int | None = None
    period_raw: str = ""
    period_note: str | None = None

    quality_flags: list = json_field(list)  # [{code, field, message}] shown on the page

    # Provenance: a facility cannot exist without the document and line it came from.
    document_id: int = Field(foreign_key="sourcedocument.id", index=True, nullable=False)
    source_label: str | None = None  # 附件1, 附表一 …
    source_section: str | None = None
    source_line: int = Field(nullable=False)
    source_end_line: int | None = None
    imported_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    verified_at: datetime | None = None
    withdrawn_at: datetime | None = None  # in an earlier import of its source, not in the latest

    document: SourceDocument | None = Relationship()

    @property
    def is_project(self) -> bool:
        """Planned or building when the plan was written (what it is today, the plan cannot say)."""
        return self.status in (
            FacilityStatus.PLANNED,
            FacilityStatus.PROPOSED,
            FacilityStatus.UNDER_CONSTRUCTION,
        )

    @property
    def is_approximate(self) -> bool:
        return self.precision != Precision.EXACT
