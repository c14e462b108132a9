"""The flat record the search index is built from: one facility, already joined with its regions."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FacilityDocument:
    """One facility as the index sees it; built from database rows by the caller.

    Unknown values are ``None`` (never 0 or ""), so the index can show them as unknown.
    """

    id: int
    name: str
    kind: str  # FacilityKind value
    audience: str  # Audience value
    status: str  # FacilityStatus value
    city_code: str | None
    city_name: str | None
    county_code: str | None
    county_name: str | None
    region_codes: tuple[str, ...]  # every region the facility touches, with ancestors
    region_names: tuple[str, ...]  # their names and aliases
    address: str  # the location text of the source
    content: str  # 建设内容和规模
    operator: str  # organiser / operator
    beds: int | None
    childcare_places: int | None
    start_year: int | None
    end_year: int | None
    lat: float | None
    lon: float | None
    precision: str  # Precision value
    withdrawn: bool
    document: str | None = None  # the source document's slug (older indexes lack it)
