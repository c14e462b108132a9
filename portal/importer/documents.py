"""What a document is: its title, place, status and year.

The bundled plans are described in ``data/plans/plans.yaml`` (reviewed by a person); any other
plan is described from its own text: the title line, a 征求意见稿 mark or a 文号, and the place
it names most often.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path, PurePath

import yaml

from portal.domain import DocumentStatus, RegionLevel
from portal.geo.gazetteer import Gazetteer

REGISTRY = Path(__file__).resolve().parents[2] / "data" / "plans" / "plans.yaml"
_TITLE = re.compile(r"^\s*\S{0,30}“?一老一小”?\s*整体解决方案.{0,20}$")
_DOC_NUMBER = re.compile(r"\S{1,6}〔20\d\d〕\d+号")
_YEAR = re.compile(r"(20[12]\d)年\s*\d{1,2}\s*月")


def document_slug(file_name: str) -> str:
    """The key a document is filed under: its file name without folders and suffix."""
    return PurePath(file_name).stem


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    place_name: str
    region_code: str | None
    status: DocumentStatus
    status_text: str | None = None
    year: int | None = None
    issued_on: date | None = None


@cache
def registry() -> dict[str, dict]:
    return yaml.safe_load(REGISTRY.read_text(encoding="utf-8")) or {}


def describe_document(file_name: str, text: str, gazetteer: Gazetteer) -> DocumentInfo:
    """The registry's description of a bundled plan, or one inferred from the text."""
    known = registry().get(file_name)
    if known:
        return DocumentInfo(
            title=known["title"],
            place_name=known["place_name"],
            region_code=str(known["region_code"]),
            status=DocumentStatus(known["status"]),
            status_text=known.get("status_text"),
            year=known.get("year"),
            issued_on=known.get("issued_on"),
        )
    return infer_document(file_name, text, gazetteer)


def infer_document(file_name: str, text: str, gazetteer: Gazetteer) -> DocumentInfo:
    head = text[:3000]
    title = next((line.strip() for line in head.splitlines() if _TITLE.match(line)), None)
    draft = "征求意见稿" in head or "送审稿" in head or "草案" in head
    number = _DOC_NUMBER.search(head)
    place = main_place(text, gazetteer)
    year = _YEAR.search(text)
    return DocumentInfo(
        title=re.sub(r"\s+", "", title) if title else file_name,
        place_name=place.name if place else "",
        region_code=place.code if place else None,
        status=DocumentStatus.DRAFT if draft or not number else DocumentStatus.ISSUED,
        status_text="征求意见稿" if draft else (number.group(0) if number else None),
        year=int(year.group(1)) if year else None,
    )


def main_place(text: str, gazetteer: Gazetteer):
    """The city (or county) a plan is about: the one it names most often.

    A county wins over its own city only when it is named more often than the city,
    as a district plan (海陵区) does.
    """
    counts: Counter = Counter()
    for name, place in gazetteer.names():
        if place.level in (RegionLevel.CITY, RegionLevel.COUNTY) and len(name) >= 3:
            hits = text.count(name)
            if hits:
                counts[place.code] += hits
    if not counts:
        return None
    code, _hits = counts.most_common(1)[0]
    return gazetteer.get(code)
