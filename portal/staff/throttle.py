"""Bound password guessing: failed logins per account and per address, in the database.

After ``LOGIN_FREE_FAILURES`` failures of one account (``LOGIN_ADDRESS_FREE_FAILURES`` of one
address) every further attempt waits: 30 s, then twice as long after each failure, up to
``LOGIN_MAX_LOCK_SECONDS``. While waiting even the right password is refused, so guessing
costs time whatever the answer. Counts live in the database, so all processes and hosts agree;
a success clears the account's count, and counts older than a day are forgotten.
"""

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.models import LoginThrottle
from portal.models._types import utcnow

_FIRST_WAIT_SECONDS = 30
_FORGET_AFTER = timedelta(days=1)


def throttle_keys(username: str, address: str | None) -> dict[str, int]:
    """The counters a login attempt touches, with the failures each allows for free."""
    config = current_app.config
    keys = {f"user:{username[:200]}": config["LOGIN_FREE_FAILURES"]}
    if address:
        keys[f"addr:{address[:100]}"] = config["LOGIN_ADDRESS_FREE_FAILURES"]
    return keys


def seconds_to_wait(session: Session, keys: dict[str, int]) -> int:
    """How long before any of ``keys`` may try again (0: now)."""
    now = utcnow()
    waits = [0]
    for key in keys:
        row = session.get(LoginThrottle, key)
        if row is not None and row.locked_until is not None:
            waits.append(int((_aware(row.locked_until) - now).total_seconds()) + 1)
    return max(waits)


def record_failure(session: Session, keys: dict[str, int]) -> None:
    """Count one failed attempt against every key, atomically (concurrent failures all count).

    Counters idle for a day are deleted first, so guessing random names cannot grow the table
    beyond one day's failures.
    """
    now = utcnow()
    session.exec(
        delete(LoginThrottle).where(
            LoginThrottle.last_failure_at < now - _FORGET_AFTER,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
        )
    )
    for key, free in keys.items():
        row = session.get(LoginThrottle, key)
        if (
            row is not None
            and row.last_failure_at
            and now - _aware(row.last_failure_at) > _FORGET_AFTER
        ):
            row.failures, row.locked_until = 0, None
            session.flush()
        counted = session.exec(
            update(LoginThrottle)
            .where(LoginThrottle.key == key)
            .values(failures=LoginThrottle.failures + 1, last_failure_at=now)
        )
        if counted.rowcount == 0:
            try:
                with session.begin_nested():
                    session.add(LoginThrottle(key=key, failures=1, last_failure_at=now))
            except IntegrityError:  # another process counted the first failure just now
                session.exec(
                    update(LoginThrottle)
                    .where(LoginThrottle.key == key)
                    .values(failures=LoginThrottle.failures + 1, last_failure_at=now)
                )
        row = session.get(LoginThrottle, key, populate_existing=True)
        if row.failures >= free:
            cap = current_app.config["LOGIN_MAX_LOCK_SECONDS"]
            wait = min(cap, _FIRST_WAIT_SECONDS * 2 ** min(row.failures - free, 16))
            row.locked_until = now + timedelta(seconds=wait)
            session.add(row)


def clear_account(session: Session, username: str) -> None:
    """A successful login: the account starts afresh (the address keeps its count)."""
    row = session.get(LoginThrottle, f"user:{username[:200]}")
    if row is not None:
        session.delete(row)


def _aware(moment: datetime) -> datetime:
    # Datetimes are stored as UTC; a naive one read back is UTC too.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
