"""Turn a table row (raw cell text with its source lines) into a normalised ProjectRecord.

Each value comes from exactly one normalisation function; this module only wires them together
and records what they could not read as row problems.
"""

from dataclasses import dataclass

from portal.domain import Audience, FacilityKind, RegionLevel
from portal.geo.gazetteer import Gazetteer, Place
from portal.geo.placement import place_location
from portal.importer.capacity import parse_capacity
from portal.importer.classify import (
    classify_facility,
    ownership_from_text,
    status_from_project_type,
)
from portal.importer.money import parse_wan_yuan
from portal.importer.normalise_text import clean_cell
from portal.importer.periods import parse_period
from portal.importer.records import ProjectRecord, identity_of
from portal.importer.validate import check_record

CATEGORY_WORDS = {"养老": "领域", "托育": "领域"}


@dataclass(frozen=True)
class RowInput:
    """What the readers (plan text, CSV, XLSX) hand over: canonical cells and where they were."""

    source: str
    line: int
    end_line: int
    section: str | None
    label: str | None
    cells: dict[str, str]
    problems: tuple = ()


def build_record(row: RowInput, *, plan_region_code: str, gazetteer: Gazetteer) -> ProjectRecord:
    cell = {key: clean_cell(value) for key, value in row.cells.items()}
    name = cell.get("name", "")
    record = ProjectRecord(
        source=row.source,
        source_line=row.line,
        source_end_line=row.end_line,
        source_section=row.section,
        source_label=row.label,
        name=name,
        identity=identity_of(name),
        problems=list(row.problems),
    )
    record.content = cell.get("content", "")
    record.operator = cell.get("organiser", "")
    record.location_text = cell.get("location", "")
    record.investment_type = cell.get("investment_type") or None
    _classify(record, cell)
    _capacity(record)
    _period(record, cell.get("period", ""))
    _money(record, cell)
    _place(record, plan_region_code, gazetteer)
    record.problems.extend(check_record(record, cell))
    return record


def _classify(record: ProjectRecord, cell: dict[str, str]) -> None:
    section = " ".join(filter(None, [record.source_section, cell.get("category")]))
    project_type = cell.get("project_type", "")
    if project_type in CATEGORY_WORDS:  # Jiaxing's 项目类型 column says 养老/托育, not a stage
        section, project_type = f"{section} {project_type}{CATEGORY_WORDS[project_type]}", ""
    found = classify_facility(record.name, record.content, record.operator, section)
    record.audience = Audience(found.audience) if found.audience else Audience.UNKNOWN
    record.kind = FacilityKind(found.kind) if found.kind else FacilityKind.OTHER
    record.classification_reason = found.reason
    record.project_type_raw = project_type or None
    record.status, _note = status_from_project_type(project_type)
    record.ownership = ownership_from_text(project_type) or ownership_from_text(record.content)


def _capacity(record: ProjectRecord) -> None:
    text = f"{record.name}；{record.content}"
    capacity = parse_capacity(text, kind_hint=str(record.kind))
    record.beds = capacity.beds
    record.medical_beds = capacity.medical_beds
    record.care_beds = capacity.care_beds
    record.childcare_places = capacity.childcare_places
    record.nursery_classes = capacity.nursery_classes
    record.kindergarten_classes = capacity.kindergarten_classes
    record.floor_area_m2 = capacity.floor_area_m2
    record.capacity_notes = list(capacity.notes)


def _period(record: ProjectRecord, raw: str) -> None:
    period = parse_period(raw)
    record.period_start, record.period_end = period.start, period.end
    record.period_raw, record.period_note = period.raw, period.note


def _money(record: ProjectRecord, cell: dict[str, str]) -> None:
    total = parse_wan_yuan(cell.get("total_investment", ""))
    central = parse_wan_yuan(cell.get("central_investment", ""))
    record.total_investment_wan = total.value
    record.central_investment_wan = central.value
    # Each note names its cell: "未填写金额" of the central-investment cell is not the total's.
    labelled = (("总投资", total.note), ("中央预算内投资", central.note))
    notes = [f"{label}：{note}" for label, note in labelled if note]
    record.investment_note = "；".join(notes) or None


def _place(record: ProjectRecord, plan_region_code: str, gazetteer: Gazetteer) -> None:
    if not plan_region_code:  # the row's own place is unknown: it is rejected, not placed
        return
    placement = place_location(
        record.location_text,
        name=record.name,
        content=record.content,
        organiser=record.operator,
        plan_region_code=plan_region_code,
        gazetteer=gazetteer,
    )
    if placement.text.count("、") > record.location_text.count("、"):
        record.location_text = placement.text  # 太平街道城东街道… as 太平街道、城东街道…
    record.precision = placement.precision
    record.lat, record.lon = placement.lat, placement.lon
    record.multi_site = placement.multi_site
    record.place_codes = [p.code for p in placement.places]
    record.location_notes = list(placement.notes)
    primary = placement.primary
    record.region_code = primary.code if primary else None
    record.city_code = _ancestor_at(primary, RegionLevel.CITY, gazetteer)
    record.county_code = _ancestor_at(primary, RegionLevel.COUNTY, gazetteer)


def _ancestor_at(place: Place | None, level: RegionLevel, gazetteer: Gazetteer) -> str | None:
    if place is None:
        return None
    for candidate in [place, *gazetteer.ancestors(place.code)]:
        if candidate.level == level:
            return candidate.code
    return None
