"""Finding gazetteer names inside free text (``南湖区新丰镇``, ``海门街道、白云街道``).

A scanner holds the names of one city (its places, the city itself and its province) and
matches them greedily, longest first, left to right. Limiting the names to the plan's city keeps
an organiser such as ``余姚市…有限公司`` from pulling a Taizhou project to Ningbo.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from portal.geo.gazetteer import Gazetteer, Place


@dataclass(frozen=True)
class Mention:
    """A name found in text and the places (one or more) it may mean."""

    text: str
    places: tuple[Place, ...]


Scanner = Callable[[str], list[Mention]]


@lru_cache(maxsize=64)
def scanner_for(gazetteer: Gazetteer, scope_code: str) -> Scanner:
    """A function returning the mentions of places in ``scope_code``'s region found in a text."""
    index: dict[str, list[Place]] = {}
    enclosing = {p.code for p in gazetteer.ancestors(scope_code)}
    for name, place in gazetteer.names():
        if len(name) >= 2 and (
            place.code in enclosing or gazetteer.contains(ancestor=scope_code, code=place.code)
        ):
            index.setdefault(name, []).append(place)
    longest = max((len(name) for name in index), default=0)

    def scan(text: str) -> list[Mention]:
        found: list[Mention] = []
        start = 0
        while start < len(text):
            for size in range(min(longest, len(text) - start), 1, -1):
                word = text[start : start + size]
                if word in index:
                    found.append(Mention(word, tuple(index[word])))
                    start += size
                    break
            else:
                start += 1
        return found

    return scan
