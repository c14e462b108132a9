"""Defaults for every setting; each can be overridden by an environment variable ``PORTAL_<NAME>``.

Paths left as ``None`` are placed in the instance folder by :func:`portal.create_app`,
so a fresh clone runs without configuration.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Generated at first start when not configured; set PORTAL_SECRET_KEY in production.
SECRET_KEY: str | None = None
DATABASE_URL: str | None = None  # default: sqlite:///<instance>/carefinder.sqlite
INDEX_DIR: str | None = None  # default: <instance>/index
UPLOAD_DIR: str | None = None  # default: <instance>/uploads (files between preview and apply)
DATA_DIR = str(PROJECT_ROOT / "data")
# How often a web process checks the database's data version (other hosts' imports); 0: never
# (searches and commits still check).
INDEX_SYNC_SECONDS = 2.0
# A rebuild of at least this many facilities runs one process per core (start-up, `reindex`,
# an import that replaces most of the index); 0: always, with more than one core. A spawned
# process costs ~4 s to start; one process indexes 5,000 facilities in ~20 s (~4 ms each).
INDEX_PARALLEL_MIN_FACILITIES = 5_000

# First start: create the database, import data/ and build the index when the database is empty.
BOOTSTRAP_ON_START = True

LANGUAGES = ("zh", "en")  # zh is Simplified Chinese (Babel: zh = zh_Hans_CN)
BABEL_DEFAULT_LOCALE = "zh"
BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")

PAGE_SIZE = 20
# Whole anonymous results pages kept in each process (portal/core/page_cache.py); 0: off.
PAGE_CACHE_MB = 64
MAX_UPLOAD_MB = 20
MAX_CONTENT_LENGTH = MAX_UPLOAD_MB * 1024 * 1024

# Map tiles are configuration, not a requirement: pages work (as lists) without them.
MAP_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MAP_TILES_ATTRIBUTION = "© OpenStreetMap contributors"
MAP_TILES_DATUM = "wgs84"  # "gcj02" for AutoNavi/Gaode tiles

GEOCODER = "offline"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# PORTAL_PRODUCTION=true (behind HTTPS) turns on Secure cookies and HSTS (create_app);
# either can be set on its own: PORTAL_SESSION_COOKIE_SECURE, PORTAL_STRICT_TRANSPORT_SECURITY.
PRODUCTION = False
SESSION_COOKIE_SECURE = False
STRICT_TRANSPORT_SECURITY = 0  # seconds of HSTS max-age; 0 sends no header
PRODUCTION_HSTS_SECONDS = 365 * 24 * 3600
TRUSTED_PROXIES = 0  # reverse proxies in front of the portal whose X-Forwarded-* to believe

# Staff logins: a login lasts at most STAFF_SESSION_HOURS and ends after STAFF_IDLE_MINUTES
# without a request; LOGIN_* bound guessing (per account and per address, in the database).
STAFF_SESSION_HOURS = 12
STAFF_IDLE_MINUTES = 30
LOGIN_FREE_FAILURES = 5  # failures before the account (or address) must wait
LOGIN_ADDRESS_FREE_FAILURES = 20  # one address may mistype for several accounts
LOGIN_MAX_LOCK_SECONDS = 15 * 60  # the wait doubles with each further failure up to this
WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
