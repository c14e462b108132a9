"""An in-process cache of whole anonymous results pages (issue 16), bounded by bytes.

Why a stored page is the page the visitor would have got:

- The key holds everything the page is a function of: the database's data version token
  (``portal.indexing.data_state``: every import, correction and register apply bumps it in
  its own transaction, so the request after a commit has a new key and never sees the old
  page), today's date (statuses say "past its completion year" by date), the locale the
  visitor gets (language cookie, ``?lang=`` or Accept-Language, as ``select_locale`` decides),
  the elder-mode cookie, the path and the query string (pairs ordered by name, keeping the
  order of a name's repeated values, which is all the results page reads).
- Only anonymous visitors are served or stored: a session with a login (``_user_id``) or with
  flashed messages waiting is neither, and neither is any staff page (only the endpoints in
  :data:`CACHED_ENDPOINTS` are). Only ``200`` HTML answers to ``GET`` are stored.
- A page is stored only if this process's search index reflected the key's data version
  before the page was searched: an index update deferred behind another writer would have
  answered from older data.
- The one per-visitor value in a public page is the CSRF token of the language/text-size form
  (``base.html``; pages have no CSP nonce, ``portal.core.security``). It is swapped for a
  per-process random marker before the page is stored, and the marker for the visitor's own
  token (``generate_csrf``, which also starts their session as a fresh render would) when it
  is served: no visitor ever receives another's token.

``PAGE_CACHE_MB`` bounds the bytes held (bodies and keys); 0 turns the cache off. The least
recently used pages go first. Responses say ``X-Page-Cache: hit`` or ``miss`` when cacheable.
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf

CACHED_ENDPOINTS = frozenset({"facilities.index"})
HEADER = "X-Page-Cache"
ENTRY_OVERHEAD = 200  # bytes of bookkeeping per entry, counted against the bound
_LOGIN_KEYS = ("_user_id", "_flashes")


class PageCache:
    """A thread-safe LRU of page bodies, at most ``max_bytes`` of bodies and keys."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        cost = _cost(key, body)
        if cost > self.max_bytes:
            return  # one page larger than the whole cache is not kept
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= _cost(key, old)
            self._entries[key] = body
            self.size += cost
            while self.size > self.max_bytes:
                evicted_key, evicted = self._entries.popitem(last=False)
                self.size -= _cost(evicted_key, evicted)

    def __len__(self) -> int:
        return len(self._entries)


def _cost(key: str, body: bytes) -> int:
    return len(key.encode()) + len(body) + ENTRY_OVERHEAD


def page_cache() -> PageCache | None:
    """This app's cache, or ``None`` when ``PAGE_CACHE_MB`` is 0 (read per request: tests and
    benchmarks may change it)."""
    megabytes = float(current_app.config.get("PAGE_CACHE_MB") or 0)
    cache: PageCache | None = current_app.extensions.get("page_cache")
    if megabytes <= 0:
        return None
    limit = int(megabytes * 1024 * 1024)
    if cache is None or cache.max_bytes != limit:
        cache = current_app.extensions["page_cache"] = PageCache(limit)
    return cache


def _anonymous() -> bool:
    # Reading the signed cookie is cheap; loading the user (a database query) is not needed.
    if "remember_token" in request.cookies:  # Flask-Login's "remember me" would log them in
        return False
    return not any(key in session for key in _LOGIN_KEYS)


def page_key() -> str:
    """Everything a cached page is a function of (see the module's docstring)."""
    # Encoded again, so no value can pass for several parameters ("a&b=c" stays "a%26b%3Dc").
    query = urlencode(sorted(request.args.items(multi=True), key=lambda pair: pair[0]))
    parts = (
        _data_token(),
        date.today().isoformat(),
        str(get_locale()),
        "elder" if request.cookies.get("elder") == "1" else "",  # what base.html reads
        request.path,
        query,
    )
    return "\x00".join(parts)


def _data_token() -> str:
    return current_app.extensions["page_cache_data_token"]()


def _index_token() -> str | None:
    return current_app.extensions["page_cache_index_token"]()


def serve_cached() -> Response | None:
    """``before_request``: answer from the cache when this request may be, else note the key."""
    if request.method != "GET" or request.endpoint not in CACHED_ENDPOINTS:
        return None
    cache = page_cache()
    if cache is None or not _anonymous():
        return None
    key = page_key()
    body = cache.get(key)
    if body is None:
        # Stored later only if this process's index already reflects the key's data version
        # (an index update deferred behind another writer would search older data). The
        # index only moves forward, so the search then sees at least that version.
        # Before the process's first search there is no index yet to ask: asked after the view.
        g.page_cache_key = key
        indexed = _index_token()
        g.page_cache_storable = None if indexed is None else indexed == _data_token()
        return None
    marker = current_app.extensions["page_cache_marker"]
    html = body.replace(marker, generate_csrf().encode())
    response = Response(html, status=200, mimetype="text/html")
    response.headers[HEADER] = "hit"
    return response


def store_page(response: Response) -> Response:
    """``after_request``: keep a fresh anonymous 200 HTML page, its CSRF token swapped out."""
    key = g.pop("page_cache_key", None)
    if key is None:
        return response
    response.headers[HEADER] = "miss"
    cache = page_cache()
    storable = g.pop("page_cache_storable", False)
    if storable is None:
        storable = _index_token() == _data_token()
    cacheable = (
        cache is not None
        and storable
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not response.is_streamed
        and "_flashes" not in session  # a message flashed while answering is for this visitor
    )
    if cacheable:
        assert cache is not None
        body = response.get_data()
        token = g.get("csrf_token")
        if token:
            body = body.replace(token.encode(), current_app.extensions["page_cache_marker"])
        cache.put(key, body)
    return response


def init_app(
    app: Flask, data_token: Callable[[], str], index_token: Callable[[], str | None]
) -> None:
    """``data_token()``: the data version token of the request; ``index_token()``: the one the
    process's search index reflects (both from ``portal.indexing``, above ``portal.core``)."""
    app.extensions["page_cache_data_token"] = data_token
    app.extensions["page_cache_index_token"] = index_token
    # Unguessable, so no text a visitor types into a page can be taken for the marker.
    app.extensions["page_cache_marker"] = f"page-cache-csrf-{secrets.token_hex(16)}".encode()
    app.before_request(serve_cached)
    # Registered last, so it runs first after the view (Flask runs them in reverse): it sees
    # the page before compression.
    app.after_request(store_page)
