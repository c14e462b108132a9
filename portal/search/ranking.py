"""Match masks and BM25F ranking for our query trees, computed from whole posting lists.

Whoosh stays the index and the scoring model: every score here is Whoosh's own BM25F
(``whoosh.scoring.bm25`` with the searcher's idf, average field length, B and K1, times
the query boosts, summed over the query tree as its matchers sum them). What changes is
how the work is done: one numpy operation per term instead of Python per document.

* **Which documents match** is a boolean mask over all docnums of the generation
  (``Term`` → its postings set, ``Or`` → ``|``, ``And`` → ``&``).
* **Scores** are dense ``float64`` vectors: each term's per-posting scores are scattered
  into a zero vector and the children of an ``Or``/``And`` added in child order, which
  is exactly the ``0 + a + b + …`` Whoosh's union tree computes (adding 0.0 is exact).
  An ``And`` keeps its sum only where every child matches, so a nested one adds nothing
  to a parent where it does not match.
* **Ranking** is exhaustive: every match is scored, the ``n``-th best score is found with
  a partition and only the documents at or above it are sorted (score, then docnum).
  At 100,000 documents this is cheaper than the MaxScore pruning that preceded it.

Other query types (phrases) are handed to Whoosh, restricted to the candidate documents.
Whoosh's limited top-``n`` (``search(q, limit=n)``) turned out to be inexact for pinyin
queries (``lishui``: its matcher replacement drops terms too early, so the first page
missed higher-scoring documents); this ranker returns the exhaustive order.

Below 5,000 documents Whoosh scores an ``Or`` with an array matcher whose prefix scores
differ from its union-tree matcher; the ranker always follows the union tree.
"""

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from portal.search.postings import EMPTY, FieldLengths, TermCache, TermData, read_postings

DocSet = set[int] | frozenset[int]
PREFIX_SCAN = 512  # expansions of a typed prefix looked at
PREFIX_TERMS = 16  # and read (see Ranker._prefix_terms)


class PrefixCache:
    """The chosen expansions of typed prefixes, for one index generation (a few thousand)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], tuple[str, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> tuple[str, ...] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def put(self, key: tuple[str, str], terms: tuple[str, ...]) -> None:
        with self._lock:
            self._items[key] = terms
            while len(self._items) > self.size:
                self._items.popitem(last=False)


@dataclass(eq=False)
class _Leaf:
    """One ``Term`` with its boost."""

    data: TermData
    boost: float


@dataclass(eq=False)
class _Compound:
    """``Or`` (sum of the children that match) or ``And`` (all must match), times ``boost``."""

    every: bool
    children: list["_Node"]
    boost: float


@dataclass(eq=False)
class _Whoosh:
    """Any other query, evaluated by Whoosh's own matchers."""

    query: wq.Query


_Node = _Leaf | _Compound | _Whoosh
_NOTHING = _Compound(every=False, children=[], boost=1.0)


class Ranker:
    """Evaluates query trees against one searcher; each term's postings are read once.

    ``lengths`` and ``cache`` belong to the searcher's index generation. Masks and score
    vectors have one slot per docnum of the generation (deleted documents included).
    """

    def __init__(
        self,
        searcher: Searcher,
        lengths: FieldLengths,
        cache: TermCache | None = None,
        prefixes: PrefixCache | None = None,
    ) -> None:
        self.searcher = searcher
        self.cache = cache
        self.prefixes = prefixes
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self.field_lengths = lengths
        self.weighting = searcher.weighting
        self._leaves: dict[tuple[str, str, float], _Leaf] = {}
        self._plans: dict[int, tuple[wq.Query, _Node]] = {}
        self._masks: dict[int, tuple[_Node, np.ndarray]] = {}

    def docs(self, q: wq.Query) -> frozenset[int]:
        """Docnums matching ``q``, deleted documents included (intersect with live ones)."""
        return frozenset(np.flatnonzero(self.mask(q)).tolist())

    def mask(self, q: wq.Query) -> np.ndarray:
        """Boolean mask (one slot per docnum) of the documents matching ``q``, deleted ones
        included. The array is shared: callers must not modify it."""
        return self._mask(self._plan(q))

    def scores(self, q: wq.Query, docs: Iterable[int]) -> dict[int, float]:
        """Whoosh's score of ``q`` for each document of ``docs`` that matches it."""
        within = self._as_mask(docs)
        if not within.any():
            return {}
        node = self._plan(q)
        chosen = np.flatnonzero(within & self._mask(node))
        dense = self._dense(node, within)
        return dict(zip(chosen.tolist(), dense[chosen].tolist(), strict=True))

    def top(self, q: wq.Query, within: DocSet | np.ndarray, n: int) -> list[tuple[int, float]]:
        """The best ``n`` matches of ``q`` among ``within`` (docnums or a boolean mask) as
        (docnum, score), best first, ties by docnum: Whoosh's top ``n`` over ``within``."""
        if n <= 0:
            return []
        node = self._plan(q)
        allowed = self._as_mask(within) & self._mask(node)
        docs = np.flatnonzero(allowed)
        if not len(docs):
            return []
        values = self._dense(node, allowed)[docs]
        if len(docs) > n:
            # Everything scoring at least the n-th best, ties included, then sorted exactly.
            cut = np.partition(values, len(values) - n)[len(values) - n]
            keep = values >= cut
            docs, values = docs[keep], values[keep]
        order = np.lexsort((docs, -values))[:n]
        return list(zip(docs[order].tolist(), values[order].tolist(), strict=True))

    def _as_mask(self, docs: Iterable[int] | np.ndarray) -> np.ndarray:
        if isinstance(docs, np.ndarray) and docs.dtype == np.bool_:
            return docs
        mask = np.zeros(self.size, dtype=bool)
        ids = np.fromiter(docs, dtype=np.int64)
        mask[ids[(ids >= 0) & (ids < self.size)]] = True
        return mask

    # -- plans ---------------------------------------------------------------------------

    def _plan(self, q: wq.Query) -> _Node:
        cached = self._plans.get(id(q))
        if cached is None or cached[0] is not q:
            node = self._build(q) if isinstance(self.weighting, BM25F) else _Whoosh(q)
            cached = (q, node)  # the query is kept so its id() is not reused
            self._plans[id(q)] = cached
        return cached[1]

    def _build(self, q: wq.Query) -> _Node:
        """Mirror how Whoosh builds matchers (``Term.matcher``, ``CompoundQuery.matcher``)."""
        if isinstance(q, wq.Term):
            return self._leaf(q.fieldname, q.text, q.boost)
        if isinstance(q, wq.Or | wq.And):
            if not q.subqueries:
                return _NOTHING
            if len(q.subqueries) == 1:  # Whoosh ignores the boost of a one-child compound
                return self._build(q.subqueries[0])
            children = [self._build(sub) for sub in q.subqueries]
            return _Compound(isinstance(q, wq.And), children, q.boost)
        if isinstance(q, wq.Prefix) and q.text:
            # PatternQuery.matcher: one expansion is a plain Term (the boost is dropped),
            # several are an Or carrying the prefix's boost.
            texts = self._prefix_terms(q.fieldname, q.text)
            if not texts:
                return _NOTHING
            if len(texts) == 1:
                return self._leaf(q.fieldname, texts[0], 1.0)
            return _Compound(False, [self._leaf(q.fieldname, t, 1.0) for t in texts], q.boost)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return _NOTHING
        return _Whoosh(q)

    def _prefix_terms(self, fieldname: str, prefix: str) -> list[str]:
        """The expansions of an as-you-type prefix that a search reads, a bounded few.

        Whoosh expands a prefix to every term: ``lishui`` starts 10,735 whole-name pinyin
        keys at 500,000 facilities, and each would be read and scored. The first
        :data:`PREFIX_SCAN` expansions are looked at and the :data:`PREFIX_TERMS` found in
        most documents kept (ties: shorter, then alphabetical): the place and word keys a
        visitor is typing rather than one facility's whole name each. A prefix with fewer
        expansions (a name typed far enough) keeps all of them, as Whoosh would.
        """
        if self.prefixes is not None:
            found = self.prefixes.get((fieldname, prefix))
            if found is None:
                found = self._expand_prefix(fieldname, prefix)
                self.prefixes.put((fieldname, prefix), found)
            return list(found)
        return list(self._expand_prefix(fieldname, prefix))

    def _expand_prefix(self, fieldname: str, prefix: str) -> tuple[str, ...]:
        if fieldname not in self.reader.schema:
            return ()
        fieldobj = self.reader.schema[fieldname]
        found: list[tuple[int, int, str]] = []
        for text, info in islice(self.reader.iter_prefix(fieldname, prefix), PREFIX_SCAN):
            if isinstance(text, bytes):
                text = fieldobj.from_bytes(text)
            if text:
                found.append((-info.doc_frequency(), len(text), text))
        if len(found) > PREFIX_TERMS:
            found = sorted(found)[:PREFIX_TERMS]
        return tuple(sorted(text for _, _, text in found))

    def _leaf(self, fieldname: str, text: str, boost: float) -> _Leaf:
        key = (fieldname, text, boost)
        leaf = self._leaves.get(key)
        if leaf is None:
            data = self.cache.get(key[:2]) if self.cache is not None else None
            if data is None:
                data = self._read_term(fieldname, text)
                if self.cache is not None:
                    self.cache.put(key[:2], data)
            leaf = _Leaf(data, boost)
            self._leaves[key] = leaf
        return leaf

    def _read_term(self, fieldname: str, text: str) -> TermData:
        schema = self.reader.schema
        postings, btext = EMPTY, b""
        if fieldname in schema:
            try:
                btext = schema[fieldname].to_bytes(text)
            except ValueError:
                btext = b""
            if btext:
                postings = read_postings(self.reader, fieldname, btext)
        scorable = bool(postings) and schema[fieldname].scorable
        weighting = self.weighting
        return TermData(
            postings=postings,
            lengths=self.field_lengths.lengths(self.reader, fieldname) if scorable else None,
            idf=self.searcher.idf(fieldname, btext) if scorable else 0.0,
            avgfl=(self.searcher.avg_field_length(fieldname) or 1) if scorable else 1,
            b=weighting._field_B.get(fieldname, weighting.B) if scorable else 0.0,
            k1=weighting.K1 if scorable else 0.0,
        )

    # -- evaluation ----------------------------------------------------------------------

    def _mask(self, node: _Node) -> np.ndarray:
        cached = self._masks.get(id(node))
        if cached is not None and cached[0] is node:
            return cached[1]
        if isinstance(node, _Leaf):
            mask = np.zeros(self.size, dtype=bool)
            mask[node.data.postings.ids] = True
        elif isinstance(node, _Compound):
            mask = np.zeros(self.size, dtype=bool)
            if node.children:
                combine = np.logical_and if node.every else np.logical_or
                mask = self._mask(node.children[0]).copy()
                for child in node.children[1:]:
                    combine(mask, self._mask(child), out=mask)
        else:
            mask = self._as_mask(self.searcher.docs_for_query(node.query))
        mask.flags.writeable = False
        self._masks[id(node)] = (node, mask)  # the node is kept so its id() is not reused
        return mask

    def _dense(self, node: _Node, within: np.ndarray) -> np.ndarray:
        """``node``'s score at every docnum where it matches (0.0 elsewhere); only the
        slots of ``within`` are guaranteed where Whoosh itself has to score."""
        out = np.zeros(self.size, dtype=np.float64)
        if isinstance(node, _Leaf):
            scores = node.data.scores()
            out[node.data.postings.ids] = scores * node.boost if node.boost != 1.0 else scores
        elif isinstance(node, _Compound):
            for child in node.children:
                if isinstance(child, _Leaf):
                    # Added where the term occurs only (docnums are unique in a posting
                    # list): the same ``sum + score`` per document, in the same child order,
                    # without a vector of the whole index per term.
                    scores = child.data.scores()
                    ids = child.data.postings.ids
                    out[ids] += scores * child.boost if child.boost != 1.0 else scores
                else:
                    out += self._dense(child, within)
            if node.every and node.children:
                out[~self._mask(node)] = 0.0
            if node.boost != 1.0:
                out *= node.boost
        else:
            chosen = np.flatnonzero(within & self._mask(node))
            if len(chosen):
                hits = self.searcher.search(
                    node.query, filter=set(chosen.tolist()), limit=None, optimize=False
                )
                for hit in hits:
                    out[hit.docnum] = hit.score
        return out
