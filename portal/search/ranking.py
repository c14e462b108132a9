"""Match sets and BM25F ranking for our query trees, computed from whole posting lists.

Whoosh stays the index and the scoring model: every score here is Whoosh's own BM25F
(``whoosh.scoring.bm25`` with the searcher's idf, average field length, B and K1, times
the query boosts, summed over the query tree as its matchers sum them). What changes is
how much work a search does:

* **Which documents match** is set algebra over posting lists read in blocks
  (``Term`` → its docnums, ``Or`` → union, ``And`` → intersection), done in C.
* **Ranking** scores only documents that can still reach the first ``n`` places
  (MaxScore): the query's terms are taken in order of their best possible contribution
  and their documents are scored exactly; once the ``n``-th best score is higher than
  everything the terms not taken yet could add up to, no other document can catch up.
  The result is the same top ``n`` (ties by docnum) as scoring every match.

Other query types (phrases) are handed to Whoosh, restricted to the candidate documents,
and always count as candidates. Whoosh's block-max skipping (``optimize=True``) was tried
first and skipped nothing here: every block of a broad term holds some strong match.
Whoosh's limited top-``n`` (``search(q, limit=n)``) also turned out to be inexact for
pinyin queries (``lishui``: its matcher replacement drops terms too early, so the first
page missed higher-scoring documents); this ranker returns the exhaustive order.

Below 5,000 documents Whoosh scores an ``Or`` with an array matcher whose prefix scores
differ from its union-tree matcher; the ranker always follows the union tree.
"""

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

from whoosh import query as wq
from whoosh.scoring import BM25F, bm25
from whoosh.searching import Searcher

from portal.search.postings import (
    EMPTY,
    LENGTH_OF_BYTE,
    FieldLengths,
    TermCache,
    TermData,
    read_postings,
)

# Float sums are not associative: keep a margin when comparing a score with a bound.
BOUND_MARGIN = 1e-9
DocSet = set[int] | frozenset[int]


@dataclass(eq=False)
class _Leaf:
    """One ``Term`` with its boost: Whoosh's score for each of its postings."""

    data: TermData
    boost: float
    _memo: dict[tuple[float, int], float] = field(default_factory=dict)

    @property
    def docs(self) -> frozenset[int]:
        return self.data.docs

    def _score(self, weight: float, lbyte: int) -> float:
        key = (weight, lbyte)
        value = self._memo.get(key)
        if value is None:
            data = self.data
            if data.lengths:
                value = bm25(data.idf, weight, LENGTH_OF_BYTE[lbyte], data.avgfl, data.b, data.k1)
            else:  # an unscorable field scores its weight (Whoosh's WeightScorer)
                value = weight
            if self.boost != 1.0:
                value = value * self.boost
            self._memo[key] = value
        return value

    def upper_bound(self) -> float:
        """The most this term adds to any document: largest weight, shortest field."""
        return self._score(*self.data.strongest()) if self.data.postings else 0.0

    def scores(self, docs: Iterable[int]) -> dict[int, float]:
        """Scores of ``docs`` (all in this term's postings), computed once per distinct
        (weight, length byte): the per-document work is C-level lookups."""
        docs = list(docs)
        weights = map(self.data.heavy().get, docs, repeat(1.0))
        lengths = self.data.lengths
        lbytes = map(lengths.__getitem__, docs) if lengths else repeat(0)
        keys = list(zip(weights, lbytes, strict=False))
        memo = self._memo
        for weight, lbyte in set(keys).difference(memo):
            self._score(weight, lbyte)
        return dict(zip(docs, map(memo.__getitem__, keys), strict=True))


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
    docs: frozenset[int] | None = None


_Node = _Leaf | _Compound | _Whoosh
_NOTHING = _Compound(every=False, children=[], boost=1.0)


class Ranker:
    """Evaluates query trees against one searcher; each term's postings are read once.

    ``lengths`` and ``cache`` belong to the searcher's index generation.
    """

    def __init__(
        self, searcher: Searcher, lengths: FieldLengths, cache: TermCache | None = None
    ) -> None:
        self.searcher = searcher
        self.cache = cache
        self.reader = searcher.reader()
        self.field_lengths = lengths
        self.weighting = searcher.weighting
        self._leaves: dict[tuple[str, str, float], _Leaf] = {}
        self._plans: dict[int, tuple[wq.Query, _Node]] = {}

    def docs(self, q: wq.Query) -> frozenset[int]:
        """Docnums matching ``q``, deleted documents included (intersect with live ones)."""
        return self._docs(self._plan(q))

    def scores(self, q: wq.Query, docs: DocSet) -> dict[int, float]:
        """Whoosh's score of ``q`` for each document of ``docs`` that matches it."""
        return self._scores(self._plan(q), docs) if docs else {}

    def top(self, q: wq.Query, within: DocSet, n: int) -> list[tuple[int, float]]:
        """The best ``n`` documents of ``within`` (all matching ``q``) as (docnum, score).

        Best first, ties by docnum: the same as Whoosh's top ``n`` over ``within``.
        """
        if n <= 0 or not within:
            return []
        root = self._plan(q)
        parts = sorted(self._parts(root, 1.0), key=lambda part: -part[0])
        scores: dict[int, float] = {}
        for i, (_, node) in enumerate(parts):
            new = (self._docs(node) & within).difference(scores)
            scores.update(self._scores(root, new))
            if len(scores) >= n:
                best = heapq.nsmallest(n, scores.items(), key=_rank_key)
                rest = math.fsum(bound for bound, _ in parts[i + 1 :])
                if rest * (1 + BOUND_MARGIN) < best[-1][1]:
                    return best
        return heapq.nsmallest(n, scores.items(), key=_rank_key)

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
            fieldobj = self.reader.schema[q.fieldname]
            texts = [fieldobj.from_bytes(t) for t in q._btexts(self.reader) if t]
            if not texts:
                return _NOTHING
            if len(texts) == 1:
                return self._leaf(q.fieldname, texts[0], 1.0)
            return _Compound(False, [self._leaf(q.fieldname, t, 1.0) for t in texts], q.boost)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return _NOTHING
        return _Whoosh(q)

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
            lengths=self.field_lengths.lengths(self.reader, fieldname) if scorable else b"",
            idf=self.searcher.idf(fieldname, btext) if scorable else 0.0,
            avgfl=(self.searcher.avg_field_length(fieldname) or 1) if scorable else 1,
            b=weighting._field_B.get(fieldname, weighting.B) if scorable else 0.0,
            k1=weighting.K1 if scorable else 0.0,
            docs=frozenset(postings.ids),
        )

    # -- evaluation ----------------------------------------------------------------------

    def _docs(self, node: _Node) -> frozenset[int]:
        if isinstance(node, _Leaf):
            return node.docs
        if isinstance(node, _Compound):
            if not node.children:
                return frozenset()
            parts = [self._docs(child) for child in node.children]
            if node.every:
                return frozenset.intersection(*sorted(parts, key=len))
            return frozenset().union(*parts)
        if node.docs is None:
            node.docs = frozenset(self.searcher.docs_for_query(node.query))
        return node.docs

    def _scores(self, node: _Node, docs: DocSet) -> dict[int, float]:
        if not docs:
            return {}
        if isinstance(node, _Leaf):
            return node.scores(node.docs & docs)
        if isinstance(node, _Compound):
            parts = [self._scores(child, docs) for child in node.children]
            if not parts:
                return {}
            if node.every:
                keys = list(set(parts[0]).intersection(*parts[1:]))
            else:
                keys = list(set().union(*parts))
            # Per document, the children's scores summed in child order (0 + a + b + …),
            # with C-level loops: zip the children's lookups, then sum each tuple.
            lookups = [map(part.get, keys, repeat(0.0)) for part in parts]
            sums = map(sum, zip(*lookups, strict=True))
            if node.boost != 1.0:
                sums = map(node.boost.__mul__, sums)
            return dict(zip(keys, sums, strict=False))
        hits = self.searcher.search(node.query, filter=set(docs), limit=None, optimize=False)
        return {hit.docnum: hit.score for hit in hits}

    def _parts(self, node: _Node, scale: float) -> list[tuple[float, _Node]]:
        """The units MaxScore adds one by one, with the most each can add to a score."""
        if isinstance(node, _Compound):
            scale *= node.boost
            return [part for child in node.children for part in self._parts(child, scale)]
        if isinstance(node, _Leaf):
            return [(node.upper_bound() * scale, node)] if node.data.postings else []
        return [(math.inf, node)]


def _rank_key(item: tuple[int, float]) -> tuple[float, int]:
    return (-item[1], item[0])
