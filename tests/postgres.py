"""PostgreSQL for the test run: one database per pytest process, one schema per app.

The server is ``PORTAL_TEST_POSTGRES_URL`` (``.ci/with_postgres.py`` sets it, finding or
starting one). Each process (each pytest-xdist worker) creates its own database
``test_<worker>_<pid>`` and drops it at the end, so parallel workers never meet; each app a
test makes gets a fresh schema in it (``search_path`` set in the URL), as fresh as the SQLite
file the same test gets on the other backend.
"""

import itertools
import os

import psycopg
from sqlalchemy.engine import URL, make_url

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def server_url() -> str:
    return os.environ.get("PORTAL_TEST_POSTGRES_URL") or DEFAULT_URL


def sqlalchemy_url(url: str) -> URL:
    """``url`` with the psycopg 3 driver, whatever scheme it was written with."""
    return make_url(url).set(drivername="postgresql+psycopg")


def libpq_url(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class WorkerDatabase:
    """This process's database on the test server, created on first use."""

    def __init__(self, server: str) -> None:
        self.server = sqlalchemy_url(server)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.name = f"test_{worker}_{os.getpid()}"
        self.created = False
        self._schemas = itertools.count(1)

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(libpq_url(self.server), autocommit=True)

    def url(self) -> URL:
        if not self.created:
            with self._admin() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{self.name}"')
            self.created = True
        return self.server.set(database=self.name)

    def new_schema_url(self) -> str:
        """A URL whose connections work in a new, empty schema of this process's database."""
        base = self.url()
        schema = f"s{next(self._schemas)}"
        with psycopg.connect(libpq_url(base), autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def drop(self) -> None:
        if self.created:
            with self._admin() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.created = False
