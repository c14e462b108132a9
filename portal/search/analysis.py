"""Chinese text analysis for the index: normalisation, jieba words, character bigrams, pinyin.

jieba's dictionary costs about a second and ~100 MB to load, so one private
``jieba.Tokenizer`` is built lazily, once per process, with our domain dictionary
(``data/search/userdict.txt``) and any place names passed to :func:`load_place_words`.
A private instance keeps our words out of the global ``jieba.dt`` other code may use.
"""

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import jieba
import opencc
from pypinyin import lazy_pinyin, load_phrases_dict
from pypinyin.seg.simpleseg import seg as pinyin_segments
from whoosh.analysis import Token, Tokenizer

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "search"
USERDICT_PATH = DATA_DIR / "userdict.txt"
READINGS_PATH = DATA_DIR / "readings.txt"
ENGLISH_PATH = DATA_DIR / "english.txt"
SYNONYMS_FILE = DATA_DIR / "synonyms.txt"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORDLIKE = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
_CJK_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+")

_lock = threading.Lock()
_segmenter: jieba.Tokenizer | None = None
_pending_words: set[str] = set()
_converter = opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """Traditional → simplified, full-width → half-width (NFKC), lower-case.

    Every step maps one character to one character for the text we meet, so offsets in
    the normalised text point at the same characters in the original (highlighting
    relies on this; :func:`normalize_same_length` tells when it does not hold).
    """
    return _converter.convert(unicodedata.normalize("NFKC", text)).lower()


def normalize_same_length(text: str) -> tuple[str, bool]:
    """Return the normalised text and whether it kept the original's length."""
    result = normalize(text)
    return result, len(result) == len(text)


def load_place_words(names: Iterable[str]) -> None:
    """Add place names and aliases (e.g. ``莲都区``, ``莲都``) to the segmentation dictionary.

    Safe to call before or after the dictionary is loaded; words are normalised first.
    Call it before indexing, or documents indexed earlier keep their old segmentation.
    """
    words = {normalize(name).strip() for name in names}
    words.discard("")
    with _lock:
        if _segmenter is None:
            _pending_words.update(words)
            return
        for word in words:
            _segmenter.add_word(word, freq=2000)


def load_readings(readings: Iterable[tuple[str, str]]) -> int:
    """Teach pinyin the readings of whole words: ``(word, "lián dū qū")`` pairs, one syllable
    (tone marks or not) per Chinese character. Returns how many were taken.

    pypinyin reads unknown words character by character, so polyphones come out wrong (莲都
    as liándōu). Place names come from the gazetteer's pinyin column, dictionary words from
    ``data/search/readings.txt``. Pairs whose syllables do not match the characters are
    skipped. Cached pinyin is dropped, so call this before indexing.
    """
    table: dict[str, list[list[str]]] = {}
    for word, reading in readings:
        norm = normalize(word).strip()
        parts = reading.split()
        if norm and len(parts) == len(norm) and all(_CJK.match(c) for c in norm):
            table[norm] = [[part] for part in parts]
    if table:
        with _lock:
            load_phrases_dict(table)
        syllables.cache_clear()
        _segment_syllables.cache_clear()
        initials.cache_clear()
        _pinyin_keys.cache_clear()
        _pinyin_words.cache_clear()
    return len(table)


def _dictionary_readings(path: Path = READINGS_PATH) -> Iterator[tuple[str, str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, reading = line.split("#", 1)[0].strip().partition(" ")
        if word and reading:
            yield word, reading


def segmenter() -> jieba.Tokenizer:
    """The process-wide jieba tokenizer, loading it (and the domain dictionary) on first use."""
    global _segmenter
    with _lock:
        if _segmenter is None:
            jieba.setLogLevel(logging.WARNING)
            instance = jieba.Tokenizer()
            instance.initialize()
            # An open file, not a path: jieba leaves a path's file open (ResourceWarning).
            with USERDICT_PATH.open("rb") as userdict:
                instance.load_userdict(userdict)
            for word in _pending_words:
                instance.add_word(word, freq=2000)
            _pending_words.clear()
            _segmenter = instance
        return _segmenter


def is_wordlike(token: str) -> bool:
    """True for tokens worth indexing: anything with a letter, digit or Chinese character."""
    return bool(_WORDLIKE.search(token))


def query_words(text: str) -> list[str]:
    """Segment normalised query text into words (jieba's default mode, which keeps whole words).

    English words become the plans' Chinese words first (``care home`` → 养老院), and a pinyin
    word that reads exactly as one of the dictionary's words becomes that word (``yanglao`` →
    养老), so both search what the Chinese word searches: names, kinds and synonyms alike.
    """
    words = segmenter().lcut(english_to_chinese(text), HMM=True)
    known = _pinyin_words()
    return [known.get(w, w) for w in words if is_wordlike(w)]


@lru_cache(maxsize=1)
def _english_table() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for number, raw in enumerate(ENGLISH_PATH.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        phrases, sep, chinese = line.partition("=")
        if not sep:  # an empty right side drops the words (English function words)
            raise ValueError(f"{ENGLISH_PATH.name}:{number}: expected 'phrase, … = 中文词'")
        for phrase in phrases.split(","):
            key = " ".join(normalize(phrase).split())
            if key:
                table[key] = normalize(chinese).strip()
    alternatives = "|".join(
        re.escape(k).replace(r"\ ", r"\s+") for k in sorted(table, key=len, reverse=True)
    )
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"), table


def english_to_chinese(text: str) -> str:
    """Replace the English vocabulary of ``data/search/english.txt`` in normalised text by the
    Chinese words it stands for (``nursing home in lishui`` → `` 养老院  in lishui``)."""
    if not re.search(r"[a-z]{3}", text):
        return text
    pattern, table = _english_table()
    return pattern.sub(lambda m: f" {table[' '.join(m.group(0).split())]} ", text)


@lru_cache(maxsize=1)
def _pinyin_words() -> dict[str, str]:
    """Joined toneless pinyin → dictionary word (userdict and synonyms), for words of at least
    two syllables whose reading no other dictionary word shares."""
    words: set[str] = set()
    for line in USERDICT_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.add(normalize(line.split()[0]))
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        words.update(normalize(w).strip() for w in line.split("#", 1)[0].split("/") if w.strip())
    by_reading: dict[str, set[str]] = {}
    for word in words:
        parts = syllables(word)
        if len(parts) >= 2 and len(parts) == len(word):
            by_reading.setdefault("".join(parts), set()).add(word)
    return {key: next(iter(found)) for key, found in by_reading.items() if len(found) == 1}


Span = tuple[int, str, int, int]
# Region lists, kind words, operators and addresses repeat across thousands of documents;
# segmenting each distinct short text once makes indexing several times faster.
CACHED_TEXT_CHARS = 64


def word_spans(text: str) -> tuple[Span, ...]:
    """``(position, word, start, end)`` for indexing, in jieba's search mode.

    Search mode adds the dictionary sub-words of long words (``福利院`` inside
    ``社会福利院``). They get the ORDINAL position of the whole word that contains them,
    so positions count words, not characters, and phrase queries over whole words work.
    """
    if len(text) <= CACHED_TEXT_CHARS:
        return _cached_spans(text)
    return _spans(text)


@lru_cache(maxsize=32768)
def _cached_spans(text: str) -> tuple[Span, ...]:
    return _spans(text)


def _spans(text: str) -> tuple[Span, ...]:
    """jieba's ``tokenize(mode="search")`` from ONE ``cut`` (it cuts again per mode).

    The sub-word loop is jieba 0.42.1's own; a token that starts a whole word (and lies
    within it) takes that word's ordinal, any other keeps the last one, as before.
    """
    seg = segmenter()
    freq = seg.FREQ
    spans: list[Span] = []
    position, ordinal, start = -1, -1, 0
    for word in seg.cut(text, HMM=True):
        width = len(word)
        if is_wordlike(word):
            ordinal += 1
            tokens: list[tuple[str, int, int]] = []
            if width > 2:
                tokens += [(word[i : i + 2], i, i + 2) for i in range(width - 1)]
            if width > 3:
                tokens += [(word[i : i + 3], i, i + 3) for i in range(width - 2)]
            for gram, s, e in tokens:
                if freq.get(gram) and is_wordlike(gram):
                    if s == 0:
                        position = ordinal
                    elif position < 0:
                        position = 0
                    spans.append((position, gram.strip(), start + s, start + e))
            position = ordinal
            spans.append((position, word.strip(), start, start + width))
        start += width  # a non-word (punctuation, space) has no wordlike sub-words
    return tuple(spans)


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer on jieba search mode with ordinal positions; keeps digits, no stemming."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        text = normalize(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, word, start, end in word_spans(text):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of each Chinese run; latin/digit runs stay whole.

    A single Chinese character between non-Chinese text is kept as a unigram so
    nothing is lost.
    """
    grams: list[str] = []
    for run in _CJK_RUNS.findall(normalize(text)):
        if not _CJK.match(run) or len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


class BigramTokenizer(Tokenizer):
    """Whoosh tokenizer of :func:`bigrams`, ordinal positions (recall on words jieba misses)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, gram in enumerate(bigrams(value)):
            token.text = gram
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = gram
            if positions:
                token.pos = start_pos + i
            yield token


@lru_cache(maxsize=65536)
def syllables(text: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of normalised text (``丽水市`` → ``li shui shi``).

    Latin and digit runs pass through as they are; other characters are dropped. Whole words
    read as :func:`load_readings` taught (莲都 → ``lian du``).

    pypinyin cuts the text into phrases and reads each on its own; the cut is done here, with
    pypinyin's own cutter, so that each phrase is read once per process (most facility names
    are new, their phrases are not): a fifth of an index build was reading names.
    """
    out: list[str] = []
    for segment in pinyin_segments(normalize(text)):
        out.extend(_segment_syllables(segment))
    return tuple(out)


@lru_cache(maxsize=65536)
def _segment_syllables(segment: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in lazy_pinyin(segment, errors=lambda chars: _latin_runs(chars)):
        out.extend(p for p in re.split(r"[^a-z0-9]+", part.replace("ü", "v")) if p)
    return tuple(out)


def _latin_runs(chars: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", chars.lower())


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """First letters of each syllable (``丽水市`` → ``lss``); a latin run gives its first letter."""
    return "".join(s[0] for s in syllables(text))


def pinyin_keys(text: str) -> list[str]:
    """Keys for the pinyin field: joined pinyin and initials of every word and of the whole text.

    ``丽水市合众养护院`` gives ``lishuishi``, ``lishui``, ``lss``, ``hezhong``, …,
    ``lishuishihezhongyanghuyuan`` and ``lsshzyhy``, so ``lishui``, ``lss`` and
    ``yhy`` all find it.
    """
    return list(_pinyin_keys(text) if len(text) <= CACHED_TEXT_CHARS else _uncached_keys(text))


@lru_cache(maxsize=32768)
def _pinyin_keys(text: str) -> tuple[str, ...]:
    return _uncached_keys(text)


def _uncached_keys(text: str) -> tuple[str, ...]:
    keys: list[str] = []
    norm = normalize(text)
    for _, word, _, _ in word_spans(norm):
        joined = "".join(syllables(word))
        if joined:
            keys.append(joined)
            keys.append(initials(word))
    whole = "".join(syllables(norm))
    if whole:
        keys.append(whole)
        keys.append(initials(norm))
    return tuple(keys)


load_readings(_dictionary_readings())
