"""Shared fixtures: apps on real SQLite databases and real Whoosh indexes in temporary folders.

``loaded_app`` is built once per test process by the real first start (all of data/ imported,
the index built) and must only be read. Tests that write get ``app``: an empty database with
the gazetteer's regions loaded, and an empty index of its own.
"""

import os
import re
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import create_app
from portal.core import db
from portal.places import load_regions
from tests.postgres import WorkerDatabase, server_url

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "data" / "plans"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
_SESSION_STARTED = time.time()


def pytest_terminal_summary(terminalreporter) -> None:
    """Say where this run's phone-size screenshots went (tests/browser writes them).

    Counted from the folder, not from memory, so a run under pytest-xdist reports them too.
    """
    taken = [p for p in SCREENSHOTS.glob("*.png") if p.stat().st_mtime >= _SESSION_STARTED - 1]
    if taken:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"{len(taken)} screenshots in {SCREENSHOTS}")


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--db",
        choices=("sqlite", "postgresql"),
        default=os.environ.get("PORTAL_TEST_DB")
        or ("postgresql" if os.environ.get("PORTAL_TEST_POSTGRES_URL") else "sqlite"),
        help="database backend for the whole run (env PORTAL_TEST_DB, or postgresql when "
        "PORTAL_TEST_POSTGRES_URL is set); default sqlite",
    )


_POSTGRES: WorkerDatabase | None = None  # this process's PostgreSQL database, under --db postgresql
_ENGINES: list = []  # every app's engine, disposed after each test (PostgreSQL connections)


def pytest_configure(config) -> None:
    global _POSTGRES
    if config.getoption("--db") == "postgresql":
        _POSTGRES = WorkerDatabase(server_url())


def pytest_unconfigure(config) -> None:
    if _POSTGRES is not None:
        for engine in _ENGINES:
            engine.dispose()
        _POSTGRES.drop()


def on_postgres() -> bool:
    return _POSTGRES is not None


def new_database_url() -> str | None:
    """A fresh, empty PostgreSQL schema's URL under --db postgresql, else None."""
    return _POSTGRES.new_schema_url() if _POSTGRES is not None else None


@pytest.fixture(autouse=True)
def _close_database_connections():
    """Give back each test's PostgreSQL connections (a pool per app would exhaust the server)."""
    yield
    for engine in _ENGINES:
        engine.dispose()


def pytest_collection_modifyitems(config, items) -> None:
    if config.getoption("--db") == "sqlite":
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            item.add_marker(pytest.mark.skip(reason=marker.kwargs.get("reason", "SQLite only")))


def make_app(folder: Path, **config) -> Flask:
    settings = {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{folder / 'test.sqlite'}",
        "INDEX_DIR": str(folder / "index"),
        "UPLOAD_DIR": str(folder / "uploads"),
        "SECRET_KEY": "test-secret-not-for-production",
        # No timer thread per test app: searches and commits still bring the index up to date.
        "INDEX_SYNC_SECONDS": 0,
    }
    if _POSTGRES is not None:
        settings["DATABASE_URL"] = _POSTGRES.new_schema_url()
    settings.update(config)
    application = create_app(settings)
    _ENGINES.append(application.extensions["db_engine"])
    return application


@pytest.fixture(scope="session")
def loaded_app(tmp_path_factory) -> Flask:
    """The portal after a real first start over data/. Read-only."""
    return make_app(tmp_path_factory.mktemp("loaded"))


@pytest.fixture(scope="session")
def loaded_client(loaded_app) -> FlaskClient:
    return loaded_app.test_client()


@pytest.fixture
def app(tmp_path) -> Flask:
    """An empty portal (tables and regions only) that tests may write to."""
    application = make_app(tmp_path, BOOTSTRAP_ON_START=False)
    with application.app_context():
        db.create_tables()
        with db.transaction() as session:
            load_regions(session)
    return application


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on ``url``, as a browser would submit it."""
    match = _CSRF.search(client.get(url).get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


@pytest.fixture
def staff(app, client) -> FlaskClient:
    """A client logged in as a staff member (through the real login form)."""
    with app.app_context():
        from portal.models import StaffUser

        with db.transaction() as session:
            user = StaffUser(username="clerk", password_hash="")
            user.set_password("correct horse battery staple")
            session.add(user)
    token = csrf_token(client, "/staff/login")
    response = client.post(
        "/staff/login",
        data={"csrf_token": token, "username": "clerk", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    return client


def wait_for_job(client, location: str) -> str:
    """Follow the progress page as a browser would, until it stops reloading itself."""
    for _attempt in range(600):
        html = client.get(location + "?lang=en").get_data(as_text=True)
        if 'http-equiv="refresh"' not in html:
            return html
        time.sleep(0.2)
    raise AssertionError("the import job never finished")
