"""The search index is a function of the database (issue 10, finding 3; issue 17, many hosts).

Every apply writes a data version and the changed facility ids in its own transaction; each
host's index records the version it reflects and catches up by itself — on start, after a
commit, on every search — incrementally, or by rebuilding when it is missing, damaged or from
another database. A busy index defers the update instead of failing a committed apply.
All through the real import pipeline, the real app factory and HTTP through the test client.
"""

import io
import shutil
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func
from sqlmodel import select

from portal import indexing
from portal.core import db
from portal.domain import NOT_CARE_KINDS
from portal.importer.pipeline import apply_import
from portal.importer.tabular import TEMPLATE_COLUMNS
from portal.indexing.feed import DataState
from portal.models import DataVersion, Facility, FacilityChange
from portal.search.index import FRESH_SEGMENT_DOCUMENTS
from tests.conftest import PLANS, make_app

JINGDEZHEN = "003_4e88682039944ece.txt"  # 景德镇市 (data/plans/plans.yaml)
LISHUI = "001_4999b758cfac438e.txt"
# data/plans/001_4999b758cfac438e.txt:283 — "13	遂昌县北界中心敬老院 迁建工程	在建类 …"
LINE_283 = "北界中心敬老院"


def apply(app, name: str):
    with app.app_context():
        plan, run = apply_import(name, (PLANS / name).read_bytes(), user="tester")
    assert run is not None, plan.fatal
    return run


def live_facilities(app, *, care_only: bool = True) -> int:
    """What a search with no words must find: every care facility not withdrawn (related
    projects are left out unless asked for), per the database."""
    with app.app_context(), db.transaction() as session:
        query = select(func.count()).select_from(Facility).where(Facility.withdrawn_at.is_(None))
        if care_only:
            query = query.where(Facility.kind.not_in(NOT_CARE_KINDS))
        return session.exec(query).one()


def found(client, text: str = "") -> int:
    response = client.get("/api/v1/facilities", query_string={"q": text})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["total"]


def data_token(app) -> str:
    with app.app_context(), db.transaction() as session:
        return indexing.data_state(session).token


def live_folder(app) -> Path:
    root = Path(app.config["INDEX_DIR"])
    return root / (root / "CURRENT").read_text().strip()


def another_host(app, tmp_path: Path, name: str, **config):
    """A second app (host) on the same database, with its own index folder."""
    return make_app(
        tmp_path / name,
        DATABASE_URL=app.config["DATABASE_URL"],
        INDEX_DIR=str(tmp_path / name / "index"),
        **config,
    )


def test_every_apply_records_a_data_version_and_its_facilities_in_the_change_feed(app):
    apply(app, JINGDEZHEN)
    with app.app_context(), db.transaction() as session:
        assert indexing.data_version(session) == 1
        ids = set(session.exec(select(Facility.id)).all())
        changes = session.exec(select(FacilityChange)).all()
    assert ids and {c.facility_id for c in changes} == ids
    assert {c.version for c in changes} == {1}
    apply(app, JINGDEZHEN)  # the same file again changes nothing, so no new version
    with app.app_context(), db.transaction() as session:
        assert indexing.data_version(session) == 1


def test_the_index_records_the_data_version_it_reflects(app, client):
    apply(app, JINGDEZHEN)
    with app.app_context():
        assert indexing.search_index().data_version() == data_token(app)
    assert found(client) == live_facilities(app)


def test_a_host_notices_an_import_made_through_another_on_its_next_search(app, tmp_path):
    apply(app, JINGDEZHEN)
    second = another_host(app, tmp_path, "second", BOOTSTRAP_ON_START=True)
    before = found(second.test_client())
    assert before == live_facilities(app)
    apply(app, LISHUI)  # through the first host only
    assert found(second.test_client()) == live_facilities(app) > before
    assert found(second.test_client(), LINE_283) == 1
    with second.app_context():
        assert indexing.search_index().data_version() == data_token(app)
        assert indexing.synchronise() == indexing.Outcome.CURRENT


def test_a_host_catches_up_incrementally_and_rebuilds_an_index_of_another_database(app):
    apply(app, JINGDEZHEN)
    with app.app_context():
        assert indexing.synchronise() == indexing.Outcome.CURRENT
        with db.transaction() as session:
            facility = session.exec(select(Facility)).first()
            facility.name = facility.name + "（改建）"
            indexing.record_change(session, [facility.id])
        assert indexing.synchronise() == indexing.Outcome.UPDATED
        index = indexing.search_index()
        state = DataState.parse(index.data_version())
        other = DataState("another-database", state.version)
        index.storage.write_version(live_folder(app).name, other.token)
        assert indexing.synchronise() == indexing.Outcome.REBUILT
        assert index.data_version() == data_token(app)


def test_an_apply_while_the_index_is_locked_commits_and_the_index_catches_up(app, client):
    """Finding 3e: the apply returned 500 after 30 s although the database had committed."""
    apply(app, JINGDEZHEN)
    with app.app_context():
        index = indexing.search_index()
        with index.storage.write_lock(timeout=1):  # `reindex` in another process holds it
            plan, run = apply_import(LISHUI, (PLANS / LISHUI).read_bytes(), user="tester")
            assert run is not None and plan.fatal is None
            assert index.data_version() != data_token(app)  # deferred, not failed
    assert found(client, LINE_283) == 1  # the next search caught up
    assert found(client) == live_facilities(app)


def test_removing_the_index_while_serving_never_fails_a_request_and_reindex_recovers(app, client):
    """Finding 3b: every search was 500, still after `reindex` (a closed searcher was cached)."""
    apply(app, JINGDEZHEN)
    expected = live_facilities(app)
    assert found(client) == expected
    shutil.rmtree(app.config["INDEX_DIR"])
    assert found(client) == expected
    assert client.get("/api/v1/suggest", query_string={"q": "景德镇"}).status_code == 200
    assert client.get("/facilities/", query_string={"q": "养老"}).status_code == 200
    result = app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    for _ in range(3):
        assert found(client) == expected
    assert client.get("/facilities/map", query_string={"q": "养老"}).status_code == 200


def test_start_and_reindex_work_on_a_damaged_index(app, tmp_path):
    """Finding 3c: with a damaged index both exited (the start-up check ran first)."""
    apply(app, JINGDEZHEN)
    expected = live_facilities(app)
    for toc in live_folder(app).glob("*.toc"):
        toc.write_bytes(b"not an index")
    again = make_app(
        tmp_path / "restart",
        DATABASE_URL=app.config["DATABASE_URL"],
        INDEX_DIR=app.config["INDEX_DIR"],
        BOOTSTRAP_ON_START=True,
    )
    assert found(again.test_client()) == expected
    for toc in live_folder(app).glob("*.toc"):
        toc.write_bytes(b"not an index")
    result = again.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert found(again.test_client()) == expected


def test_a_truncated_segment_file_is_refused_and_rebuilt_instead_of_crashing(app, tmp_path):
    """Finding 3d: SIGBUS on every start until the folder was deleted by hand."""
    apply(app, JINGDEZHEN)
    expected = live_facilities(app)
    segments = list(live_folder(app).glob("*.seg"))
    assert segments
    for segment in segments:
        size = segment.stat().st_size
        with segment.open("r+b") as handle:
            handle.truncate(size // 2)
    again = make_app(
        tmp_path / "restart",
        DATABASE_URL=app.config["DATABASE_URL"],
        INDEX_DIR=app.config["INDEX_DIR"],
        BOOTSTRAP_ON_START=True,
    )
    assert found(again.test_client()) == expected
    assert found(again.test_client(), "景德镇") > 0


def test_a_database_without_the_version_row_still_records_changes(app):
    with app.app_context():
        with db.transaction() as session:
            session.exec(select(DataVersion)).one()  # made by the migration
            session.delete(session.exec(select(DataVersion)).one())
    apply(app, JINGDEZHEN)
    with app.app_context(), db.transaction() as session:
        assert indexing.data_version(session) == 1


def test_threads_sharing_the_searcher_see_the_old_data_or_the_new_during_an_apply(app):
    """One searcher for all threads; it is replaced, never closed under a running search."""
    import threading

    from portal.search import SearchQuery

    apply(app, JINGDEZHEN)
    before = live_facilities(app, care_only=False)  # the engine itself: every document
    seen: list[object] = []
    stop = threading.Event()

    def search() -> None:
        with app.app_context():
            while not stop.is_set():
                try:
                    seen.append(indexing.search_index().search(SearchQuery()).total)
                except Exception as error:  # noqa: BLE001 — any error is the failure
                    seen.append(error)

    threads = [threading.Thread(target=search) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        apply(app, LISHUI)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    after = live_facilities(app, care_only=False)
    assert seen and set(seen) <= {before, after}, [s for s in seen if s not in (before, after)]
    with app.app_context():
        assert indexing.search_index().search(SearchQuery()).total == after


def _project_list(rows: int, beds: int) -> bytes:
    """A staff-template project list of ``rows`` generated care centres with ``beds`` each
    (generated data lives only in tests and benchmarks)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("项目清单")
    sheet.append(list(TEMPLATE_COLUMNS))
    for i in range(1, rows + 1):
        name = f"莲都区紫金街道第{i}号养老服务中心"
        sheet.append(
            [i, "丽水市", "养老", name, "新建", "2024-2025", "莲都区紫金街道"]
            + [f"床位{beds}张", 100, "", "莲都区民政局", ""]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _search(client, text: str) -> dict:
    response = client.get("/api/v1/facilities", query_string={"q": text, "per_page": 100})
    assert response.status_code == 200
    return response.get_json()


def test_an_import_of_many_rows_is_one_new_segment_and_answers_as_a_rebuild_would(app, client):
    """Issue 16: an upsert of FRESH_SEGMENT_DOCUMENTS or more goes into one fresh segment
    beside the old ones; a second import replaces those rows in another. Searches over
    HTTP answer what the database holds, and what a rebuilt index answers."""
    apply(app, LISHUI)
    rows = FRESH_SEGMENT_DOCUMENTS + 50
    with app.app_context():
        segments = indexing.search_index().segment_count()
    queries = ["", "第1050号养老服务中心", "莲都 养老", "lishui", "北界中心敬老院"]

    for beds, added_segments in [(30, 1), (40, 2)]:
        with app.app_context():
            plan, run = apply_import("many.xlsx", _project_list(rows, beds), user="tester")
        assert run is not None, plan.fatal
        with app.app_context():
            assert indexing.search_index().segment_count() == segments + added_segments
        assert found(client) == live_facilities(app)
        top = _search(client, "莲都区紫金街道第1050号养老服务中心")["results"][0]
        assert top["name"] == "莲都区紫金街道第1050号养老服务中心"
        assert top["capacity"]["beds"] == beds  # the replaced version only
        assert found(client, LINE_283) == 1  # the plan's rows are still there
    answers = {text: _search(client, text) for text in queries}

    with app.app_context():
        assert indexing.synchronise(rebuild=True) == indexing.Outcome.REBUILT
    for text, answer in answers.items():
        rebuilt = _search(client, text)
        assert rebuilt["total"] == answer["total"], text
        assert {r["id"] for r in rebuilt["results"]} == {r["id"] for r in answer["results"]}, text
