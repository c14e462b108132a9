"""HTML snippets with the query's words in ``<mark>``; everything else is escaped.

Matching runs on the normalised text (so ``養老院`` marks ``养老院`` and the reverse) and
the marks are placed on the ORIGINAL characters, which normalisation keeps one-to-one.
"""

from functools import lru_cache

from markupsafe import Markup, escape

from portal.search.analysis import normalize_same_length

SNIPPET_CHARS = 80
SHORT_TEXT_CHARS = 64


def _normalized(text: str) -> tuple[str, bool]:
    # Names and places come back on page after page (and 100 times a query in re-ranking):
    # normalise each once. Descriptions are long and varied, so they are not kept.
    if len(text) <= SHORT_TEXT_CHARS:
        return _normalized_short(text)
    return normalize_same_length(text)


_normalized_short = lru_cache(maxsize=65536)(normalize_same_length)


def highlight(text: str, terms: list[str], window: int | None = None) -> str | None:
    """Mark every occurrence of ``terms`` (longest first) in ``text``; ``None`` if none occur.

    With ``window``, return only about that many characters around the first match,
    with ``…`` where text was cut.
    """
    if not text or not terms:
        return None
    norm, aligned = _normalized(text)
    source = text if aligned else norm  # mark the normalised text if lengths differ
    spans = _spans(norm, terms)
    if not spans:
        return None
    start, end = 0, len(source)
    if window is not None and len(source) > window:
        start = max(0, spans[0][0] - window // 4)
        end = min(len(source), start + window)
        spans = [(s, e) for s, e in spans if s >= start and e <= end]
    parts: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        parts.append(escape(source[cursor:s]))
        parts.append(Markup("<mark>%s</mark>") % source[s:e])
        cursor = e
    parts.append(escape(source[cursor:end]))
    parts.append("…" if end < len(source) else "")
    return str(Markup("").join(parts))


def coverage(text: str, terms: list[str]) -> float:
    """Share of ``text``'s characters (normalised) covered by ``terms``, from 0 to 1."""
    norm = _normalized(text)[0]
    if not norm:
        return 0.0
    return sum(e - s for s, e in _spans(norm, terms)) / len(norm)


def _spans(norm: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) matches, longer terms winning, in text order."""
    present = [term for term in set(terms) if term and term in norm]
    if not present:
        return []  # most fields of most hits: no need to build the character map
    taken = [False] * len(norm)
    spans: list[tuple[int, int]] = []
    for term in sorted(present, key=len, reverse=True):
        at = norm.find(term)
        while at >= 0:
            end = at + len(term)
            if not any(taken[at:end]):
                spans.append((at, end))
                taken[at:end] = [True] * len(term)
            at = norm.find(term, end)
    return sorted(spans)
