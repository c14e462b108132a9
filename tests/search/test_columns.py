"""Facet counts and filters from the in-memory columns equal counting the documents by hand."""

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from portal.domain.progress import usable_now_rank
from portal.search import SearchIndex, SearchQuery, segment_columns
from portal.search.schema import from_stored


def _by_hand(documents, keep) -> dict[str, Counter]:
    chosen = [d for d in documents if keep(d) and not d.withdrawn]
    return {
        "kind": Counter(d.kind for d in chosen),
        "status": Counter(d.status for d in chosen),
        "city": Counter(d.city_code for d in chosen if d.city_code),
        "county": Counter(d.county_code for d in chosen if d.county_code),
    }


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        (SearchQuery(), lambda d: True),
        (SearchQuery(min_beds=500), lambda d: d.beds is not None and d.beds >= 500),
        (SearchQuery(region_codes=("331100",)), lambda d: d.city_code == "331100"),
    ],
)
def test_facet_counts_equal_counting_documents(
    built_index: SearchIndex, documents, query: SearchQuery, keep
) -> None:
    results = built_index.search(query)
    expected = _by_hand(documents, keep)
    assert results.total == sum(expected["kind"].values())
    for facet, counts in expected.items():
        if facet in ("city", "county") and query.region_codes:
            continue  # the region facets ignore the region filter
        assert results.facets[facet] == dict(counts), facet
        # Largest count first, then value.
        assert list(results.facets[facet].values()) == sorted(counts.values(), reverse=True)


def test_distance_ties_keep_index_order(built_index: SearchIndex, documents) -> None:
    """Rows placed at one district's point: equal distances list in the order indexed."""
    results = built_index.search(SearchQuery(sort="distance", origin=(28.45, 119.91), per_page=100))
    position = {doc.id: i for i, doc in enumerate(documents)}
    placed = [hit for hit in results.hits if hit.distance_km is not None]
    ties: dict[float, list[int]] = {}
    for hit in placed:
        ties.setdefault(hit.distance_km, []).append(position[hit.id])
    assert any(len(group) > 1 for group in ties.values())  # there are ties to order
    assert all(group == sorted(group) for group in ties.values())


def _column_files(index: SearchIndex) -> list:
    return sorted((index.storage.root / index.storage.current_name()).glob("*.columns.npz"))


def test_each_segment_has_a_column_file_equal_to_its_documents(fresh_index: SearchIndex, documents):
    """The writer saves each segment's columns; they hold what the stored documents say."""
    fresh_index.upsert([replace(documents[0], name="台州市社会福利院新院区")])
    searcher, _ = fresh_index._current()
    segments = list(searcher.reader().leaf_readers())
    assert len(segments) > 1 and len(_column_files(fresh_index)) == len(segments)
    folder = fresh_index.storage.root / fresh_index.storage.current_name()
    for segment, _offset in segments:
        saved = segment_columns.load_or_build(segment, folder)
        assert saved.path is not None  # read from the file, not recomputed
        by_hand = [
            from_stored(segment.stored_fields(d)["doc"]) for d in range(segment.doc_count_all())
        ]
        assert saved.names() == tuple(doc.name for doc in by_hand)
        assert saved.beds.tolist() == [-1 if d.beds is None else d.beds for d in by_hand]
        kinds = saved.facet_values["kind"]
        assert [kinds[c - 1] for c in saved.facet_codes["kind"].tolist()] == [
            d.kind for d in by_hand
        ]
        for i, code in enumerate(saved.region_codes):
            members = saved.region_members(i).tolist()
            assert members == [d for d, doc in enumerate(by_hand) if code in doc.region_codes]


def test_a_damaged_column_file_is_recomputed_and_answers_stay_the_same(
    fresh_index: SearchIndex, places
) -> None:
    query = SearchQuery(text="养老院", region_codes=("331100",), per_page=50)
    before = fresh_index.search(query)
    for path in _column_files(fresh_index):
        path.write_bytes(b"not columns")
    reopened = SearchIndex(fresh_index.storage.root, places=places)
    after = reopened.search(query)
    assert [h.id for h in after.hits] == [h.id for h in before.hits]
    assert after.facets == before.facets
    assert all(path.stat().st_size > 100 for path in _column_files(fresh_index))  # saved again
    reopened.close()


def test_browse_order_across_segments_is_usable_now_then_name(
    fresh_index: SearchIndex, documents
) -> None:
    """Rows added by an upsert land in a new segment; the browse order merges them."""
    added = [
        replace(documents[i], id=90_000 + i, name=f"{i:02d}{documents[i].name}")
        for i in range(0, len(documents), 3)
    ]
    fresh_index.upsert(added)
    results = fresh_index.search(SearchQuery(per_page=100))
    everything = {doc.id: doc for doc in [*documents, *added]}
    year = date.today().year
    keys = [
        (usable_now_rank(d.status, d.end_year, year), d.name)
        for d in (everything[h.id] for h in results.hits)
    ]
    visible = [d for d in everything.values() if not d.withdrawn]
    assert len(keys) == len(visible)
    assert keys == sorted(keys)
