"""The Whoosh schema and how a :class:`FacilityDocument` fills it.

Text fields are analysed three ways: jieba words (precise, phrase-capable), character
bigrams (recall for words the dictionary misses) and pinyin keys (``lishui``, ``lss``).
Filters, facets and sorting do not use Whoosh fields: they run over per-generation
columns read from the stored fields (see ``columns.py``), which is faster in Python.
"""

import json
import re
from collections.abc import Callable
from dataclasses import fields

from whoosh.analysis import Analyzer, LowercaseFilter, SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from portal.domain import Audience, FacilityKind
from portal.search.analysis import (
    BigramTokenizer,
    JiebaTokenizer,
    bigrams,
    normalize,
    pinyin_keys,
    syllables,
    word_spans,
)
from portal.search.document import FacilityDocument

# Words a visitor uses for a kind or audience that the facility's own name may lack
# (a 敬老院 is a 养老院 to most people). Indexed in the ``category`` field.
KIND_WORDS: dict[str, str] = {
    FacilityKind.CARE_HOME: "养老院 养老机构 敬老院 福利院 养老",
    FacilityKind.HOME_CARE_CENTRE: "居家养老 养老服务中心 养老",
    FacilityKind.DAY_CARE_CENTRE: "日间照料中心 日间照料 养老",
    FacilityKind.MEDICAL_CARE: "医养结合 护理院 康复 养老",
    FacilityKind.ELDER_OTHER: "养老",
    FacilityKind.CHILDCARE_CENTRE: "托育机构 托育中心 托育",
    FacilityKind.COMMUNITY_CHILDCARE: "社区托育点 托育",
    FacilityKind.NURSERY_CLASS: "幼儿园托班 托班 托幼一体 托育",
    FacilityKind.KINDERGARTEN: "幼儿园 学前教育",
    FacilityKind.CHILD_OTHER: "儿童 妇幼",
    FacilityKind.COMBINED: "一老一小 养老 托育",
    FacilityKind.RELATED_PROJECT: "其他相关项目",
}
AUDIENCE_WORDS: dict[str, str] = {
    Audience.ELDERLY: "老年人 一老",
    Audience.INFANTS: "婴幼儿 一小 托育",
    Audience.BOTH: "一老一小 老年人 婴幼儿",
    Audience.PRESCHOOL: "幼儿园 学前",
}

# Query-time weights of the text fields (whole words count more than bigrams).
FIELD_BOOSTS: dict[str, float] = {
    "name": 6.0,
    "region_text": 3.0,
    "category": 2.0,
    "address": 1.5,
    "operator": 1.0,
    "content": 1.0,
}
PHRASE_FIELDS = frozenset({"name", "region_text", "address", "operator", "content"})
BIGRAM_BOOST = 0.6
PINYIN_BOOST = 3.0


def chinese_analyzer() -> Analyzer:
    """jieba words with ordinal positions (text arrives normalised by the tokenizer)."""
    return JiebaTokenizer()


def bigram_analyzer() -> Analyzer:
    return BigramTokenizer()


def keyword_analyzer() -> Analyzer:
    return SpaceSeparatedTokenizer() | LowercaseFilter()


def build_schema() -> Schema:
    """The index schema; ``doc`` stores the whole document as JSON for the result columns."""
    return Schema(
        id=ID(stored=True, unique=True),
        name=TEXT(analyzer=chinese_analyzer(), phrase=True),
        region_text=TEXT(analyzer=chinese_analyzer(), phrase=True),
        category=TEXT(analyzer=chinese_analyzer(), phrase=False),
        address=TEXT(analyzer=chinese_analyzer(), phrase=True),
        content=TEXT(analyzer=chinese_analyzer(), phrase=True),
        operator=TEXT(analyzer=chinese_analyzer(), phrase=True),
        bigrams=TEXT(analyzer=bigram_analyzer(), phrase=True),
        pinyin=KEYWORD(analyzer=keyword_analyzer(), scorable=True),
        syllables=TEXT(analyzer=keyword_analyzer(), phrase=True),
        doc=STORED(),
    )


# The same tokens as each field's analyser, as ``(text, position)`` pairs without Whoosh's
# Token objects: what a fresh build uses (``segment_writer``), ~15% of its time. Kept beside
# the analysers they mirror; tests/search/test_segment_writer.py checks that the segments
# are the ones the analysers make.
Tokens = Callable[[str], list[tuple[str, int]]]
_SPACE_SEPARATED = re.compile(r"[^ \t\r\n]+")  # whoosh's SpaceSeparatedTokenizer


def _whole_value(value: str) -> list[tuple[str, int]]:
    return [(value, 1)]  # whoosh's IDTokenizer: the value as one token


def _word_tokens(value: str) -> list[tuple[str, int]]:
    return [(word, position) for position, word, _, _ in word_spans(normalize(value))]


def _bigram_tokens(value: str) -> list[tuple[str, int]]:
    return [(gram, position) for position, gram in enumerate(bigrams(value))]


def _keyword_tokens(value: str) -> list[tuple[str, int]]:
    return [(w.lower(), position) for position, w in enumerate(_SPACE_SEPARATED.findall(value))]


FIELD_TOKENS: dict[str, Tokens] = {
    "id": _whole_value,
    "name": _word_tokens,
    "region_text": _word_tokens,
    "category": _word_tokens,
    "address": _word_tokens,
    "content": _word_tokens,
    "operator": _word_tokens,
    "bigrams": _bigram_tokens,
    "pinyin": _keyword_tokens,
    "syllables": _keyword_tokens,
}


def to_fields(doc: FacilityDocument) -> dict[str, str]:
    """The values Whoosh indexes for one document."""
    regions = " ".join(doc.region_names)
    names_and_regions = [doc.name, *doc.region_names]
    return {
        "id": str(doc.id),
        "name": doc.name,
        "region_text": regions,
        "category": f"{KIND_WORDS.get(doc.kind, '')} {AUDIENCE_WORDS.get(doc.audience, '')}",
        "address": doc.address,
        "content": doc.content,
        "operator": doc.operator,
        "bigrams": " ".join([doc.name, regions, doc.address, doc.content, doc.operator]),
        "pinyin": " ".join(key for text in names_and_regions for key in pinyin_keys(text)),
        "syllables": " ".join(" ".join(syllables(text)) for text in names_and_regions),
        "doc": json.dumps(_plain(doc), ensure_ascii=False),
    }


def _plain(doc: FacilityDocument) -> dict[str, object]:
    # dataclasses.asdict deep-copies every value; the document holds only scalars and
    # tuples of strings, which json writes as they are.
    return {name: getattr(doc, name) for name in _DOC_FIELDS}


_DOC_FIELDS = tuple(f.name for f in fields(FacilityDocument))
_KNOWN = frozenset(_DOC_FIELDS)


def from_stored(stored: str) -> FacilityDocument:
    """Rebuild a :class:`FacilityDocument` from the ``doc`` stored field."""
    data = json.loads(stored)
    values = {k: v for k, v in data.items() if k in _KNOWN}
    values["region_codes"] = tuple(values["region_codes"])
    values["region_names"] = tuple(values["region_names"])
    return FacilityDocument(**values)
