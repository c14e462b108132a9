"""Subsidies and service packages, loaded from the reviewed files in data/."""

from sqlmodel import Field, SQLModel

from portal.domain import Audience, Beneficiary
from portal.models._types import enum_field, json_field


class Subsidy(SQLModel, table=True):
    """A benefit as a plan (or a national rule) states it; amounts in 元, ``None`` if unstated."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True)
    title: str
    title_en: str = ""
    beneficiary: Beneficiary = enum_field(Beneficiary, index=True)
    category: str = Field(index=True)
    region_code: str = Field(index=True)  # 000000 for national entries
    place_name: str
    amount_value: float | None = None
    amount_max: float | None = None
    amount_unit: str | None = None
    amount_per: str | None = None
    amount_period: str | None = None
    amount_text: str = ""
    tiers: list = json_field(list)
    eligibility: list = json_field(list)  # rules evaluated by portal.subsidies.engine
    conditions: list = json_field(list)
    how_to_apply: str | None = None
    issuer: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None
    validity_text: str | None = None
    document_id: int | None = Field(default=None, foreign_key="sourcedocument.id")
    source_section: str | None = None
    source_line: int | None = None
    source_quote: str | None = None
    official_source: str | None = None  # national rules: the issuing document, by name
    official_url: str | None = None
    definition: dict = json_field(dict)  # the reviewed entry as loaded, for the rule engine


class ServicePackage(SQLModel, table=True):
    """A bundle of services (助餐、助洁 …; 全日托、半日托 …) and who may use it."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True)
    name: str
    name_en: str = ""
    audience: Audience = enum_field(Audience)
    items: list = json_field(list)
    who_may_use: str | None = None
    price_cap_text: str | None = None
    standard_text: str | None = None
    offered_by: dict = json_field(dict)
    sources: list = json_field(list)
