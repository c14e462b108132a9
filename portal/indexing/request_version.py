"""The data version token as one request sees it: read from the database once per request.

Pages derived from the data (cached pickers, cached results pages) are keyed by it, so a
commit that bumps the version (``record_change``) is seen by the next request.
"""

from flask import current_app, g, has_request_context
from sqlalchemy import select

from portal.core import db
from portal.indexing.feed import DataState, data_state
from portal.models import DataVersion


def request_data_token() -> str:
    """``epoch:version`` of the committed data, the same for the whole request."""
    if not has_request_context():
        return data_state(db.get_session()).token
    token = g.get("data_token")
    if token is None:
        token = g.data_token = _read_token()
    return token


def _read_token() -> str:
    session = g.get("db_session")
    if session is not None:  # the request's reads so far: the same snapshot
        return data_state(session).token
    # A cached page's request needs nothing else from the database: one plain query, no
    # ORM session to open and close.
    with db.engine().connect() as connection:
        row = connection.execute(select(DataVersion.epoch, DataVersion.version)).first()
    return (DataState(row.epoch, row.version) if row else DataState("", 0)).token


def indexed_token() -> str | None:
    """The data version this process's index reflects now (no catching up; ``None`` before the
    index is opened): a page cached under a token must have been searched at that token."""
    index = current_app.extensions.get("search_index")
    return index.data_version() if index is not None else None
