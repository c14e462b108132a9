"""Short forms of Chinese administrative names, derived by rule.

One home for the rules, used by the gazetteer build script (to write the aliases column) and by
the loader (to give staff-added rows in ``local_places.csv`` the same short forms):

- ``景宁畲族自治县`` → ``景宁县``, ``景宁``; ``广西壮族自治区`` → ``广西``
- ``莲都区`` → ``莲都``; ``台州市`` → ``台州``; ``浙江省`` → ``浙江``
- ``XX街道办事处`` → ``XX街道``; ``老竹畲族镇`` → ``老竹镇``

A stem shorter than two characters is never produced: ``城区`` → ``城`` would match everywhere.
Towns get no bare stem (``章安`` for ``章安街道``), because such stems collide with ordinary words.
"""

import re

from portal.domain import RegionLevel

# A stem, one or more ethnic-group names ending in 族, then the autonomous suffix.
_AUTONOMOUS = re.compile(r"^(?P<stem>.{2,}?)(?:.{1,6}?族)+自治(?P<kind>县|旗|州|区)$")
_REGION = re.compile(r"^(?P<stem>.{2,}?)(?:壮族|回族|维吾尔)?自治区$")
_SUFFIX = re.compile(r"^(?P<stem>.{2,}?)(?:地区|省|市|区|县|旗|盟|州)$")
_ETHNIC_TOWN = re.compile(r"^(?P<stem>.{2,}?)(?:.{1,6}?族)+(?P<kind>镇|乡)$")


def derived_aliases(name: str, level: RegionLevel) -> list[str]:
    """Return the rule-derived short forms of ``name`` (never ``name`` itself), in order."""
    found: list[str] = []
    if level is RegionLevel.TOWN:
        if name.endswith("办事处"):
            found.append(name.removesuffix("办事处"))
        if m := _ETHNIC_TOWN.match(name):
            found.append(m["stem"] + m["kind"])
    else:
        if m := _AUTONOMOUS.match(name):
            kind = m["kind"]
            if kind != "区":
                found.append(m["stem"] + kind)
            found.append(m["stem"])
        elif m := _REGION.match(name):
            found.append(m["stem"])
        elif m := _SUFFIX.match(name):
            found.append(m["stem"])
    return [alias for alias in dict.fromkeys(found) if alias != name]


def normalise_name(text: str) -> str:
    """Drop the whitespace that hard wraps leave inside names (``福利中 心``)."""
    return "".join(text.split())
