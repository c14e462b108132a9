"""The anonymous results-page cache (issue 16): the same page as a fresh render, for that visitor
only, and never stale after an import or a correction (``portal/core/page_cache.py``)."""

import re

from portal.core.page_cache import HEADER, PageCache
from tests.conftest import PLANS, csrf_token, wait_for_job

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
JINGDEZHEN = "003_4e88682039944ece.txt"
# 003_4e88682039944ece.txt, table 1: "景德镇市社会福利中心项目".
WELFARE_CENTRE = "景德镇市社会福利中心项目"
URL = "/facilities/?q=%E6%99%AF%E5%BE%B7%E9%95%87"  # q=景德镇


def _token(html: str) -> str:
    match = CSRF.search(html)
    assert match
    return match.group(1)


def _without_token(html: str) -> str:
    return CSRF.sub('name="csrf_token" value=""', html)


def test_a_cached_page_is_the_fresh_page_with_the_visitors_own_token(loaded_app):
    first, second = loaded_app.test_client(), loaded_app.test_client()
    url = "/facilities/?q=%E6%89%98%E8%82%B2&kind=childcare_centre"  # q=托育
    fresh = first.get(url)
    assert fresh.headers[HEADER] == "miss"
    cached = second.get(url)
    assert cached.headers[HEADER] == "hit" and cached.status_code == 200
    # The same headers as a fresh page: security policy, what it varies by, the new session.
    for name in ("Content-Security-Policy", "Vary", "Content-Type"):
        assert cached.headers[name] == fresh.headers[name]
    assert "session=" in cached.headers["Set-Cookie"]
    fresh_html, cached_html = fresh.get_data(as_text=True), cached.get_data(as_text=True)
    assert _without_token(cached_html) == _without_token(fresh_html)
    # The second visitor's form carries a token of their own session, which the form accepts.
    assert _token(cached_html) != _token(fresh_html)
    answer = second.post(
        "/preferences", data={"csrf_token": _token(cached_html), "lang": "en", "next": url}
    )
    assert answer.status_code == 302
    refused = loaded_app.test_client().post(
        "/preferences", data={"csrf_token": _token(cached_html), "lang": "en", "next": url}
    )
    assert refused.status_code == 400  # another visitor's token is no good to anyone else


def test_language_and_text_size_get_their_own_pages(loaded_app):
    url = "/facilities/?q=%E5%85%BB%E8%80%81"  # q=养老
    chinese = loaded_app.test_client()
    chinese.get(url)
    assert chinese.get(url).headers[HEADER] == "hit"
    english = loaded_app.test_client()
    english.set_cookie("lang", "en")
    page = english.get(url)
    assert page.headers[HEADER] == "miss" and '<html lang="en">' in page.get_data(as_text=True)
    browser_english = loaded_app.test_client()  # no cookie: the browser's language decides
    page = browser_english.get(url, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert page.headers[HEADER] == "hit" and '<html lang="en">' in page.get_data(as_text=True)
    elder = loaded_app.test_client()
    elder.set_cookie("elder", "1")
    page = elder.get(url)
    assert page.headers[HEADER] == "miss"
    assert '<body class="elder-mode">' in page.get_data(as_text=True)
    assert '<body class="">' in chinese.get(url).get_data(as_text=True)


def test_an_import_and_a_correction_show_on_the_next_request(app, staff):
    visitor = app.test_client()
    visitor.get(URL)
    before = visitor.get(URL)
    assert before.headers[HEADER] == "hit" and WELFARE_CENTRE not in before.get_data(as_text=True)
    with (PLANS / JINGDEZHEN).open("rb") as handle:
        preview = staff.post(
            "/staff/import",
            data={"csrf_token": csrf_token(staff, "/staff/import"), "file": (handle, JINGDEZHEN)},
            content_type="multipart/form-data",
        )
    token = preview.get_data(as_text=True).split('name="token" value="', 1)[1].split('"', 1)[0]
    applied = staff.post(
        "/staff/import/apply",
        data={"csrf_token": csrf_token(staff, "/staff/import"), "token": token},
    )
    wait_for_job(staff, applied.headers["Location"])
    after = visitor.get(URL)
    assert after.headers[HEADER] == "miss" and WELFARE_CENTRE in after.get_data(as_text=True)
    assert visitor.get(URL).headers[HEADER] == "hit"

    found = staff.get("/staff/facilities?q=" + WELFARE_CENTRE).get_data(as_text=True)
    facility_id = re.search(r"/staff/facilities/(\d+)/edit", found).group(1)
    edit = f"/staff/facilities/{facility_id}/edit"
    staff.post(
        edit,
        data={
            "csrf_token": csrf_token(staff, edit),
            "source": "市民政局 2026-10 名录",
            "effective": "2026-10",
            "status": "operating",
        },
    )
    corrected = visitor.get(URL)
    assert corrected.headers[HEADER] == "miss"
    assert "市民政局 2026-10 名录" in corrected.get_data(as_text=True)


def test_logged_in_staff_never_get_or_fill_the_cache(app, staff):
    for _attempt in range(2):
        page = staff.get(URL)
        assert page.status_code == 200 and HEADER not in page.headers
        assert "/staff/" in page.get_data(as_text=True)  # the footer's staff link: per login
    assert app.test_client().get(URL).headers[HEADER] == "miss"  # staff stored nothing


def test_zero_megabytes_turns_it_off(app, client):
    app.config["PAGE_CACHE_MB"] = 0
    for _attempt in range(2):
        assert HEADER not in client.get(URL).headers
    assert "page_cache" not in app.extensions


def test_the_cache_holds_no_more_bytes_than_configured(app, client):
    app.config["PAGE_CACHE_MB"] = 0.03  # 31,457 bytes: a few pages of some 7 KB (no facilities)
    for number in range(12):
        assert client.get(f"{URL}&min_beds={number + 1}").headers[HEADER] == "miss"
    cache = app.extensions["page_cache"]
    assert 0 < cache.size <= 31_457 and 1 < len(cache) < 12
    # The least recently used went first: the last page is still there, the first is not.
    assert client.get(f"{URL}&min_beds=12").headers[HEADER] == "hit"
    assert client.get(f"{URL}&min_beds=1").headers[HEADER] == "miss"


def test_an_entry_larger_than_the_whole_cache_is_not_kept():
    cache = PageCache(max_bytes=1000)
    cache.put("small", b"x" * 100)
    cache.put("large", b"x" * 5000)
    assert cache.get("large") is None and cache.get("small") == b"x" * 100
    assert cache.size <= 1000


def test_a_value_never_passes_for_other_parameters(loaded_app):
    client = loaded_app.test_client()
    one_word = client.get(
        "/facilities/?q=%E5%85%BB%E8%80%81%26min_beds%3D300"
    )  # q="养老&min_beds=300"
    two_parameters = client.get("/facilities/?q=%E5%85%BB%E8%80%81&min_beds=300")
    assert two_parameters.headers[HEADER] == "miss"
    assert one_word.get_data() != two_parameters.get_data()
