"""Bounded reading of request parameters: every page and the API parse numbers and lists here.

Python's own parsing is too forgiving for input from the web: ``str.isdigit()`` accepts ``²``
and ``①`` (then ``int()`` raises), ``int()`` refuses 4,301+ digits, SQLite refuses integers
beyond 64 bits, and a URL can carry ~20,000 repeated values. These functions accept ASCII
digits only, cap lengths and counts, and never raise for what a visitor typed.
"""

import re
from collections.abc import Collection, Iterable

MAX_DIGITS = 9  # below 2**31 and far beyond any page number, bed count or age
MAX_REPEATED = 50  # more distinct values of one parameter than any form offers
_ASCII_DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


def ascii_int(raw: str | None, *, upper: int, lower: int = 0) -> int | None:
    """The integer written in ``raw`` (ASCII digits, surrounding spaces allowed) if it lies
    within ``lower..upper``; ``None`` for anything else: empty, signs, ``²``, ``①``, floats,
    or more than :data:`MAX_DIGITS` digits.
    """
    text = (raw or "").strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if lower <= value <= upper else None


def distinct_values(
    values: Iterable[str], *, allowed: Collection[str] | None = None, limit: int = MAX_REPEATED
) -> tuple[str, ...]:
    """The first ``limit`` distinct non-empty values, in order, kept only if ``allowed`` (when
    given) holds them. Reading stops after ``limit`` distinct values, so the work done is bounded
    by ``limit`` and by the (server-bounded) length of the query string, never quadratic.
    """
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip()
        if not value or value in seen or (allowed is not None and value not in allowed):
            continue
        seen[value] = None
        if len(seen) >= limit:
            break
    return tuple(seen)
