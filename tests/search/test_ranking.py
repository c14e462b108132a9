"""The bulk matcher and ranker give exactly what Whoosh's own matchers give, only faster.

Reference: Whoosh scoring every match (``searcher.search(q, limit=None)``) and
``searcher.docs_for_query``, on the index of the real plan rows. Whoosh scores an ``Or``
with a binary tree of union matchers above 5,000 documents and with a pre-loading array
matcher below, and the two disagree on a prefix's score; the ranker follows the tree (what
a real-sized index uses), so the reference is switched to it with Whoosh's own setting.
"""

from dataclasses import replace

import pytest
from whoosh import query as wq
from whoosh.searching import Searcher

from portal.search import SearchIndex, SearchQuery
from portal.search.analysis import is_wordlike, normalize, segmenter, word_spans
from portal.search.engine import WORD_FIELDS, Snapshot
from portal.search.postings import FieldLengths
from portal.search.query import parse_text, text_query
from portal.search.ranking import PREFIX_TERMS, Ranker, TermCache

QUERIES = [
    "养老院",  # synonyms in name and category
    "托育",
    "社会福利院",
    "莲都 托育",  # a place filter plus a word
    "红豆杉",  # not in jieba's dictionary: bigram phrase
    "lishui",  # pinyin, with a prefix expansion
    "yly",
    "li shui",  # spaced pinyin: a syllable phrase
    '"示范性托育服务中心"',  # quoted phrase
    "托育 康复",  # AND of two words
    "2920",
]


def _current(index: SearchIndex) -> tuple[Searcher, Snapshot]:
    return index._current()


def _text_query(index: SearchIndex, searcher: Searcher, text: str, relaxed: bool = False):
    reader = searcher.reader()

    def known(word: str) -> bool:
        return any(reader.doc_frequency(f, word) for f in WORD_FIELDS)

    parsed = parse_text(text, index.places)
    return text_query(parsed, index.synonyms, relaxed=relaxed, known=known)


def _whoosh_ranking(searcher: Searcher, tq, within: set[int]) -> list[tuple[int, float]]:
    hits = searcher.search(tq, filter=within, limit=None, optimize=False)
    return sorted(((h.docnum, h.score) for h in hits), key=lambda ds: (-ds[1], ds[0]))


def _assert_same_ranking(index: SearchIndex, text: str, relaxed: bool = False) -> None:
    searcher, snap = _current(index)
    tq = _text_query(index, searcher, text, relaxed)
    ranker = Ranker(searcher, FieldLengths(), TermCache())
    matched = ranker.docs(tq) & snap.columns.live  # deleted postings are left to the caller
    assert matched == set(searcher.docs_for_query(tq))
    within = set(matched & snap.visible)
    expected = _whoosh_ranking(searcher, tq, within)
    for n in (1, 3, 20, len(within) + 5):
        got = ranker.top(tq, within, n)
        assert [d for d, _ in got] == [d for d, _ in expected[:n]]
        assert [s for _, s in got] == pytest.approx([s for _, s in expected[:n]], rel=1e-9)


@pytest.fixture
def union_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoosh's documented switch for how ``Or`` matches, set as above 5,000 documents."""
    monkeypatch.setattr(wq.Or, "matcher_type", wq.Or.DEFAULT_MATCHER)


@pytest.mark.parametrize("text", QUERIES)
def test_top_n_and_matches_equal_whooshs(built_index: SearchIndex, union_tree, text: str) -> None:
    _assert_same_ranking(built_index, text)


@pytest.mark.parametrize("text", ["托育 康复 peagym", "幸福 红豆杉"])
def test_relaxed_or_query_equals_whooshs(built_index: SearchIndex, union_tree, text: str) -> None:
    _assert_same_ranking(built_index, text, relaxed=True)


def test_equal_after_updates_across_segments(
    fresh_index: SearchIndex, documents, union_tree
) -> None:
    """Upserts add segments and deletions: offsets and deleted postings must not leak."""
    renamed = replace(documents[0], name="台州市社会福利院（新院区）养老院")
    fresh_index.upsert([renamed, replace(documents[5], content="新增养老院床位100张")])
    fresh_index.remove([documents[9].id])
    searcher, _ = _current(fresh_index)
    assert len(list(searcher.reader().leaf_readers())) > 1
    for text in ("养老院", "社会福利院", "lishui"):
        _assert_same_ranking(fresh_index, text)
    ids = [hit.id for hit in fresh_index.search(SearchQuery(text="新院区")).hits]
    assert ids == [renamed.id]
    assert documents[9].id not in {
        h.id for h in fresh_index.search(SearchQuery(text="养老", per_page=100)).hits
    }


def test_term_cache_keeps_to_its_budget(built_index: SearchIndex) -> None:
    searcher, _ = _current(built_index)
    cache = TermCache(budget_bytes=1_000)  # bytes: ~45 postings
    ranker = Ranker(searcher, FieldLengths(), cache)
    tq = _text_query(built_index, searcher, "养老院")
    first = ranker.top(tq, ranker.docs(tq), 5)
    assert 0 < cache.held_bytes <= 1_000
    # A second ranker reuses what fitted, and ranks the same.
    again = Ranker(searcher, FieldLengths(), cache)
    assert again.top(tq, again.docs(tq), 5) == first


def test_search_is_the_same_warm_and_cold(built_index: SearchIndex) -> None:
    query = SearchQuery(text="养老院", per_page=10)
    warm = built_index.search(query)
    built_index.drop_caches()
    cold = built_index.search(query)
    assert [h.id for h in cold.hits] == [h.id for h in warm.hits]
    assert cold.total == warm.total and cold.facets == warm.facets


@pytest.mark.parametrize(
    "text",
    [
        "台州市社会福利院",
        "丽水市医养结合社区老年公寓",
        "嘉兴市南湖区peagym英语成长中心托育服务设施项目",
    ],
)
def test_word_spans_are_jiebas_search_mode_tokens(text: str) -> None:
    """One cut gives what jieba's ``tokenize(mode="search")`` gives, in the same order."""
    norm = normalize(text)
    expected = [
        (w.strip(), s, e) for w, s, e in segmenter().tokenize(norm, mode="search") if is_wordlike(w)
    ]
    assert [(w, s, e) for _, w, s, e in word_spans(norm)] == expected
    whole = [w for w in segmenter().lcut(norm) if is_wordlike(w)]
    # Whole words carry their ordinal; sub-words never run ahead of the word they are in.
    positions = {word: pos for pos, word, _, _ in word_spans(norm) if word in whole}
    assert sorted(positions.values()) == list(range(len(whole)))


def test_nested_and_adds_only_where_it_matches(built_index: SearchIndex, union_tree) -> None:
    """An ``And`` inside an ``Or`` contributes nothing where only some of its words match."""
    searcher, snap = _current(built_index)
    inner = wq.And([wq.Term("name", "托育"), wq.Term("content", "普惠")], boost=2.0)
    tq = wq.Or([inner, wq.Term("name", "养老院"), wq.Term("category", "托育")])
    ranker = Ranker(searcher, FieldLengths(), TermCache())
    within = set(ranker.docs(tq) & snap.visible)
    assert within == set(searcher.docs_for_query(tq)) & snap.visible
    expected = _whoosh_ranking(searcher, tq, within)
    got = ranker.top(tq, within, len(within))
    assert [d for d, _ in got] == [d for d, _ in expected]
    assert [s for _, s in got] == pytest.approx([s for _, s in expected], rel=1e-9)
    page = {d for d, _ in expected[:3]}
    assert ranker.scores(tq, page) == pytest.approx(dict(expected[:3]), rel=1e-9)


def test_a_typed_pinyin_prefix_reads_a_bounded_few_keys(fresh_index: SearchIndex, documents):
    """Finding 3 of issue 16: ``lishui`` expanded to 10,735 whole-name keys at 500,000.

    Forty more 丽水 facilities (generated here) each add their own whole-name keys; the
    prefix still reads at most ``PREFIX_TERMS`` keys, the place keys found in most
    documents, so every 丽水 facility is still found while typing.
    """
    lishui = next(d for d in documents if d.city_code == "331100")
    extra = [
        replace(lishui, id=80_000 + i, name=f"丽水市{chr(0x4E00 + 37 * i)}{chr(0x4E50 + i)}养老院")
        for i in range(40)
    ]
    fresh_index.upsert(extra)
    searcher, _ = _current(fresh_index)
    reader = searcher.reader()
    every = [t for t, _ in reader.iter_prefix("pinyin", "lishu")]
    assert len(every) > PREFIX_TERMS
    ranker = Ranker(searcher, FieldLengths(), TermCache())
    read = ranker._prefix_terms("pinyin", "lishu")
    assert 0 < len(read) <= PREFIX_TERMS
    assert {"lishui", "lishuishi"} <= set(read)  # the place keys, in every 丽水 document
    in_lishui = {d.id for d in [*documents, *extra] if d.city_code == "331100" and not d.withdrawn}
    found = fresh_index.search(SearchQuery(text="lishu", per_page=100))
    assert in_lishui <= {h.id for h in found.hits}
