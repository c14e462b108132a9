"""The query mix of issue 16: results-page URLs in four classes, built from the gazetteer.

- place pinyin: the plans' cities and every county of theirs, in pinyin (``lishui``, ``liandu``)
- kind word: one broad kind word (``养老院``, ``托育``, ``日间照料``)
- place + kind: a county and a kind word (``莲都 托育``, ``青田 养老院``)
- initials: pinyin initials of cities, counties and kind words (``lss``, ``tz``, ``ld``)
"""

import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pypinyin import Style, lazy_pinyin  # noqa: E402
from search import counties  # noqa: E402

CITY_NAMES = ["丽水市", "台州市", "嘉兴市", "景德镇市", "泰州市"]
KIND_WORDS = [
    "养老院", "托育", "日间照料", "敬老院", "幼儿园", "护理院", "居家养老", "托育服务中心",
    "社区托育", "颐养中心", "社会福利院", "医养结合", "托班", "养老服务综合体", "普惠托育",
]  # fmt: skip
PAIRED_KINDS = ["托育", "养老院", "日间照料", "敬老院"]
SUFFIXES = ("畲族自治县", "市", "区", "县")


def short_name(name: str) -> str:
    """莲都区 → 莲都, 景宁畲族自治县 → 景宁: the form people type."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text))


def initials(text: str) -> str:
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER))


def query_classes() -> dict[str, list[str]]:
    """Class name → the query texts of that class (no duplicates, gazetteer order)."""
    places = [short_name(name) for name in CITY_NAMES] + [
        short_name(county[1]) for county in counties()
    ]
    unique = list(dict.fromkeys(places))
    classes = {
        "place pinyin": [pinyin(place) for place in unique],
        "kind word": list(KIND_WORDS),
        "place + kind": [f"{place} {kind}" for place in unique[5:] for kind in PAIRED_KINDS],
        "initials": [initials(name) for name in CITY_NAMES]
        + [initials(place) for place in unique]
        + [initials(kind) for kind in KIND_WORDS[:6]],
    }
    return {label: list(dict.fromkeys(texts)) for label, texts in classes.items()}


def url(text: str) -> str:
    return "/facilities/?" + urlencode({"q": text})


def class_urls() -> dict[str, list[str]]:
    return {label: [url(text) for text in texts] for label, texts in query_classes().items()}


def mixed_urls() -> list[str]:
    """Every class equally often: the classes' URLs interleaved, shorter classes repeated."""
    classes = list(class_urls().values())
    longest = max(len(urls) for urls in classes)
    return [urls[i % len(urls)] for i in range(longest) for urls in classes]
