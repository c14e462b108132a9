"""Real server processes: killed between commit and index update, and two hosts on one database.

Servers are ``waitress-serve wsgi:app`` subprocesses (tests/indexing/servers.py) on the
database of the ``app`` fixture, with one staff account; imports go through the staff pages
over HTTP, searches through the JSON API.
"""

import contextlib
import threading
import time
import urllib.error
from http.client import HTTPException
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from portal import indexing
from portal.core import db
from portal.domain import NOT_CARE_KINDS
from portal.importer.pipeline import apply_import
from portal.indexing.sync import EXIT_BEFORE_INDEX_ENV
from portal.models import Facility, StaffUser
from tests.conftest import PLANS
from tests.indexing.servers import PortalServer, StaffBrowser

JINGDEZHEN = "003_4e88682039944ece.txt"  # 景德镇市, imported before the servers start
LISHUI = "001_4999b758cfac438e.txt"  # 丽水市, imported through a server
JIAXING = "002_91c2d8c99d12d04a.txt"  # 嘉兴市, likewise
# data/plans/001_4999b758cfac438e.txt:283 — "13	遂昌县北界中心敬老院 迁建工程	在建类 …"
LINE_283 = "北界中心敬老院"
PASSWORD = "correct horse battery staple"
CATCH_UP_LIMIT = 60.0  # seconds: a bound on "never", not a speed requirement


def live_facilities(app) -> int:
    with app.app_context(), db.transaction() as session:
        query = (
            select(func.count())
            .select_from(Facility)
            .where(Facility.withdrawn_at.is_(None), Facility.kind.not_in(NOT_CARE_KINDS))
        )
        return session.exec(query).one()


def data_token(app) -> str:
    with app.app_context(), db.transaction() as session:
        return indexing.data_state(session).token


def index_version(root: Path) -> str | None:
    """The data version a host's live index folder records (read from its disk)."""
    try:
        live = (root / "CURRENT").read_text().strip()
        return (root / live / "DATA_VERSION").read_text().strip()
    except FileNotFoundError:
        return None


@pytest.fixture
def prepared(app):
    """The database the servers share: 景德镇's plan and a staff account."""
    with app.app_context():
        plan, run = apply_import(JINGDEZHEN, (PLANS / JINGDEZHEN).read_bytes(), user="tester")
        assert run is not None, plan.fatal
        with db.transaction() as session:
            user = StaffUser(username="clerk", password_hash="")
            user.set_password(PASSWORD)
            session.add(user)
    return app


def server(app, folder: Path, name: str, **settings: str) -> PortalServer:
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        "PORTAL_DATABASE_URL": app.config["DATABASE_URL"],
        "PORTAL_INDEX_DIR": str(folder / f"{name}-index"),
        "PORTAL_SECRET_KEY": "test-secret-not-for-production",
        "PORTAL_BOOTSTRAP_ON_START": "true",
        **settings,
    }
    return PortalServer(env, folder / f"{name}.log")


def import_through(host: PortalServer, file_name: str) -> tuple[int, str]:
    browser = StaffBrowser(host)
    browser.log_in("clerk", PASSWORD)
    preview = browser.upload(file_name, (PLANS / file_name).read_bytes())
    return browser.apply_previewed(preview)


def test_a_server_killed_between_commit_and_index_update_is_consistent_after_restart(
    prepared, tmp_path
):
    """Finding 3a: after kill -9 there the index lacked the import until a manual reindex."""
    before = live_facilities(prepared)
    host = server(prepared, tmp_path, "host", PORTAL_INDEX_SYNC_SECONDS="0")
    host.start(extra_env={EXIT_BEFORE_INDEX_ENV: "1"})
    try:
        assert host.total() == before
        # The apply runs as a background job: the request may be answered (303 to the job's
        # page) before the job commits, or the process may die while it answers.
        with contextlib.suppress(urllib.error.URLError, HTTPException, ConnectionError):
            import_through(host, LISHUI)
        assert host.wait_exit() == 75  # at the hook: committed, index not yet told
        after = live_facilities(prepared)
        assert after > before  # the database has the import
        host.start()  # the same index folder, now behind the database; no manual step
        assert host.total() == after
        assert host.total(LINE_283) == 1
    finally:
        host.stop()


def test_a_second_host_serves_an_import_made_through_the_first_and_readers_never_see_a_mix(
    prepared, tmp_path
):
    if prepared.config["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("hosts share a database server (PostgreSQL); SQLite is one host's file")
    before = live_facilities(prepared)
    first = server(prepared, tmp_path, "first", PORTAL_INDEX_SYNC_SECONDS="0.5")
    second = server(prepared, tmp_path, "second", PORTAL_INDEX_SYNC_SECONDS="0.5")
    readings: list[tuple[int, object]] = []
    stop = threading.Event()

    def read_second_host() -> None:
        while not stop.is_set():
            status, body = second.get_json("/api/v1/facilities?q=")
            readings.append((status, body.get("total", body)))

    first.start()
    second.start()
    try:
        assert second.total() == before
        reader = threading.Thread(target=read_second_host)
        reader.start()
        status, page = import_through(first, LISHUI)
        assert status == 200, page[:500]
        # The apply is a background job on the first host: wait for its commit.
        after = before
        for _attempt in range(600):
            after = live_facilities(prepared)
            if after > before:
                break
            time.sleep(0.1)
        assert after > before
        deadline = time.monotonic() + CATCH_UP_LIMIT
        while second.total() != after and time.monotonic() < deadline:
            time.sleep(0.2)
        stop.set()
        reader.join()
        assert second.total() == after, second.tail()
        assert second.total(LINE_283) == 1
        assert readings  # the second host was read all through the import
        statuses = {status for status, _ in readings}
        totals = {total for _, total in readings}
        assert statuses == {200}, readings[:5]
        assert totals <= {before, after}, totals  # the old data or the new, never part of it

        # Unasked: with no request reaching it, the second host's timer catches up too.
        status, page = import_through(first, JIAXING)
        assert status == 200, page[:500]
        for _attempt in range(600):  # the first host's job commits in the background
            if live_facilities(prepared) > after:
                break
            time.sleep(0.1)
        wanted = data_token(prepared)
        deadline = time.monotonic() + CATCH_UP_LIMIT
        while index_version(tmp_path / "second-index") != wanted:
            assert time.monotonic() < deadline, second.tail()
            time.sleep(0.2)
        assert second.total() == live_facilities(prepared) > after
    finally:
        stop.set()
        first.stop()
        second.stop()
