"""What a visitor asks for (:class:`SearchQuery`) and how its text becomes a Whoosh query.

Text handling, in order: normalise; pull out ``"quoted phrases"``; segment the rest with
jieba; words naming a known place become a region filter; every other word becomes an OR
over the text fields of the word and its synonyms (plus its bigrams for recall); latin
words are matched against the pinyin fields. Words are ANDed; the caller relaxes to OR
when that finds nothing.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from whoosh import query as wq

from portal.search.analysis import bigrams, normalize, query_words
from portal.search.schema import BIGRAM_BOOST, FIELD_BOOSTS, PHRASE_FIELDS, PINYIN_BOOST
from portal.search.synonyms import expand

SortOrder = Literal["relevance", "distance", "capacity", "year"]
SORT_ORDERS: tuple[str, ...] = ("relevance", "distance", "capacity", "year")

# Function words that only make a query stricter; dropped from queries, never indexed away.
STOP_WORDS = frozenset("的 和 与 及 在 有 哪些 哪里 附近 请问 我 想".split())
_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”")
_LATIN = re.compile(r"^[a-z0-9]+$")
MAX_PER_PAGE = 100
SYNONYM_WEIGHT = 0.4
SYNONYM_FIELDS = frozenset({"name", "category"})


def _never(word: str) -> bool:
    return False


@dataclass(frozen=True)
class SearchQuery:
    """A search request. Empty ``text`` with filters browses.

    ``region_codes`` are city or county codes (any may match). ``origin`` is
    ``(lat, lon)`` and is required by ``sort="distance"``.
    """

    text: str = ""
    kinds: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    region_codes: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # source document slugs (any may match)
    min_beds: int | None = None
    min_places: int | None = None
    include_withdrawn: bool = False
    sort: SortOrder = "relevance"
    origin: tuple[float, float] | None = None
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        """:raise ValueError: for an unknown sort, distance without origin, or bad paging."""
        if self.sort not in SORT_ORDERS:
            raise ValueError(f"unknown sort {self.sort!r}; use one of {', '.join(SORT_ORDERS)}")
        if self.sort == "distance" and self.origin is None:
            raise ValueError("sort='distance' needs an origin (lat, lon)")
        if self.page < 1 or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise ValueError(f"page must be >= 1 and per_page within 1..{MAX_PER_PAGE}")


@dataclass
class ParsedText:
    """The text part of a query after analysis."""

    words: list[str] = field(default_factory=list)  # plain words (after stop words)
    phrases: list[list[str]] = field(default_factory=list)  # quoted phrases, as words
    places: list[tuple[str, str]] = field(default_factory=list)  # (code, matched word)

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases

    def highlight_terms(self, synonyms: Mapping[str, tuple[str, ...]]) -> list[str]:
        """Words to mark in snippets: every word, its synonyms and every phrase, longest first."""
        terms = {w for word in self.words for w in expand(word, synonyms)}
        terms |= {"".join(p) for p in self.phrases}
        terms |= {w for p in self.phrases for w in p}
        return sorted(
            (t for t in terms if not _LATIN.match(t.replace(" ", ""))), key=len, reverse=True
        )


def parse_text(text: str, places: Mapping[str, tuple[str, str]]) -> ParsedText:
    """Split query text into words, phrases and recognised places (see module docstring)."""
    parsed = ParsedText()
    norm = normalize(text)
    for match in _QUOTED.finditer(norm):
        words = query_words(match.group(1) or match.group(2))
        if words:
            parsed.phrases.append(words)
    rest = _QUOTED.sub(" ", norm)
    previous_latin = False
    for word in query_words(rest):
        if word in STOP_WORDS:
            previous_latin = False
            continue
        latin = bool(_LATIN.match(word))
        if latin and previous_latin:
            # "li shui": consecutive latin words are one pinyin phrase.
            parsed.words[-1] = f"{parsed.words[-1]} {word}"
            continue
        previous_latin = latin
        if word in places:
            parsed.places.append((places[word][0], word))
        elif word not in parsed.words:
            parsed.words.append(word)
    return parsed


def word_query(
    word: str, synonyms: Mapping[str, tuple[str, ...]], known: Callable[[str], bool] = _never
) -> wq.Query:
    """OR over fields for one word and its synonyms; latin words go to the pinyin fields.

    Bigrams (a positional, slow query) are added only for the visitor's own word when
    ``known`` says no word field has it, e.g. a name jieba cut differently.
    """
    if _LATIN.match(word.replace(" ", "")):
        return _latin_query(word)
    alternatives: list[wq.Query] = []
    for i, variant in enumerate(expand(word, synonyms)):
        weight = (
            1.0 if i == 0 else SYNONYM_WEIGHT
        )  # the visitor's own word ranks above its synonyms
        # Synonyms are looked up in names and kind words only: each extra field is one
        # more posting list to score, and a synonym deep in a description is weak evidence.
        for name, boost in FIELD_BOOSTS.items():
            if i == 0 or name in SYNONYM_FIELDS:
                alternatives.append(wq.Term(name, variant, boost=boost * weight))
        grams = bigrams(variant) if i == 0 and not known(variant) else []
        if len(grams) == 1:
            alternatives.append(wq.Term("bigrams", grams[0], boost=BIGRAM_BOOST * weight))
        elif len(grams) > 1:
            alternatives.append(wq.Phrase("bigrams", grams, boost=BIGRAM_BOOST * weight))
    return wq.Or(alternatives)


def _latin_query(words: str) -> wq.Query:
    """Pinyin (joined ``lishui``, spaced ``li shui``, initials ``lss``) or latin source text."""
    split = words.split()
    joined = "".join(split)
    parts: list[wq.Query] = [
        wq.Term("pinyin", joined, boost=PINYIN_BOOST),
        wq.Term("bigrams", joined, boost=BIGRAM_BOOST),
    ]
    parts += [wq.Term(name, joined, boost=boost) for name, boost in FIELD_BOOSTS.items()]
    if len(joined) >= 4:
        # As-you-type: ``lishu`` should already find 丽水.
        parts.append(wq.Prefix("pinyin", joined, boost=PINYIN_BOOST / 2))
    if len(split) > 1:
        parts.append(wq.Phrase("syllables", split, boost=PINYIN_BOOST))
        parts.append(wq.And([_latin_query(w) for w in split]))
    return wq.Or(parts)


def phrase_query(words: list[str]) -> wq.Query:
    """An exact phrase over the word fields, or over bigrams when the words are unknown."""
    if len(words) == 1:
        return word_query(words[0], {})
    options: list[wq.Query] = [
        wq.Phrase(name, words, boost=boost)
        for name, boost in FIELD_BOOSTS.items()
        if name in PHRASE_FIELDS
    ]
    options.append(wq.Phrase("bigrams", bigrams("".join(words)), boost=BIGRAM_BOOST))
    return wq.Or(options)


def text_query(
    parsed: ParsedText,
    synonyms: Mapping[str, tuple[str, ...]],
    relaxed: bool = False,
    known: Callable[[str], bool] = _never,
) -> wq.Query | None:
    """The Whoosh query for the words and phrases: AND of them, or OR when ``relaxed``.

    Returns ``None`` when the text has neither (a browse, or a place-only query).
    """
    parts = [word_query(w, synonyms, known) for w in parsed.words]
    parts += [phrase_query(p) for p in parsed.phrases]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return wq.Or(parts) if relaxed else wq.And(parts)
