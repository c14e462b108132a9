"""A plan's targets for its place, shown on the city pages."""

from sqlmodel import Field, SQLModel

from portal.models._types import json_field


class Indicator(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="sourcedocument.id", index=True)
    region_code: str | None = Field(default=None, foreign_key="region.code")
    category: str | None = None
    name: str
    unit: str | None = None
    baseline_year: int | None = None
    baseline_value: str | None = None
    target_year: int | None = None
    target_value: str | None = None
    target_number: float | None = None
    comparator: str | None = None
    attribute: str | None = None  # 约束性 / 预期性
    responsible: str | None = None
    yearly: dict = json_field(dict)
    source_line: int
