"""Reading Whoosh postings and field lengths in bulk, for set operations and scoring in C.

Whoosh walks postings one document at a time through a tree of Python matchers; that is
what made broad queries (``养老院``, ``托育``) cost 60-200 ms. The index format stores
postings in blocks of document numbers and weights, and field lengths as one byte per
document, so a whole posting list or length column can be read in one go and handed to
``set``/``dict``/``bytes`` operations.

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
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, compress, repeat

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

# Field length byte → length, as Whoosh's scorers see it (byte 0 means "no length": 1).
LENGTH_OF_BYTE: tuple[int, ...] = (1, *(byte_to_length(b) for b in range(1, 256)))


@dataclass(frozen=True)
class Postings:
    """One term's postings over the whole index: global docnums (ascending) and weights.

    Kept as typed arrays (4 + 8 bytes a posting): a cached term costs memory per worker.
    Weights are doubles so Whoosh's float32 (or float) weights are kept exactly.
    """

    ids: array
    weights: array

    def __len__(self) -> int:
        return len(self.ids)


EMPTY = Postings(array("i"), array("d"))


def read_postings(reader: IndexReader, fieldname: str, btext: bytes) -> Postings:
    """All postings of ``fieldname:btext``, deleted documents included.

    Callers intersect with the live documents (deletions are per segment in Whoosh; the
    engine's column sets only hold live documents, so this is cheaper than filtering here).
    """
    ids: list[int] = []
    weights: list[float] = []
    for segment, offset in reader.leaf_readers():
        if (fieldname, btext) not in segment:
            continue
        matcher = segment.postings(fieldname, btext)
        while isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        seg_ids, seg_weights = _read_matcher(matcher)
        ids.extend(map(offset.__add__, seg_ids) if offset else seg_ids)
        weights.extend(seg_weights)
    if not ids:
        return EMPTY
    return Postings(array("i", ids), array("d", weights))


def _read_matcher(matcher: object) -> tuple[Iterable[int], Iterable[float]]:
    if type(matcher) is W3LeafMatcher:
        return _read_blocks(matcher)
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():  # type: ignore[attr-defined]
        ids.append(matcher.id())  # type: ignore[attr-defined]
        weights.append(matcher.weight())  # type: ignore[attr-defined]
        matcher.next()  # type: ignore[attr-defined]
    return ids, weights


def _read_blocks(matcher: W3LeafMatcher) -> tuple[list[int], list[float]]:
    """Every block of an on-disk posting list, one block (up to 128 postings) per step.

    Block data is ``(docnum deltas, weights or None or one float, values)``; the deltas
    are summed with ``accumulate`` (C) rather than Whoosh's per-posting generator.
    """
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        deltas, block_weights = matcher._data[0], matcher._data[1]
        count = matcher._blocklength
        ids.extend(accumulate(deltas))
        if block_weights is None:
            weights.extend(repeat(1.0, count))
        elif isinstance(block_weights, float):
            weights.extend(repeat(block_weights, count))
        else:
            weights.extend(block_weights)
        if matcher._lastblock:
            break
        matcher._next_block()
    return ids, weights


class FieldLengths:
    """Per-field length bytes of every document of one index generation, read on first use.

    ``lengths(reader, field)[docnum]`` is the byte Whoosh stored (:data:`LENGTH_OF_BYTE`
    decodes it). Shared by threads, each passing its own reader of the same generation
    (Whoosh readers are per thread); a generation never changes, so any reader will do.
    """

    def __init__(self) -> None:
        self._fields: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def lengths(self, reader: IndexReader, fieldname: str) -> bytes:
        found = self._fields.get(fieldname)
        if found is None:
            found = b"".join(
                _segment_lengths(segment, fieldname) for segment, _ in reader.leaf_readers()
            )
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
    """What one term contributes, whatever its boost: postings, match set, BM25F statistics."""

    postings: Postings
    lengths: bytes  # field length byte per docnum (empty when the field is unscorable)
    idf: float
    avgfl: float
    b: float
    k1: float
    docs: frozenset[int] = frozenset()
    _heavy: dict[int, float] | None = None

    def heavy(self) -> dict[int, float]:
        """Docnum → weight for the postings whose weight is not 1.0 (the rare ones)."""
        if self._heavy is None:
            postings = self.postings
            chosen = list(map((1.0).__ne__, postings.weights))
            self._heavy = dict(
                zip(compress(postings.ids, chosen), compress(postings.weights, chosen), strict=True)
            )
        return self._heavy

    def strongest(self) -> tuple[float, int]:
        """(largest weight, smallest length byte): the best a posting can score."""
        ids = self.postings.ids
        shortest = min(map(self.lengths.__getitem__, ids)) if self.lengths and ids else 0
        return max(self.postings.weights, default=0.0), shortest


class TermCache:
    """Term data of one index generation, least recently used dropped past a posting budget.

    Not a result cache: a generation never changes, so its posting lists can be kept like
    any search engine keeps hot pages; a new generation starts with an empty cache. A
    cached posting costs about 130 bytes (array slots, match-set entry, its int): the
    default budget holds a few broad queries' terms at 100,000 facilities, ~50 MB a process.
    """

    def __init__(self, budget: int = 400_000) -> None:
        self.budget = budget
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
        with self._lock:
            if key in self._items or len(data.postings) > self.budget:
                return
            self._items[key] = data
            self._held += len(data.postings)
            while self._held > self.budget:
                _, dropped = self._items.popitem(last=False)
                self._held -= len(dropped.postings)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._held = 0
