"""A rebuild with one process per core (``reindex`` of a large index) answers exactly as the
one-process build of the first start, and a failed share keeps the old index live."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from portal import indexing
from portal.core import db
from portal.search import ParallelBuildError, SearchIndex
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
# Place + kind, kind words, pinyin, initials, content, and every facility (no words).
QUERIES = ["台州 养老", "托育", "lishui", "jdz", "敬老院", "幼儿园", "床位", ""]


def api(client, query: str) -> dict:
    response = client.get("/api/v1/facilities", query_string={"q": query, "per_page": 100})
    assert response.status_code == 200
    return response.get_json()


def reindex_in_new_process(database_url: str, index_dir: Path) -> subprocess.CompletedProcess:
    """``flask reindex`` as staff run it, in a process of its own."""
    env = os.environ | {
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_INDEX_DIR": str(index_dir),
        "PORTAL_SECRET_KEY": "test-secret-not-for-production",
        "PORTAL_BOOTSTRAP_ON_START": "false",
        "PORTAL_INDEX_PARALLEL_MIN_FACILITIES": "0",  # the plans are small: split them anyway
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "portal", "reindex"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build stays in one process")
def test_reindex_in_one_process_per_core_answers_as_the_first_start_did(
    loaded_app, loaded_client, tmp_path
):
    index_dir = tmp_path / "parallel-index"
    done = reindex_in_new_process(loaded_app.config["DATABASE_URL"], index_dir)
    assert done.returncode == 0, done.stderr[-3000:]
    live = index_dir / (index_dir / "CURRENT").read_text().strip()
    segments = list(live.glob("*.seg"))
    assert len(segments) == os.cpu_count(), done.stdout + done.stderr  # one per process
    assert not list(live.glob("*.tmp")), "each share's spill folder is removed with it"

    parallel = make_app(
        tmp_path / "reader",
        DATABASE_URL=loaded_app.config["DATABASE_URL"],
        INDEX_DIR=str(index_dir),
        BOOTSTRAP_ON_START=False,
    ).test_client()
    for query in QUERIES:
        expected, got = api(loaded_client, query), api(parallel, query)
        assert got["total"] == expected["total"] > 0, query
        assert [f["id"] for f in got["results"]] == [f["id"] for f in expected["results"]], query


def broken_share():
    """A share whose database went away (module level: a spawned child unpickles it)."""
    raise ValueError("the database went away")
    yield  # a generator, as real shares are


def test_a_failed_share_raises_and_the_old_index_stays_live(loaded_app, tmp_path):
    index = SearchIndex(tmp_path / "index").open_or_create()
    before = index.storage.current_name()

    with pytest.raises(ParallelBuildError, match="the database went away"):
        index.rebuild_parallel([broken_share])
    assert index.storage.current_name() == before
    assert index.doc_count() == 0


def test_a_rebuild_beside_other_threads_still_uses_one_process_per_core(
    loaded_app, loaded_client, tmp_path
):
    """A web worker rebuilds after an import that replaced most of the index: its server
    and import threads are running, where a fork would copy the locks they hold."""
    index_dir = tmp_path / "threaded-index"
    app = make_app(
        tmp_path / "threaded",
        DATABASE_URL=loaded_app.config["DATABASE_URL"],
        INDEX_DIR=str(index_dir),
        BOOTSTRAP_ON_START=False,
        INDEX_PARALLEL_MIN_FACILITIES=0,
    )
    other_thread_done = threading.Event()
    other_thread = threading.Thread(target=other_thread_done.wait, name="request-thread")
    other_thread.start()
    try:
        with app.app_context():
            indexing.rebuild(db.get_session())
    finally:
        other_thread_done.set()
        other_thread.join()
    live = index_dir / (index_dir / "CURRENT").read_text().strip()
    assert len(list(live.glob("*.seg"))) == os.cpu_count()
    client = app.test_client()
    for query in QUERIES:
        expected, got = api(loaded_client, query), api(client, query)
        assert [f["id"] for f in got["results"]] == [f["id"] for f in expected["results"]], query
