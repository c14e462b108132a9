"""The production server: ``gunicorn -c gunicorn.conf.py wsgi:app`` (what ``make run`` starts).

Several worker processes, each with a few threads. The app (its database schema check, the
first-start import, the search index opened and warmed in ``wsgi.py``) is loaded once in the
master before the workers are forked, so the workers share those pages read-only instead of
each loading its own copy. Environment: ``HOST``/``PORT`` (default 127.0.0.1:5000),
``WEB_CONCURRENCY`` (workers, default one per core), ``PORTAL_THREADS`` (per worker, default 4),
``PORTAL_TIMEOUT`` (seconds), ``PORTAL_ACCESS_LOG`` (``-`` for stdout, a path, unset: off).
"""

import os
import socket
import sys
from pathlib import Path
from typing import Any


def _cores() -> int:
    # The cores this process may run on (a container's or taskset's limit), not the machine's.
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"]
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY") or _cores())
threads = int(os.environ.get("PORTAL_THREADS") or 4)
preload_app = True
# Each worker listens on its own socket and the kernel shares new connections among them.
# On one shared socket the worker that wakes first accepts a burst of connections alone: with
# 8 kept-alive clients, all 8 landed on one worker in 5 of 12 five-second windows (460 req/s
# on one core against 1,100–1,350 with both); with SO_REUSEPORT, in none of 16.
reuse_port = True

# A page that takes this long is stuck: the master replaces its worker (searches are far under).
timeout = int(os.environ.get("PORTAL_TIMEOUT") or 60)
graceful_timeout = 30  # a stop lets requests in flight finish for this long
keepalive = 5

# Bounded requests: the portal's URLs and forms are short; uploads are bounded by the app
# (MAX_CONTENT_LENGTH), headers here.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# Forwarded headers are believed by the app alone (PORTAL_TRUSTED_PROXIES, werkzeug's ProxyFix),
# so gunicorn believes none: one place decides who is a proxy.
forwarded_allow_ips = ""

# Nothing written outside the instance: no control socket (gunicorn ≥ 25 creates one in $HOME
# by default), no pid file; the heartbeat files live in memory where /dev/shm exists (a
# disk-backed temporary folder can block workers on fchmod).
control_socket_disable = True
pidfile = None
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None

accesslog = os.environ.get("PORTAL_ACCESS_LOG") or None  # off: one line per request costs
errorlog = "-"
loglevel = os.environ.get("PORTAL_LOG_LEVEL", "info")
proc_name = "carefinder"


def on_starting(server: Any) -> None:
    """Refuse to start on an address already in use. With ``reuse_port`` the master binds
    nothing and each worker binds with SO_REUSEPORT, which another server of the same user
    (an older portal left running) would share silently, answering half the requests."""
    for address in server.cfg.address:
        if not isinstance(address, tuple):  # a unix socket: gunicorn checks it itself
            continue
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(address[:2])
            except OSError as error:
                server.log.error(
                    "%s:%s is in use (%s): is the portal already running?", *address[:2], error
                )
                sys.exit(1)


def post_fork(server: Any, worker: Any) -> None:
    """Drop the database connections inherited from the master: a connection (a socket to
    PostgreSQL, an SQLite handle) used by two processes corrupts both sides' state. The worker
    opens its own on first use. ``close=False``: the master's connections stay the master's.
    """
    if not server.cfg.preload_app:
        return
    app = server.app.wsgi()
    engine = getattr(app, "extensions", {}).get("db_engine")
    if engine is not None:
        engine.dispose(close=False)
