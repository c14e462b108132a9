"""As-you-type name suggestions and "did you mean" corrections, both from the index's own words.

Corrections lean on pinyin: a mistyped Chinese word is usually a homophone (``丽税`` for
``丽水``) and a mistyped pinyin word is a few letters off (``lishiu``), so both are
compared with the index's words by their toneless pinyin.
"""

import difflib
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from whoosh.reading import IndexReader

from portal.search.analysis import initials, normalize, syllables

_LATIN = re.compile(r"^[a-z0-9 ]+$")
WORD_FIELDS = ("name", "region_text")


class NameSuggester:
    """Facility names, sortable by their text, joined pinyin and initials for prefix lookup."""

    def __init__(self, names: Iterable[str]) -> None:
        unique = sorted(set(names))
        self._by_text = sorted((normalize(n), n) for n in unique)
        self._by_pinyin = sorted(("".join(syllables(n)), n) for n in unique)
        self._by_initials = sorted((initials(n), n) for n in unique)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Names starting with ``prefix`` (Chinese, joined pinyin or initials), shortest first.

        A Chinese prefix that starts no name also finds names containing it.
        """
        key = normalize(prefix).strip().replace(" ", "")
        if not key or limit <= 0:
            return []
        if _LATIN.match(key):
            found = _prefixed(self._by_pinyin, key) + _prefixed(self._by_initials, key)
        else:
            found = _prefixed(self._by_text, key)
            if len(found) < limit:
                found += [name for norm, name in self._by_text if key in norm]
        ordered = sorted(dict.fromkeys(found), key=lambda n: (len(n), n))
        return ordered[:limit]


def _prefixed(table: list[tuple[str, str]], key: str) -> list[str]:
    start = bisect_left(table, (key, ""))
    out: list[str] = []
    for text, name in table[start:]:
        if not text.startswith(key):
            break
        out.append(name)
    return out


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
