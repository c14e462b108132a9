"""Facet counts and filters from the in-memory columns equal counting the documents by hand."""

from collections import Counter

import pytest

from portal.search import SearchIndex, SearchQuery


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
