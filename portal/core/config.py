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
DATA_DIR = str(PROJECT_ROOT / "data")
# How often a web process checks the database's data version (other hosts' imports); 0: never
# (searches and commits still check).
INDEX_SYNC_SECONDS = 2.0

# First start: create the database, import data/ and build the index when the database is empty.
BOOTSTRAP_ON_START = True

LANGUAGES = ("zh", "en")  # zh is Simplified Chinese (Babel: zh = zh_Hans_CN)
BABEL_DEFAULT_LOCALE = "zh"
BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")

PAGE_SIZE = 20
MAX_UPLOAD_MB = 20
MAX_CONTENT_LENGTH = MAX_UPLOAD_MB * 1024 * 1024

# Map tiles are configuration, not a requirement: pages work (as lists) without them.
MAP_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MAP_TILES_ATTRIBUTION = "© OpenStreetMap contributors"
MAP_TILES_DATUM = "wgs84"  # "gcj02" for AutoNavi/Gaode tiles

GEOCODER = "offline"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
