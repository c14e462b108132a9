"""Find care by pinyin and English on the imported plans (issue 14, findings 5, 6, 8, 12 and
issue 10, findings 2, 8 and 10), through HTTP as a visitor's browser asks.

Expected facilities come from the plan text, cited by file and line.
"""

import re
from urllib.parse import urlencode

import pytest

PLAN_LISHUI = "data/plans/001_4999b758cfac438e.txt"
PLAN_JIAXING = "data/plans/002_91c2d8c99d12d04a.txt"
PLAN_TAIZHOU = "data/plans/000_4fe4d2000453b318.txt"

# 莲都区 rows of plan 001's project list (附件1), with their 建设地点 column "莲都区".
LIANDU_ELDER = {
    "莲都区峰源乡居家养老服务中心",  # 001:273, 居家养老服务中心
    "莲都区幸福养老院项目",  # 001:292
    "丽水市中心医院智慧养老中心",  # 001:335
}
LIANDU_CHILD = {
    "丽水市天宸一号幼儿园",  # 001:341
    "丽水市莲都区星星幼儿园",  # 001:379
}
# 南湖区 childcare points of plan 002 (附表一):
# 南湖区新嘉街道 (002:837-839), 南湖区南湖街道 (002:855-857).
NANHU_CHILDCARE = {"新嘉街道托育服务点", "南湖街道托育服务点"}


def all_names(client, **params) -> list[str]:
    """Every facility name the API lists for ``params`` (all pages)."""
    names: list[str] = []
    page = 1
    while True:
        data = client.get(f"/api/v1/facilities?{urlencode({**params, 'page': page})}").get_json()
        names += [r["name"] for r in data["results"]]
        if page * data["per_page"] >= data["total"]:
            return names
        page += 1


@pytest.mark.parametrize("query", ["liandu", "lianduqu", "lian du", "LianDu"])
def test_pinyin_of_liandu_finds_every_liandu_facility(loaded_client, query):
    # 莲都 reads liándū (the district's official name Liandu), not pypinyin's liándōu.
    found = set(all_names(loaded_client, q=query))
    assert LIANDU_ELDER | LIANDU_CHILD <= found
    assert found == set(all_names(loaded_client, q="莲都"))


def test_pinyin_place_and_word_finds_what_the_chinese_query_finds(loaded_client):
    found = set(all_names(loaded_client, q="liandu yanglao"))
    assert LIANDU_ELDER <= found
    assert not found & LIANDU_CHILD  # kindergartens are not elder care
    assert found == set(all_names(loaded_client, q="莲都 养老"))


def test_nanhu_tuoyu_finds_nanhu_childcare_points(loaded_client):
    found = set(all_names(loaded_client, q="nanhu tuoyu"))
    assert NANHU_CHILDCARE <= found
    assert found == set(all_names(loaded_client, q="南湖 托育"))


@pytest.mark.parametrize(
    ("english", "chinese", "expected"),
    [
        ("care home", "养老院", {"莲都区幸福养老院项目"}),  # 001:292
        ("nursing home", "养老院", {"莲都区幸福养老院项目"}),
        ("elderly", "老年人", LIANDU_ELDER),
        ("home care", "居家养老", {"莲都区峰源乡居家养老服务中心"}),  # 001:273
        ("childcare", "托育", NANHU_CHILDCARE | {"玉环市人民医院托育中心"}),  # 000:819
        ("nursery", "托育", NANHU_CHILDCARE),
        ("infants", "婴幼儿", NANHU_CHILDCARE),
        ("kindergarten", "幼儿园", LIANDU_CHILD),
        ("day care", "日间照料", set()),  # no project of the five plans is a day-care centre
    ],
)
def test_english_words_find_what_their_chinese_words_find(
    loaded_client, english, chinese, expected
):
    found = set(all_names(loaded_client, q=english, lang="en"))
    assert expected <= found
    assert found == set(all_names(loaded_client, q=chinese))


def test_english_place_phrase(loaded_client):
    found = set(all_names(loaded_client, q="nursing home in lishui", lang="en"))
    assert "莲都区幸福养老院项目" in found
    assert found == set(all_names(loaded_client, q="丽水 养老院"))


def test_english_pages_print_pinyin_as_spaced_syllables(loaded_client):
    html = loaded_client.get("/facilities/?q=liandu&lang=en").get_data(as_text=True)
    assert "lián dū qū fēng yuán xiāng jū jiā yǎng lǎo fú wù zhōng xīn" in html
    assert "liándōu" not in html and "dōu" not in html


def test_nonsense_is_not_corrected_into_unrelated_names(loaded_client):
    data = loaded_client.get("/api/v1/facilities?q=asdfqwer zxcv 鸡鸭鹅狗").get_json()
    assert data["total"] == 0
    assert data["suggestions"] == []


def test_repeated_values_survive_in_every_link(loaded_client):
    html = loaded_client.get(
        "/facilities/?kind=care_home&kind=medical_care&region=331102&view=map"
    ).get_data(as_text=True)
    frame = re.search(r'<iframe class="map-frame" src="([^"]+)"', html).group(1)
    assert frame == "/facilities/map?kind=care_home&amp;kind=medical_care&amp;region=331102"
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', html)
    assert {("kind", "care_home"), ("kind", "medical_care"), ("region", "331102")} <= set(hidden)


def test_thousands_of_repeated_regions_stay_cheap(loaded_client):
    # Issue 10 finding 2: 3,000 region values made a 141 MB page (every chip copied every
    # other value). Values are deduplicated, limited to known places and to 50, and each
    # chip's link is built once, so the page stays the size of an ordinary results page.
    # (Speed is the benchmarks' business; the size is what grew quadratically.)
    regions = "&".join(f"region={code}" for code in range(3000))
    response = loaded_client.get(f"/facilities/?q=养老&{regions}")
    ordinary = loaded_client.get("/facilities/?q=养老")
    assert response.status_code == 200
    assert len(response.data) < 2 * len(ordinary.data)
    assert "没有找到地区代码" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/facilities/99999999999999999999999",
        "/facilities/99999999999999999999999/map",
        "/facilities/9223372036854775808",
    ],
)
def test_huge_facility_ids_are_not_found_not_errors(loaded_client, url):
    assert loaded_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query", ["page=²", "page=①", "page=" + "9" * 4400, "min_beds=²", "min_places=" + "9" * 30]
)
def test_odd_numbers_answer_with_a_message(loaded_client, query):
    for url in (f"/facilities/?{query}", f"/api/v1/facilities?{query}"):
        response = loaded_client.get(url)
        assert response.status_code == 200, url
        assert "500" not in response.get_data(as_text=True)[:200]


def test_a_page_after_the_last_one_says_so(loaded_client):
    total = loaded_client.get("/api/v1/facilities?q=托育").get_json()["total"]
    pages = -(-total // 20)
    response = loaded_client.get(f"/facilities/?q=托育&page={pages + 1}")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert f"没有第 {pages + 1} 页" in text
    assert f"page={pages}" in text  # a link to the last page
    api = loaded_client.get(f"/api/v1/facilities?q=托育&page={pages + 1}")
    assert api.status_code == 404 and "page" in api.get_json()["errors"]


def test_unknown_district_on_the_check_is_reported(loaded_client):
    html = loaded_client.get("/subsidies/check?applicant=older&region=999999&older_age=80")
    assert "未知的地区，请从列表中选择" in html.get_data(as_text=True)


def test_source_document_filter_lists_that_documents_facilities(loaded_client):
    # Issue 10 finding 10: /sources links to /facilities/?doc=<slug>, which was ignored.
    sources = loaded_client.get("/sources").get_data(as_text=True)
    links = re.findall(r'href="/facilities/\?doc=([^"]+)"', sources)
    assert links, "the sources page links to each document's facilities"
    totals = []
    for slug in links:
        data = loaded_client.get(f"/api/v1/facilities?doc={slug}").get_json()
        assert data["errors"] == {}
        assert all(r["source"]["document"] == slug for r in data["results"])
        totals.append(data["total"])
    everything = loaded_client.get("/api/v1/facilities").get_json()["total"]
    assert sum(totals) == everything


def test_hailing_is_a_near_choice(loaded_client):
    # Plan 004 is 泰州市海陵区's plan (data/plans/plans.yaml): its residents can pick it.
    html = loaded_client.get("/facilities/").get_data(as_text=True)
    assert '<option value="321202"' in html


def test_static_files_are_fingerprinted_and_kept(loaded_client):
    html = loaded_client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/portal\.css\?v=[0-9a-f]+)"', html).group(1)
    with loaded_client.get(css) as response:  # a static file is streamed: close it
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with loaded_client.get("/static/css/portal.css") as response:
        assert response.headers["Cache-Control"] == "no-cache"
    vary = loaded_client.get("/facilities/").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary
