"""Load ``data/services.yaml``: the service packages (助餐…, 全日托…) named in the plans.

:raise SchemaError: naming the file and the package id for any malformed entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from portal.domain import Audience, FacilityKind
from portal.places import NATIONAL_CODE, areas
from portal.subsidies.schema import DATA_DIR, SchemaError, Source

SERVICES_FILE = DATA_DIR / "services.yaml"


@dataclass(frozen=True)
class ServiceItem:
    name: str
    name_en: str
    description: str


@dataclass(frozen=True)
class ServicePackage:
    id: str
    name: str
    name_en: str
    audience: Audience
    items: tuple[ServiceItem, ...]
    who_may_use: str
    price_cap_text: str | None
    standard_text: str | None
    offered_by_kinds: tuple[FacilityKind, ...]
    offered_by_keywords: tuple[str, ...]
    offered_in: tuple[str, ...]  # region codes of the plans that describe it (000000: anywhere)
    sources: tuple[Source, ...]


def _require(file: Path, entry: str, data: dict[str, Any], key: str) -> Any:
    value = data.get(key)
    if value in (None, "", []):
        raise SchemaError(file, entry, f"'{key}' is required")
    return value


def parse_package(file: Path, position: int, data: Any) -> ServicePackage:
    """Build one ServicePackage; :raise SchemaError: for a missing or bad field."""
    if not isinstance(data, dict):
        raise SchemaError(file, f"#{position}", "must be a mapping")
    entry = str(data.get("id") or f"#{position}")
    get = lambda key: _require(file, entry, data, key)  # noqa: E731
    try:
        audience = Audience(get("audience"))
        items = tuple(ServiceItem(i["name"], i["name_en"], i["description"]) for i in get("items"))
        offered = get("offered_by")
        kinds = tuple(FacilityKind(k) for k in offered.get("kinds", []))
        places = tuple(str(code) for code in offered.get("places") or [NATIONAL_CODE])
        areas(places)  # an unknown code raises KeyError: reported as a malformed value
        sources = tuple(
            Source(document=s["document"], line=int(s["line"]), quote=s["quote"])
            for s in get("sources")
        )
    except SchemaError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SchemaError(file, entry, f"malformed value: {exc}") from exc
    return ServicePackage(
        id=get("id"),
        name=get("name"),
        name_en=get("name_en"),
        audience=audience,
        items=items,
        who_may_use=get("who_may_use"),
        price_cap_text=data.get("price_cap_text"),
        standard_text=data.get("standard_text"),
        offered_by_kinds=kinds,
        offered_by_keywords=tuple(offered.get("keywords", [])),
        offered_in=places,
        sources=sources,
    )


def load_services(path: Path = SERVICES_FILE) -> list[ServicePackage]:
    """Read and validate every service package in ``path``."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise SchemaError(path, "(file)", "the file must hold a list of service packages")
    return [parse_package(Path(path), i, item) for i, item in enumerate(raw, start=1)]
