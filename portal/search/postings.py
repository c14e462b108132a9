"""Reading Whoosh postings and field lengths in bulk, for set operations and scoring in C.

Whoosh walks postings one document at a time through a tree of Python matchers; that is
what made broad queries (``养老院``, ``托育``) cost 60-200 ms. The index format stores
postings in blocks of document numbers and weights, and field lengths as one byte per
document, so a whole posting list or length column can be read in one go and handed to
``set``/``dict``/``bytes`` operations.

This reads the on-disk structures of ``whoosh-reloaded 2.7.5`` (``W3LeafMatcher``
blocks, the ``NumericColumn("B")`` length columns). Anything else — another codec, a
wrapped matcher we do not know — falls back to Whoosh's public one-at-a-time interface,
which is slower but gives the same numbers.
"""

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

# Field length byte → length, as Whoosh's scorers see it (byte 0 means "no length": 1).
LENGTH_OF_BYTE: tuple[int, ...] = (1, *(byte_to_length(b) for b in range(1, 256)))


@dataclass(frozen=True)
class Postings:
    """One term's postings over the whole index: global docnums (ascending) and weights."""

    ids: tuple[int, ...]
    weights: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.ids)


EMPTY = Postings((), ())


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
    return Postings(tuple(ids), tuple(weights))


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
    """Every block of an on-disk posting list, one block (up to 128 postings) per step."""
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.extend(matcher._ids)
        weights.extend(matcher._weights)
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
