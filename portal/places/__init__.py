"""Places: regions in the database, loaded from the gazetteer, looked up by pages and the index.

Whether one place lies in another is asked only through :class:`Area` (``areas.py``):
``area(code).contains(area(other_code))``. May import ``portal.core``, ``portal.domain``,
``portal.geo``, ``portal.models`` and ``portal.search.analysis`` (to teach it the places'
readings); no feature.
"""

from functools import lru_cache

from sqlalchemy import delete
from sqlmodel import Session

from portal.core.db import get_session
from portal.geo.gazetteer import Gazetteer, load_default
from portal.models import Region
from portal.places.areas import NATION, NATIONAL_CODE, Area, area, areas
from portal.search.analysis import load_readings

__all__ = [
    "NATION",
    "NATIONAL_CODE",
    "Area",
    "area",
    "areas",
    "load_regions",
    "place_words",
    "region_name",
]


def load_regions(session: Session, gazetteer: Gazetteer | None = None) -> int:
    """Replace the Region table with the gazetteer's places (parents before children)."""
    gazetteer = gazetteer or load_default()
    session.exec(delete(Region))
    places = sorted(gazetteer.places(), key=lambda p: (len(p.code), p.code))
    session.add_all(
        Region(
            code=p.code,
            name=p.name,
            level=p.level,
            parent_code=p.parent_code or None,
            lat=p.lat,
            lon=p.lon,
            aliases=list(p.aliases),
            source=p.source,
        )
        for p in places
    )
    return len(places)


@lru_cache(maxsize=1)
def place_words() -> dict[str, tuple[str, str]]:
    """Every region name and alias → (code, level), for recognising places in a query.

    A name shared by several regions (e.g. two 城关镇) keeps the larger one, which is what a
    visitor typing it most likely means.
    """
    order = {"province": 0, "city": 1, "county": 2, "town": 3}
    words: dict[str, tuple[str, str]] = {}
    for name, place in load_default().names():
        current = words.get(name)
        if current is None or order[place.level] < order[current[1]]:
            words[name] = (place.code, str(place.level))
    return words


@lru_cache(maxsize=1)
def load_place_readings() -> int:
    """Teach the pinyin of every gazetteer name and alias (莲都 → liándū) to search and pages,
    once per process; returns how many words were taught."""
    return load_readings(load_default().readings())


def region_name(code: str | None) -> str | None:
    region = get_session().get(Region, code) if code else None
    return region.name if region else None
