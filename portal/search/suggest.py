"""As-you-type name suggestions and "did you mean" corrections, both from the index's own words.

Corrections lean on pinyin: a mistyped Chinese word is usually a homophone (``丽税`` for
``丽水``) and a mistyped pinyin word is a few letters off (``lishiu``), so both are
compared with the index's words by their toneless pinyin.
"""

import difflib
import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache, partial
from itertools import islice

from whoosh.reading import IndexReader

from portal.search.analysis import initials, normalize, syllables
from portal.search.postings import read_postings

_LATIN = re.compile(r"^[a-z0-9 ]+$")
WORD_FIELDS = ("name", "region_text")


class NameSuggester:
    """As-you-type facility names, looked up in the index itself with bounded work a call.

    Nothing is built per index generation: tables of every name's pinyin cost 0.15 ms a
    name (75 s at 500,000 facilities, in every worker). Instead a call reads the index
    terms the prefix starts — whole-name, word and place pinyin keys and initials for a
    latin prefix, the character bigrams for a Chinese one — takes up to
    :data:`CANDIDATES` of their documents, rarest terms first (a facility's own whole-name
    key before a city's), and keeps the names that really start with (pinyin) or contain
    (Chinese) what was typed, shortest first.
    """

    CANDIDATES = 400
    TERMS = 256

    def __init__(self, reader: IndexReader, name_of: Callable[[int], str | None]) -> None:
        self._reader = reader
        self._name_of = name_of  # docnum → the live document's name, None if deleted

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Names starting with ``prefix`` (joined pinyin or initials) or containing it
        (Chinese), shortest first."""
        key = normalize(prefix).strip().replace(" ", "")
        if not key or limit <= 0:
            return []
        if _LATIN.match(key):
            terms = self._terms("pinyin", key)
            keep = partial(_sounds_like_start, key)
        else:
            terms = self._terms("bigrams", key[:2])
            keep = partial(_contains, key)
        found = [name for name in self._candidates(terms) if keep(name)]
        return sorted(set(found), key=lambda n: (len(n), n))[:limit]

    def _terms(self, fieldname: str, start: str) -> list[str]:
        if fieldname not in self._reader.schema:
            return []
        found = []
        for text, info in islice(self._reader.iter_prefix(fieldname, start), self.TERMS):
            word = text.decode("utf-8") if isinstance(text, bytes) else text
            found.append((info.doc_frequency(), word))
        return [word for _, word in sorted(found)]

    def _candidates(self, terms: list[str]) -> list[str]:
        names: list[str] = []
        for term in terms:
            postings = read_postings(
                self._reader, "pinyin" if _LATIN.match(term) else "bigrams", term.encode("utf-8")
            )
            for docnum in postings.ids[: self.CANDIDATES - len(names)].tolist():
                name = self._name_of(docnum)
                if name is not None:
                    names.append(name)
            if len(names) >= self.CANDIDATES:
                break
        return names


def _contains(key: str, name: str) -> bool:
    return key in _normal(name)


def _sounds_like_start(key: str, name: str) -> bool:
    whole, first_letters = _name_keys(name)
    return whole.startswith(key) or first_letters.startswith(key)


@lru_cache(maxsize=65536)
def _normal(name: str) -> str:
    return normalize(name)


@lru_cache(maxsize=65536)
def _name_keys(name: str) -> tuple[str, str]:
    return "".join(syllables(name)), initials(name)


class Corrector:
    """Index words grouped by pinyin, for homophone and near-spelling corrections."""

    def __init__(self, reader: IndexReader) -> None:
        self._by_pinyin: dict[str, set[str]] = defaultdict(set)
        for fieldname in WORD_FIELDS:
            for raw in reader.lexicon(fieldname):
                word = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                if len(word) >= 2 and not _LATIN.match(word):
                    self._by_pinyin["".join(syllables(word))].add(word)
        self._keys = sorted(self._by_pinyin)

    @staticmethod
    def known(reader: IndexReader, word: str) -> bool:
        """True if the word occurs in any searchable word field of ``reader``."""
        fields = (*WORD_FIELDS, "content", "address", "operator", "category", "pinyin")
        return any(reader.doc_frequency(f, word) for f in fields)

    def alternatives(self, word: str, limit: int = 3) -> list[str]:
        """Index words that sound like ``word`` (same pinyin first, then close spellings)."""
        key = word.replace(" ", "") if _LATIN.match(word) else "".join(syllables(word))
        if not key:
            return []
        same = sorted(self._by_pinyin.get(key, set()) - {word})
        close = difflib.get_close_matches(key, self._keys, n=limit, cutoff=0.75)
        near = [w for k in close if k != key for w in sorted(self._by_pinyin[k])]
        return list(dict.fromkeys(same + near))[:limit]


def corrected_queries(
    words: list[str], corrector: Corrector, reader: IndexReader, limit: int = 5
) -> list[str]:
    """Query strings with every unknown word replaced by a sound-alike from the index.

    A suggestion is offered only when each unknown word has a sound-alike: one that keeps a
    word the index has never seen finds nothing either, and a nonsense query ("asdfqwer zxcv
    鸡鸭鹅狗") must not be "corrected" into an unrelated one.
    """
    options: list[list[str]] = []
    for word in words:
        if corrector.known(reader, word.replace(" ", "")):
            options.append([word])
            continue
        alternatives = corrector.alternatives(word)
        if not alternatives:
            return []
        options.append(alternatives)
    if all(
        len(choice) == 1 and choice[0] == word for choice, word in zip(options, words, strict=True)
    ):
        return []
    suggestions = []
    for i in range(max(len(choice) for choice in options)):
        suggestions.append(" ".join(choice[min(i, len(choice) - 1)] for choice in options))
    return list(dict.fromkeys(suggestions))[:limit]
