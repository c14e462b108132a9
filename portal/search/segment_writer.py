"""A Whoosh segment writer for fresh builds: the same index, written several times faster.

Whoosh's ``SegmentWriter`` keeps one Python tuple per posting in a ``PostingPool``, pickles
every tuple into a sorted run on disk (one ``pickle.dump`` call each) when the pool passes
128 MB, merges the runs with a heap, then asks the lengths column for each posting's field
length and feeds the postings writer one posting at a time. At province scale (500,000
facilities, ~140 postings each) that per-posting Python is most of a 20-minute build.

:class:`FreshSegmentWriter` keeps Whoosh's analysis, per-document writer and codec, and
changes only where postings wait and how they reach the codec:

- a field value seen before is not analysed again: region lists, kind words, operators and
  addresses repeat across thousands of facilities (fields whose values turn out not to
  repeat, like names, stop being remembered);
- the pool groups postings by term as they arrive (compact arrays per term), and spills a
  run as a few pickled batches of whole terms, not one pickle per posting;
- documents are numbered in the order they are added, so a term's postings from an earlier
  run all come before a later run's: runs merge by term, and a term's lists concatenate;
- field lengths are read once per document and field, not once per posting;
- each term's postings go to the codec's postings writer a block at a time.

The segment holds what ``SegmentWriter`` writes for the same documents: the same terms,
term statistics, postings, values, lengths and stored fields (``tests/search/
test_segment_writer.py`` compares them), so every reader of the index is unaffected. The
posting file is smaller: equal values are one object, which pickle writes once per block.
The pool keeps a number per distinct posting value and weight (there are few: a word at
position 0, a frequency of 1, each with its count as weight), so a term's postings are two
flat arrays, docnums and those numbers, cheap to hold and to spill.
Only fresh segments: the writer neither merges nor deletes (a rebuild's whole job), and
takes no boosts (the portal's fields have none).
"""

import heapq
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterator, Mapping
from itertools import groupby
from operator import itemgetter
from typing import IO, Any

from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.formats import Existence, Frequency, Positions
from whoosh.index import Index
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

# Postings held in memory before a run is spilled: 8 bytes each (docnum, value number) plus
# each term's arrays, ~500 MB at most whatever the share's size. Fewer runs are faster:
# one process, 100,000 facilities: 864 documents/s with 4M, 1,063 with 16M.
RUN_POSTINGS = 16_000_000
# Terms per pickled batch of a spilled run: what one run's reader holds while merging.
BATCH_TERMS = 4_096

Key = tuple[str, bytes]  # (field name, term bytes): Whoosh's posting order


class _Term:
    """One term's postings in document order: docnums and the numbers of their (encoded
    value, weight) pairs (:meth:`TermPool.share`)."""

    __slots__ = ("ids", "values")

    def __init__(self) -> None:
        self.ids = array("I")
        self.values = array("I")


TermRow = tuple[Key, array, array]  # key, docnums, value numbers
Analysed = tuple[tuple[Key, int], ...]  # one field value's postings: (key, value number)


class TermPool:
    """Postings grouped by term; sorted runs spilled to temporary files past ``run_postings``.

    Stands in for Whoosh's ``PostingPool`` inside :class:`FreshSegmentWriter`, which adds
    documents in increasing docnum.
    """

    def __init__(self, folder: str | None, run_postings: int = RUN_POSTINGS) -> None:
        self._folder = folder
        self._run_postings = run_postings
        self._terms: dict[Key, _Term] = {}
        self._count = 0
        self._runs: list[IO[bytes]] = []
        self._numbers: dict[tuple[bytes, float], int] = {}
        self.values: list[bytes] = []  # encoded value by number
        self.weights: list[float] = []  # weight by number (a double, as Whoosh keeps it)

    def share(self, value: bytes, weight: float) -> int:
        """The number of an encoded value and its weight, the same for equal pairs."""
        number = self._numbers.get((value, weight))
        if number is None:
            number = self._numbers[value, weight] = len(self.values)
            self.values.append(value)
            self.weights.append(weight)
        return number

    def add_terms(self, docnum: int, postings: "Analysed") -> None:
        """One document's postings of one field: ``(key, value number)`` pairs."""
        terms = self._terms
        for key, value in postings:
            term = terms.get(key)
            if term is None:
                term = terms[key] = _Term()
            term.ids.append(docnum)
            term.values.append(value)
        self._count += len(postings)
        if self._count >= self._run_postings:
            self._spill()

    def _sorted_rows(self) -> list[TermRow]:
        terms = self._terms
        return [(key, *_columns(terms[key])) for key in sorted(terms)]

    def _spill(self) -> None:
        run = tempfile.TemporaryFile(dir=self._folder, prefix="terms-", suffix=".run")
        rows = self._sorted_rows()
        for start in range(0, len(rows), BATCH_TERMS):
            pickle.dump(rows[start : start + BATCH_TERMS], run, pickle.HIGHEST_PROTOCOL)
        run.flush()
        self._runs.append(run)
        self._terms = {}
        self._count = 0

    def terms(self) -> Iterator[TermRow]:
        """Every term in Whoosh's order with its postings in docnum order, runs merged."""
        sources: list[Iterator[TermRow]] = [_read_run(run) for run in self._runs]
        sources.append(iter(self._sorted_rows()))
        self._terms = {}
        if len(sources) == 1:
            yield from sources[0]
            return
        for key, rows in groupby(heapq.merge(*sources, key=itemgetter(0)), key=itemgetter(0)):
            # heapq.merge is stable: runs come in the order they were written (docnum order).
            ids, values = array("I"), array("I")
            for _, run_ids, run_values in rows:
                ids.extend(run_ids)
                values.extend(run_values)
            yield key, ids, values

    def cleanup(self) -> None:
        for run in self._runs:
            run.close()  # a TemporaryFile: closing deletes it
        self._runs = []
        self._terms = {}


def _columns(term: _Term) -> tuple[array, array]:
    return term.ids, term.values


def _read_run(run: IO[bytes]) -> Iterator[TermRow]:
    run.seek(0)
    while True:
        try:
            batch = pickle.load(run)
        except EOFError:
            return
        yield from batch


class FreshSegmentWriter(SegmentWriter):
    """``SegmentWriter`` for a segment of new documents only (see the module's docstring).

    Use it as Whoosh's writer: ``add_document`` for each document, then ``commit`` (a fresh
    index) or ``_finalize_segment`` (a share of a parallel build).
    """

    def __init__(
        self,
        ix: Index,
        *,
        run_postings: int = RUN_POSTINGS,
        analysis_trial: int = 2_000,
        tokens: Mapping[str, Callable[[str], list[tuple[str, int]]]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(ix, **kwargs)
        extras = [n for n, f in self.schema.items() if f.vector or f.separate_spelling()]
        if extras:
            self.cancel()
            raise ValueError(f"FreshSegmentWriter cannot write vectors or spelling: {extras}")
        folder = getattr(self._tempstorage, "folder", None)
        if folder is not None:
            self._tempstorage.create()  # Whoosh makes the folder on first use; so do we
        self.pool = TermPool(folder, run_postings)
        direct = _direct_fields(self.schema, tokens or {})
        self._analysis = _AnalysisCache(self.pool.share, analysis_trial, direct)

    def add_document(self, **fields: Any) -> None:
        """``SegmentWriter.add_document`` for the portal's kind of document: no boosts, no
        vectors, no spelling; analysis of a repeated value is remembered."""
        self._check_state()
        fieldnames = sorted(fields)
        self._check_fields(self.schema, fieldnames)
        if any(name.startswith("_") for name in fieldnames):
            raise ValueError(f"FreshSegmentWriter takes no boosts or custom values: {fieldnames}")
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = self.schema[fieldname]
                length = 0
                if field.indexed:
                    postings, length = self._analysis.of(fieldname, field, value)
                    self.pool.add_terms(docnum, postings)
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                if field.column_type:
                    column_value = field.to_column_value(value)
                    perdocwriter.add_column_value(fieldname, field.column_type, column_value)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    # Refused by design, not unfinished: merging reads segments back posting by posting,
    # which is what this writer exists to avoid; Whoosh's writer merges small segments.
    def add_reader(self, reader: Any) -> None:
        raise ValueError("FreshSegmentWriter only adds: a fresh segment merges nothing")

    def commit(self, mergetype: Any = None, optimize: bool = False, merge: bool = False) -> None:
        super().commit(mergetype=mergetype, optimize=optimize, merge=False)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            _write_postings(self.fieldwriter, self.schema, self.pool, lengths, self.docnum)
        finally:
            self.fieldwriter.close()
            if lengths is not None:
                lengths.close()


class _AnalysisCache:
    """Each field value's postings, remembered for values that repeat.

    A field is watched over its first ``trial`` values; if fewer than one in ``MIN_REPEAT``
    was seen before (names, mostly), its values are analysed every time and not kept. The
    kept values are bounded (``MAX_VALUES``); past that, new values are not kept.
    """

    MIN_REPEAT = 5
    MAX_VALUES = 20_000

    def __init__(
        self,
        share: Callable[[bytes, float], int],
        trial: int,
        direct: dict[str, Callable[[str], list[tuple[str, int]]]],
    ) -> None:
        self._share = share
        self._trial = trial
        self._direct = direct
        self._encoded: dict[tuple[int, ...], int] = {}  # positions → value number
        self._frequencies: dict[int, int] = {}  # frequency → value number
        self._known: dict[tuple[str, str], tuple[Analysed, int]] = {}
        self._seen: dict[str, list[int]] = {}  # field → [values, repeats] during the trial
        self._unrepeated: set[str] = set()

    def of(self, fieldname: str, field: Any, value: Any) -> tuple[Analysed, int]:
        """``(postings, length)``: the value's ``(key, value number)`` pairs and the
        field length Whoosh records (the sum of frequencies, for a scorable field)."""
        if fieldname in self._unrepeated or not isinstance(value, str):
            return self._analyse(fieldname, field, value)
        cache_key = (fieldname, value)
        found = self._known.get(cache_key)
        trial = self._seen.setdefault(fieldname, [0, 0])
        if trial[0] < self._trial:
            trial[0] += 1
            trial[1] += found is not None
            if trial[0] == self._trial and trial[1] * self.MIN_REPEAT < self._trial:
                self._unrepeated.add(fieldname)
        if found is None:
            found = self._analyse(fieldname, field, value)
            if len(self._known) < self.MAX_VALUES:
                self._known[cache_key] = found
        return found

    def _analyse(self, fieldname: str, field: Any, value: Any) -> tuple[Analysed, int]:
        tokens = self._direct.get(fieldname)
        if tokens is not None and isinstance(value, str):
            return self._analyse_directly(fieldname, field, tokens(value))
        share = self._share
        postings = []
        length = 0
        for tbytes, freq, weight, vbytes in field.index(value):
            postings.append(((fieldname, tbytes), share(vbytes or b"", weight)))
            length += freq
        return tuple(postings), (length if field.scorable else 0)

    def _analyse_directly(
        self, fieldname: str, field: Any, tokens: list[tuple[str, int]]
    ) -> tuple[Analysed, int]:
        """What ``Positions``/``Frequency``/``Existence.word_values`` make of the tokens (every
        token's boost is 1), with each list of positions encoded once per build."""
        positions: dict[str, list[int]] = {}
        for text, position in tokens:
            found = positions.get(text)
            if found is None:
                positions[text] = [position]
            else:
                found.append(position)
        form = field.format
        boost = form.field_boost
        # The numbers are remembered per list of positions or frequency, which holds for
        # every field only while their boosts agree (the portal's are all 1).
        remember = boost == 1.0
        share = self._share
        postings = []
        length = 0
        for text, found in positions.items():
            count = len(found)
            length += count
            if type(form) is Positions:
                key = tuple(found)
                value = self._encoded.get(key) if remember else None
                if value is None:
                    value = share(form.encode(found), float(count) * boost)
                    if remember and len(self._encoded) < self.MAX_VALUES:
                        self._encoded[key] = value
            elif type(form) is Existence:  # a term is there or not: weight is the boost
                value = share(b"", boost)
            else:
                value = self._frequencies.get(count) if remember else None
                if value is None:
                    value = share(pack_uint(count), float(count) * boost)
                    if remember:
                        self._frequencies[count] = value
            postings.append(((fieldname, text.encode("utf-8")), value))
        return tuple(postings), (length if field.scorable else 0)


def _direct_fields(
    schema: Any, tokens: Mapping[str, Callable[[str], list[tuple[str, int]]]]
) -> dict[str, Callable[[str], list[tuple[str, int]]]]:
    """The fields whose tokens can bypass Whoosh's analysis: a token function given, and a
    format whose values are positions, a frequency or nothing (exactly, not a subclass)."""
    return {
        name: function
        for name, function in tokens.items()
        if name in schema and type(schema[name].format) in (Positions, Frequency, Existence)
    }


def _write_postings(
    fieldwriter: W3FieldWriter, schema: Any, pool: TermPool, lengths: Any, doccount: int
) -> None:
    """What ``FieldWriter.add_postings`` does, a term at a time and a block at a time."""
    field_lengths: dict[str, list[int]] = {}

    def lengths_of(fieldname: str) -> list[int]:
        found = field_lengths.get(fieldname)
        if found is None:
            if lengths is None:
                found = [0] * doccount
            else:
                dfl = lengths.doc_field_length
                found = [dfl(docnum, fieldname) for docnum in range(doccount)]
            field_lengths[fieldname] = found
        return found

    encoded, weight_of = pool.values, pool.weights
    for fieldname, terms in groupby(pool.terms(), key=lambda row: row[0][0]):
        fieldwriter.start_field(fieldname, schema[fieldname])
        postwriter = fieldwriter._postwriter
        limit = postwriter._blocklimit
        doc_lengths = lengths_of(fieldname)
        for (_, btext), ids, values in terms:
            fieldwriter.start_term(btext)
            for start in range(0, len(ids), limit):
                end = start + limit
                block = ids[start:end], values[start:end]
                _fill_block(postwriter, *block, encoded, weight_of, doc_lengths)
                if end < len(ids):
                    postwriter._write_block()  # the last block is written by finish_term
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _fill_block(
    postwriter: Any,
    ids: array,
    values: array,
    encoded: list[bytes],
    weight_of: list[float],
    doc_lengths: list[int],
) -> None:
    """Set the postings writer's block buffer as ``add_posting`` would have, one by one."""
    weights = list(map(weight_of.__getitem__, values))
    postwriter._ids = ids
    postwriter._weights = array("f", weights)
    postwriter._values = [v for v in map(encoded.__getitem__, values) if v]
    postwriter._maxweight = max(0, max(weights))
    present = [length for length in map(doc_lengths.__getitem__, ids) if length]
    postwriter._minlength = min(present) if present else None
    postwriter._maxlength = max(present) if present else 0
