"""The data version and HTTP caching of API answers tied to it.

Every answer of the API (and every export) is a function of the request and of the data in the
database, so it is named by the data version: ``ETag`` and ``Last-Modified`` change exactly when
an import, a correction or a reference-data load changes what could be answered. A client that
sends ``If-None-Match`` with the current tag gets ``304`` without the search being run.

:func:`current_data_version` is the ONE place that says what the version is. It is computed
here from what the schema already records (the latest applied import, the newest facility
change, the size of the gazetteer, the content of the subsidies and services); when the data
layer publishes its own counter (``portal.indexing.data_version()``, kept in the same
transaction as every change), this function should return that instead and nothing else
needs to change.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import wraps
from typing import Any

from flask import Response, g, make_response, request
from flask_babel import get_locale
from sqlalchemy import func
from sqlmodel import Session, select

from portal.core.db import get_session
from portal.indexing import data_state
from portal.models import Facility, ImportRun, Region, ServicePackage, SourceDocument, Subsidy

# Answers may be reused for a minute without asking, then revalidated (a cheap 304).
CACHE_CONTROL = "public, max-age=60, must-revalidate"


@dataclass(frozen=True)
class DataVersion:
    tag: str  # opaque, changes whenever the data that answers depend on changes
    modified: datetime | None  # when the data last changed (UTC), if anything says so


def current_data_version(session: Session) -> DataVersion:
    """The version of the data the API and the exports answer from."""
    measures = (
        select(func.max(ImportRun.id)).where(ImportRun.applied.is_(True)),
        select(func.max(ImportRun.finished_at)),
        select(func.count(Facility.id)),
        select(func.max(Facility.updated_at)),
        select(func.count(Subsidy.id)),
        select(func.count(ServicePackage.id)),
        select(func.count(Region.code)),
        select(func.max(SourceDocument.imported_at)),
    )
    parts = list(session.exec(select(*(m.scalar_subquery() for m in measures))).one())
    parts.append(data_state(session).token)  # the change feed: imports and corrections
    parts.append(_reference_digest(session))
    stamps = [_aware(v) for v in parts if isinstance(v, datetime)]
    tag = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:20]
    return DataVersion(tag=tag, modified=max(stamps) if stamps else None)


def _reference_digest(session: Session) -> str:
    """A digest of the subsidies and service packages (some sixty rows): ``load-data`` replaces
    them in place, keeping their count and, on SQLite, their ids, so only content shows it."""
    digest = hashlib.sha256()
    for model in (Subsidy, ServicePackage):
        for row in session.exec(select(model).order_by(model.id)).all():
            digest.update(json.dumps(row.model_dump(mode="json"), sort_keys=True).encode())
    return digest.hexdigest()


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes for what was stored as UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def request_data_version() -> DataVersion:
    """The data version, computed once per request."""
    if "data_version" not in g:
        g.data_version = current_data_version(get_session())
    return g.data_version


def _etag(version: DataVersion, day: date | None) -> str:
    # The same URL answers in the visitor's language, so the language is part of the tag.
    key = f"{version.tag}|{get_locale()}|{request.full_path}|{day or ''}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _stamp(response: Response, etag: str, modified: datetime | None) -> Response:
    # Weak: compression (Flask-Compress) changes the bytes, not the meaning.
    response.set_etag(etag, weak=True)
    if modified is not None:
        response.last_modified = modified
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def cached_by_data_version(view: Callable[..., Any] | None = None, *, daily: bool = False) -> Any:
    """Answer ``304`` when the client holds the current answer; tag successful answers.

    ``daily``: the answer also depends on today's date (the check says which benefits are in
    force today), so the tag changes at midnight and nothing older than today is current.
    """
    if view is None:
        return lambda inner: cached_by_data_version(inner, daily=daily)

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        version = request_data_version()
        today = date.today() if daily else None
        modified = version.modified
        if today is not None:
            midnight = datetime.combine(today, time(), tzinfo=UTC)
            modified = max(modified, midnight) if modified else midnight
        etag = _etag(version, today)
        if request.if_none_match and request.if_none_match.contains_weak(etag):
            return _stamp(Response(status=304), etag, modified)
        if (
            not request.if_none_match
            and request.if_modified_since is not None
            and modified is not None
            and modified.replace(microsecond=0) <= request.if_modified_since
        ):
            return _stamp(Response(status=304), etag, modified)
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200:
            _stamp(response, etag, modified)
        return response

    return wrapper
