"""Administrative regions from the gazetteer."""

from sqlmodel import Field, SQLModel

from portal.domain import RegionLevel
from portal.models._types import enum_field, json_field


class Region(SQLModel, table=True):
    """A province, city, county or town; centroid in WGS-84 (converted from GCJ-02 at load)."""

    code: str = Field(primary_key=True)  # administrative code (6 digits; 9+ for towns)
    name: str = Field(index=True)
    level: RegionLevel = enum_field(RegionLevel)
    parent_code: str | None = Field(default=None, foreign_key="region.code", index=True)
    lat: float | None = None
    lon: float | None = None
    aliases: list = json_field(list)  # 景宁县 for 景宁畲族自治县, 莲都 for 莲都区 …
    source: str = ""
