"""Names are read phrase by phrase, each phrase once: the syllables are what pypinyin reads
from the whole text.

The reference is pypinyin's ``lazy_pinyin`` over each whole name (what ``syllables`` did
before it cached phrases), on every facility of the imported plans and every gazetteer name,
with the readings the portal teaches pypinyin loaded.
"""

import re

from pypinyin import lazy_pinyin
from sqlmodel import select

from portal.core import db
from portal.models import Facility, Region
from portal.search.analysis import normalize, syllables


def _whole_text_reading(text: str) -> tuple[str, ...]:
    latin = lambda chars: re.findall(r"[a-z0-9]+", chars.lower())  # noqa: E731
    out: list[str] = []
    for part in lazy_pinyin(normalize(text), errors=latin):
        out.extend(p for p in re.split(r"[^a-z0-9]+", part.replace("ü", "v")) if p)
    return tuple(out)


def test_every_plan_and_place_name_reads_as_its_whole_text(loaded_app):
    with loaded_app.app_context():  # the app has taught pypinyin the places' readings
        session = db.get_session()
        names = [f.name for f in session.exec(select(Facility)).all()]
        names += [r.name for r in session.exec(select(Region)).all()]
    names += ["嘉兴市南湖区peagym英语成长中心", "ＡＢＣ幼儿园", "银行行长", "重庆市长寿区", ""]
    assert len(names) > 7_000
    differing = [name for name in names if syllables(name) != _whole_text_reading(name)]
    assert differing == []
    assert syllables("莲都区") == ("lian", "du", "qu")  # the gazetteer's reading, not liándōu
