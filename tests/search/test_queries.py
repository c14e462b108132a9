"""Real queries over real project names from the plans (the conftest's production documents)."""

from datetime import date

import pytest

from portal.geo.gazetteer import load_default
from portal.search import FacilityDocument, SearchIndex, SearchQuery

LIANDU, JINYUN, LISHUI = "331102", "331122", "331100"


def names(index: SearchIndex, query: SearchQuery) -> list[str]:
    results = index.search(query)
    by_id = {doc.id: doc.name for doc in index_documents(index)}
    return [by_id[hit.id] for hit in results.hits]


def index_documents(index: SearchIndex) -> list[FacilityDocument]:
    _, snapshot = index._current()
    return list(snapshot.columns.docs.values())


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("社会福利院", "台州市社会福利院"),
        ("社會福利院", "台州市社会福利院"),  # traditional characters
        ("敬老院", "乐平市乡镇敬老院功能提升建设项目"),
        ("红豆杉", "黄岩红豆杉颐养苑养老院（三期）"),  # not in jieba's dictionary
        ("hds", "黄岩红豆杉颐养苑养老院（三期）"),  # initials of 红豆杉
        ("peagym", "嘉兴市南湖区peagym英语成长中心托育服务设施项目"),
        ("ＰＥＡＧＹＭ", "嘉兴市南湖区peagym英语成长中心托育服务设施项目"),  # full width
        ("湘家荡", "嘉兴市湘家荡颐养中心（二、三期）"),
        ("2920", "黄岩区养老机构建设"),  # 新建养老床位2920张床位
        ("老年公寓", "丽水市医养结合社区老年公寓"),
    ],
)
def test_first_hit(built_index: SearchIndex, text: str, first: str) -> None:
    assert names(built_index, SearchQuery(text=text))[0] == first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # initials of a word: 养老院 (yly)
        (
            "yly",
            {"莲都区幸福养老院项目", "黄岩红豆杉颐养苑养老院（三期）", "缙云县壶镇养老院建设工程"},
        ),
        # initials of a place: 椒江区 (jjq); its streets 章安 (000:280), 葭沚 (000:290, 350,
        # 380), 海门 (000:310) and 洪家 (000:390) are where these rows are
        (
            "jjq",
            {
                "台州市社会福利院",
                "椒江区社会福利院改造项目",
                "椒江区医养中心",
                "心海社区幼儿园示范性托育服务中心项目",
                "中央花园小区示范性托育服务中心",
                "椒江区前洪幼儿园托育服务设施项目",
            },
        ),
        # quoted phrase: words in this order only
        (
            '"示范性托育服务中心"',
            {"中央花园小区示范性托育服务中心", "心海社区幼儿园示范性托育服务中心项目"},
        ),
        ('"托育服务中心 示范性"', set()),
    ],
)
def test_exact_result_sets(built_index: SearchIndex, text: str, expected: set[str]) -> None:
    assert set(names(built_index, SearchQuery(text=text, per_page=100))) == expected


def test_place_and_word_requires_the_place(built_index: SearchIndex, documents) -> None:
    """莲都 幼儿园: only 莲都区 facilities with the word."""
    results = built_index.search(SearchQuery(text="莲都 幼儿园"))
    assert results.interpreted_regions == [(LIANDU, "莲都")]
    docs = {doc.id: doc for doc in documents}
    hits = [docs[hit.id] for hit in results.hits]
    assert hits and all(doc.county_code == LIANDU for doc in hits)
    # The 二、托育领域 rows in 莲都区 of the set: 天宸一号 (001:341) and 星星 (001:379).
    assert {doc.name for doc in hits} == {"丽水市天宸一号幼儿园", "丽水市莲都区星星幼儿园"}


def test_place_alone_lists_that_place(built_index: SearchIndex, documents) -> None:
    results = built_index.search(SearchQuery(text="缙云", per_page=100))
    expected = {doc.id for doc in documents if doc.county_code == JINYUN}
    assert {hit.id for hit in results.hits} == expected
    assert results.interpreted_regions == [(JINYUN, "缙云")]


def test_traditional_equals_simplified(built_index: SearchIndex) -> None:
    simplified = built_index.search(SearchQuery(text="养老院", per_page=100))
    traditional = built_index.search(SearchQuery(text="養老院", per_page=100))
    assert simplified.total > 0
    assert [h.id for h in traditional.hits] == [h.id for h in simplified.hits]


@pytest.mark.parametrize("text", ["lishui", "li shui", "lishuishi", "LiShui"])
def test_pinyin_finds_lishui(built_index: SearchIndex, documents, text: str) -> None:
    results = built_index.search(SearchQuery(text=text, per_page=100))
    expected = {doc.id for doc in documents if doc.city_code == LISHUI}
    assert {hit.id for hit in results.hits} == expected


def test_tuoersuo_finds_tuoyu_projects(built_index: SearchIndex) -> None:
    found = names(built_index, SearchQuery(text="托儿所", per_page=100))
    for name in [
        "中央花园小区示范性托育服务中心",
        "新丰镇托育服务点",
        "缙云县妇幼保健院托育服务中心大楼项目",
        "嘉兴市南湖区peagym英语成长中心托育服务设施项目",
    ]:
        assert name in found
    # Kindergartens without 托班 (ages 3-6, 001:341) are not childcare for under-threes.
    assert "丽水市天宸一号幼儿园" not in found


def test_facets_ignore_their_own_filter(built_index: SearchIndex) -> None:
    results = built_index.search(SearchQuery(text="托育", kinds=("childcare_centre",)))
    # The set's 托育 rows by kind: 托班 in kindergartens (心海 000:351, 前洪, 南官, 小徐, 凤凰),
    # childcare centres, the centre for old and young (003:246), a 托育服务点; kindergartens
    # without 托班 are for ages 3–6 and do not match 托育.
    assert results.facets["kind"] == {
        "nursery_class": 5,
        "childcare_centre": 3,
        "combined": 1,
        "community_childcare": 1,
    }
    assert results.total == 3  # 中央花园, 缙云县妇幼保健院, peagym
    assert results.facets["audience"] == {"infants": 3}
    assert results.facets["city"] == {"330400": 1, "331000": 1, "331100": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # beds >= 500 in the plans: 1500 (000:280), 2920 (000:410), 950余 (001:293),
        # 500 (001:307), 668 (002:562), 300 + 300 (002:634), 750 (003:246)
        (
            SearchQuery(min_beds=500, per_page=100),
            {
                "台州市社会福利院",
                "黄岩区养老机构建设",
                "龙泉市养生养老中心",
                "缙云县壶镇养老院建设工程",
                "嘉兴市湘家荡颐养中心（二、三期）",
                "嘉善县魏塘街道健康颐养中心",
                "景德镇市社会福利中心项目",
            },
        ),
        # places >= 60: 60 (000:380), 3班×20 (000:460), 100 (002:768), 60 (002:786)
        (
            SearchQuery(min_places=60, per_page=100),
            {
                "中央花园小区示范性托育服务中心",
                "台州市路桥区南官实验幼儿园",
                "嘉兴市南湖区peagym英语成长中心托育服务设施项目",
                "新丰镇托育服务点",
            },
        ),
        (SearchQuery(text="养老", statuses=("proposed",)), {"浙西南中医养老护理康复中心工程"}),
        # 嘉兴's care homes; 魏塘 (300 medical + 300 care beds) is combined medical care
        (
            SearchQuery(region_codes=("330400",), kinds=("care_home",), per_page=100),
            {"嘉兴市湘家荡颐养中心（二、三期）", "秀洲区康养中心"},
        ),
        # 托育 in 椒江区 (葭沚, 洪家 streets) and 路桥区 (路北街道)
        (
            SearchQuery(text="托育", region_codes=("331002", "331004")),
            {
                "心海社区幼儿园示范性托育服务中心项目",
                "中央花园小区示范性托育服务中心",
                "椒江区前洪幼儿园托育服务设施项目",
                "台州市路桥区南官实验幼儿园",
            },
        ),
    ],
)
def test_filters(built_index: SearchIndex, query: SearchQuery, expected: set[str]) -> None:
    assert set(names(built_index, query)) == expected


def test_pagination_covers_everything_once(built_index: SearchIndex, documents) -> None:
    seen: list[int] = []
    first = built_index.search(SearchQuery(per_page=7))
    for page in range(1, first.pages + 1):
        seen += [hit.id for hit in built_index.search(SearchQuery(per_page=7, page=page)).hits]
    assert first.total == len(documents) and first.pages == 5
    assert sorted(seen) == sorted(doc.id for doc in documents)


def test_browse_lists_what_is_most_likely_usable_first(built_index: SearchIndex, documents) -> None:
    """Past the plan's completion year first, then planned, then no stated status; by name."""
    this_year = date.today().year
    docs = {doc.id: doc for doc in documents}
    got = [docs[hit.id] for hit in built_index.search(SearchQuery(per_page=100)).hits]

    def group(doc) -> int:
        if doc.status != "operating" and doc.end_year and doc.end_year < this_year:
            return 0  # the plan's completion year has passed: check its present state
        return {"under_construction": 1, "planned": 2, "proposed": 3}.get(doc.status, 4)

    assert [(group(d), d.name) for d in got] == sorted((group(d), d.name) for d in got)
    assert group(got[0]) == 0 and group(got[-1]) == 4  # 台州/丽水 rows due by 2025 lead


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("丽税", "丽水"), ("lishiu", "丽水"), ("椒江 敬佬院", "椒江 敬老院")],
)
def test_zero_results_suggest(built_index: SearchIndex, text: str, suggestion: str) -> None:
    results = built_index.search(SearchQuery(text=text))
    assert results.total == 0
    assert suggestion in results.suggestions


def test_relaxed_when_no_facility_has_every_word(built_index: SearchIndex) -> None:
    results = built_index.search(SearchQuery(text="湘家荡 红豆杉"))
    assert results.relaxed and results.total == 2


def test_distance_sort(built_index: SearchIndex, documents) -> None:
    # From 莲都区's point in the gazetteer: 莲都区 rows first, rows without coordinates last.
    liandu = load_default().get(LIANDU)
    origin = (liandu.lat, liandu.lon)
    results = built_index.search(SearchQuery(sort="distance", origin=origin, per_page=100))
    distances = [hit.distance_km for hit in results.hits]
    placed = [d for d in distances if d is not None]
    # Ordered by an equirectangular distance; geodesic figures agree to well under a kilometre.
    assert all(b >= a - 1 for a, b in zip(placed, placed[1:], strict=False))
    assert distances[: len(placed)] == placed  # no coordinates → at the end
    assert distances[0] == pytest.approx(0.0, abs=0.01)
    assert len(placed) == sum(1 for doc in documents if doc.lat is not None)


def test_distance_sort_needs_an_origin() -> None:
    with pytest.raises(ValueError, match="origin"):
        SearchQuery(sort="distance")


def test_highlights_mark_matches(built_index: SearchIndex) -> None:
    hit = built_index.search(SearchQuery(text="養老院")).hits[0]
    assert "<mark>" in "".join(hit.highlights.values())


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("丽水", "丽水市合众养护院项目"),
        ("lishui", "丽水市合众养护院项目"),
        ("lss", "丽水市合众养护院项目"),
        ("福利", "台州市社会福利院"),
        ("xfz", "新丰镇托育服务点"),
    ],
)
def test_suggest_names(built_index: SearchIndex, prefix: str, expected: str) -> None:
    suggestions = built_index.suggest(prefix, limit=8)
    assert expected in suggestions and len(suggestions) <= 8
