"""Reading Whoosh postings and field lengths in bulk, as numpy arrays for scoring in C.

Whoosh walks postings one document at a time through a tree of Python matchers; that is
what made broad queries (``养老院``, ``托育``) cost 60-200 ms. The index format stores
postings in blocks of document numbers and weights, and field lengths as one byte per
document, so a whole posting list or length column can be read in one go. At 100,000
facilities a broad term has ~50,000 postings: even C-level ``set``/``dict`` work per
posting then costs tens of milliseconds, so postings are kept as arrays and every step
(match masks, BM25F scores, sums) is one vectorised numpy operation.

:class:`TermData` is what the ranker needs of one term; :class:`TermCache` keeps it for
the rest of an index generation.

This reads the on-disk structures of ``whoosh-reloaded 2.7.5`` (``W3LeafMatcher``
blocks, the ``NumericColumn("B")`` length columns). Anything else — another codec, a
wrapped matcher we do not know — falls back to Whoosh's public one-at-a-time interface,
which is slower but gives the same numbers.
"""

import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from itertools import repeat

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

# Field length byte → length, as Whoosh's scorers see it (byte 0 means "no length": 1).
LENGTH_OF_BYTE: tuple[int, ...] = (1, *(byte_to_length(b) for b in range(1, 256)))
_LENGTH_TABLE = np.array(LENGTH_OF_BYTE, dtype=np.float64)


@dataclass(frozen=True)
class Postings:
    """One term's postings over the whole index: global docnums (ascending) and weights.

    ``ids`` is ``int32`` and ``weights`` ``float64`` (4 + 8 bytes a posting: a cached
    term costs memory per worker); doubles keep Whoosh's float32 (or float) weights exact.
    """

    ids: np.ndarray
    weights: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


EMPTY = Postings(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64))


def read_postings(reader: IndexReader, fieldname: str, btext: bytes) -> Postings:
    """All postings of ``fieldname:btext``, deleted documents included.

    Callers intersect with the live documents (deletions are per segment in Whoosh; the
    engine's columns only mark live documents, so this is cheaper than filtering here).
    """
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for segment, offset in reader.leaf_readers():
        if (fieldname, btext) not in segment:
            continue
        matcher = segment.postings(fieldname, btext)
        while isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        if type(matcher) is W3LeafMatcher:
            seg_ids, seg_weights = _read_blocks(matcher)
        else:
            seg_ids, seg_weights = _read_one_by_one(matcher)
        ids.append(seg_ids + offset)
        weights.append(seg_weights)
    if not ids:
        return EMPTY
    return Postings(np.concatenate(ids).astype(np.int32), np.concatenate(weights))


def _read_one_by_one(matcher: object) -> tuple[np.ndarray, np.ndarray]:
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():  # type: ignore[attr-defined]
        ids.append(matcher.id())  # type: ignore[attr-defined]
        weights.append(matcher.weight())  # type: ignore[attr-defined]
        matcher.next()  # type: ignore[attr-defined]
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)


def _read_blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """Every block of an on-disk posting list, one block (up to 128 postings) per step.

    Block data is ``(docnum deltas, weights or None or one float, values)``; each block's
    deltas start from 0, so the first is the block's first docnum. The blocks' raw arrays
    are appended (C copies) and decoded at the end with one cumulative sum.
    """
    deltas = array("I")
    counts: list[int] = []
    weights = array("f")  # Whoosh reads every weight as float32 (``_read_weights``)
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        count = matcher._blocklength
        if isinstance(block_ids, array) and block_ids.typecode == "I":
            deltas.extend(block_ids)
        else:
            deltas.extend(array("I", block_ids))
        counts.append(count)
        if block_weights is None:
            weights.extend(repeat(1.0, count))
        elif isinstance(block_weights, float):
            weights.extend(repeat(block_weights, count))
        elif isinstance(block_weights, array) and block_weights.typecode == "f":
            weights.extend(block_weights)
        else:
            weights.extend(array("f", block_weights))
        if matcher._lastblock:
            break
        matcher._next_block()
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    summed = np.cumsum(np.frombuffer(deltas, dtype=np.uint32).astype(np.int64))
    # Undo the running sum across block boundaries: subtract each block's preceding total.
    ends = np.cumsum(counts, dtype=np.int64)
    before = np.concatenate(([0], summed[ends[:-1] - 1]))
    ids = summed - np.repeat(before, counts)
    return ids, np.frombuffer(weights, dtype=np.float32).astype(np.float64)


class FieldLengths:
    """Per-field length bytes of every document of one index generation, read on first use.

    ``lengths(reader, field)[docnum]`` is the byte Whoosh stored (:data:`LENGTH_OF_BYTE`
    decodes it), as a read-only ``uint8`` array. Shared by threads, each passing its own
    reader of the same generation (Whoosh readers are per thread); a generation never
    changes, so any reader will do.
    """

    def __init__(self) -> None:
        self._fields: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def lengths(self, reader: IndexReader, fieldname: str) -> np.ndarray:
        found = self._fields.get(fieldname)
        if found is None:
            raw = b"".join(
                _segment_lengths(segment, fieldname) for segment, _ in reader.leaf_readers()
            )
            found = np.frombuffer(raw, dtype=np.uint8)
            with self._lock:
                self._fields[fieldname] = found
        return found


def _segment_lengths(segment: IndexReader, fieldname: str) -> bytes:
    count = segment.doc_count_all()
    perdoc = getattr(segment, "_perdoc", None)
    column = None
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return bytes(count)  # no lengths stored: every document reads as length 1
    raw = getattr(column, "_dbfile", None)
    if raw is not None and getattr(column, "_fixedlen", None) == 1:
        stored = raw.get(column._basepos, column._count)
        # Trailing documents without a length are not written: pad them with zero bytes.
        return bytes(stored[:count]) + bytes(max(0, count - len(stored)))
    return bytes(column[d] for d in range(count))  # unknown column layout: slow but right


@dataclass(eq=False)
class TermData:
    """What one term contributes, whatever its boost: postings and BM25F statistics.

    ``lengths`` is ``None`` for an unscorable field (Whoosh then scores the weight).
    """

    postings: Postings
    lengths: np.ndarray | None
    idf: float
    avgfl: float
    b: float
    k1: float
    _scores: np.ndarray | None = None

    def scores(self) -> np.ndarray:
        """Whoosh's unboosted score of each posting, aligned with ``postings.ids``.

        ``whoosh.scoring.bm25`` term for term, in the same order of operations, so each
        value is bit-for-bit the float Whoosh computes for that posting.
        """
        if self._scores is None:
            tf = self.postings.weights
            if self.lengths is None:
                scores = tf.copy()  # Whoosh's WeightScorer
            else:
                fl = _LENGTH_TABLE[self.lengths[self.postings.ids]]
                k1, b = self.k1, self.b
                scores = self.idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / self.avgfl)))
            scores.flags.writeable = False
            self._scores = scores
        return self._scores


class TermCache:
    """Term data of one index generation, least recently used dropped past a byte budget.

    Not a result cache: a generation never changes, so its posting lists can be kept like
    any search engine keeps hot pages; a new generation starts with an empty cache. A
    cached posting costs 20 bytes (docnum, weight, score). The budget is in bytes, not
    postings, and large: at 500,000 facilities ``托育`` alone has 614,000 postings (12 MB),
    and a budget of postings let ``养老院`` evict it, so every other query read it again.
    """

    BYTES_PER_POSTING = 20

    def __init__(self, budget_bytes: int = 128 * 1024 * 1024) -> None:
        self.budget = budget_bytes
        self._items: OrderedDict[tuple[str, str], TermData] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> TermData | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, str], data: TermData) -> None:
        cost = self._cost(data)
        with self._lock:
            if key in self._items or cost > self.budget:
                return
            self._items[key] = data
            self._held += cost
            while self._held > self.budget:
                _, dropped = self._items.popitem(last=False)
                self._held -= self._cost(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._held = 0

    @property
    def held_bytes(self) -> int:
        return self._held

    def _cost(self, data: TermData) -> int:
        return self.BYTES_PER_POSTING * len(data.postings) + 64
