"""The production server of ``make run``: gunicorn with gunicorn.conf.py, several workers
forked from a master that loaded the app (first start included), serving real pages.
"""

import os
import urllib.parse
import urllib.request

from tests.indexing.servers import GunicornServer

# data/plans/000_4fe4d2000453b318.txt:427 — "黄岩红豆杉颐养苑养老院(三期)", brackets made full-width
# (the query word is highlighted, so the page holds the rest of the name as one piece)
HONGDOUSHAN = "颐养苑养老院（三期）"


def page(server: GunicornServer, path: str) -> tuple[int, str]:
    with urllib.request.urlopen(server.base + path, timeout=60) as response:
        return response.status, response.read().decode()


def results(query: str) -> str:
    return "/facilities/?" + urllib.parse.urlencode({"q": query})


def test_gunicorn_serves_the_first_start_from_several_workers_and_stops_cleanly(app, tmp_path):
    """An empty database: the preloaded master imports data/ and builds the index, then forks."""
    server = GunicornServer(
        {
            "PORTAL_DATABASE_URL": app.config["DATABASE_URL"],
            "PORTAL_INDEX_DIR": str(tmp_path / "server-index"),
            "PORTAL_UPLOAD_DIR": str(tmp_path / "uploads"),
            "PORTAL_SECRET_KEY": "test-secret-not-for-production",
            "PORTAL_BOOTSTRAP_ON_START": "true",
            "WEB_CONCURRENCY": "2",
        },
        tmp_path / "gunicorn.log",
    )
    server.start()
    try:
        workers = server.workers(expected=2)
        assert len(workers) >= 2, server.tail()
        assert page(server, "/")[0] == 200
        status, body = page(server, results("养老院"))
        assert status == 200
        status, body = page(server, results("红豆杉"))
        assert status == 200 and HONGDOUSHAN in body
        # Several requests at once are answered, whichever worker takes them.
        for _ in range(6):
            assert page(server, results("托育"))[0] == 200
    finally:
        server.stop()
    assert server.process is not None and server.process.returncode == 0, server.tail()
    for pid in workers:
        assert not os.path.exists(f"/proc/{pid}"), f"worker {pid} outlived the master"
