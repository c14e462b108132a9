"""Real queries over the imported plans: what a resident types, and what must come first."""

import pytest
from sqlmodel import select

from portal.core import db
from portal.indexing import search_index
from portal.models import Facility
from portal.search import SearchQuery


def search(app, text: str, **filters):
    with app.app_context():
        results = search_index().search(SearchQuery(text=text, per_page=50, **filters))
        with db.transaction() as session:
            rows = {f.id: f for f in session.exec(select(Facility))}
    return results, [rows[hit.id] for hit in results.hits]


def test_place_and_word_returns_that_places_childcare(loaded_app):
    results, rows = search(loaded_app, "莲都 托育")
    assert rows and all(f.county_code == "331102" for f in rows)  # 莲都区 only
    assert all(f.audience == "infants" for f in rows)


def test_traditional_characters_find_the_same_as_simplified(loaded_app):
    traditional, _ = search(loaded_app, "養老院")
    simplified, _ = search(loaded_app, "养老院")
    assert [h.id for h in traditional.hits] == [h.id for h in simplified.hits]
    assert simplified.total > 0


def test_pinyin_finds_lishui(loaded_app):
    results, rows = search(loaded_app, "lishui")
    assert results.total > 50
    assert all(f.city_code == "331100" for f in rows)


@pytest.mark.parametrize(
    "query, first",
    [
        ("社会福利院", "台州市社会福利院"),
        ("台州市社会福利院", "台州市社会福利院"),
        ("景德镇市社会福利中心", "景德镇市社会福利中心项目"),
        ("湘家荡颐养中心", "嘉兴市湘家荡颐养中心（二、三期）"),
    ],
)
def test_what_must_come_first(loaded_app, query, first):
    _results, rows = search(loaded_app, query)
    assert rows[0].name == first


def test_everyday_words_reach_the_plans_terms(loaded_app):
    _r, nursery = search(loaded_app, "托儿所")
    assert nursery and sum(f.audience == "infants" for f in nursery) >= len(nursery) * 0.8
    _r, homes = search(loaded_app, "敬老院")
    assert any("敬老院" in f.name for f in homes)


def test_filters_combine_with_text(loaded_app):
    results, rows = search(loaded_app, "养老", statuses=("under_construction",))
    assert rows and {f.status for f in rows} == {"under_construction"}
    assert results.facets["status"]["under_construction"] == results.total
