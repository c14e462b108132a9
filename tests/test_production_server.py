"""The production server of ``make run``: gunicorn with gunicorn.conf.py, several workers
forked from a master that loaded the app (first start included), serving real pages.
"""

import http.client
import os
import re
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

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
        # Issue 16: kept-alive connections opened together are shared among the workers. On
        # one shared listening socket the first worker to wake took a whole burst (all 8 of a
        # load test's connections, one core serving while the other idled).
        held = _connections_per_worker(server, workers, count=16)
        assert sum(held.values()) == 16 and all(held.values()), held
        # A second server on the same address is refused, not given half the connections.
        second = subprocess.run(
            server.command(), env=server.env, capture_output=True, text=True, timeout=120
        )
        assert second.returncode != 0
        assert "is in use" in second.stderr and "already running" in second.stderr
    finally:
        server.stop()
    assert server.process is not None and server.process.returncode == 0, server.tail()
    for pid in workers:
        assert not os.path.exists(f"/proc/{pid}"), f"worker {pid} outlived the master"


def _connections_per_worker(server: GunicornServer, workers: list[int], count: int) -> dict:
    """Open ``count`` kept-alive connections in one burst while other clients keep the
    workers busy, one request each; how many each worker holds (from /proc: the sockets of
    its file descriptors)."""
    busy = threading.Event()

    def keep_busy() -> None:
        n = 0
        while not busy.is_set():
            n += 1
            page(server, results(f"养老 第{n}号"))  # a new query each time: no cached page

    load = [threading.Thread(target=keep_busy, daemon=True) for _ in range(4)]
    for thread in load:
        thread.start()
    time.sleep(1.0)
    connections = [
        http.client.HTTPConnection("127.0.0.1", server.port, timeout=60) for _ in range(count)
    ]
    try:
        for connection in connections:
            connection.connect()
        for connection in connections:
            connection.request("GET", "/")
        for connection in connections:
            response = connection.getresponse()
            response.read()
            assert response.status == 200 and not response.will_close
        ours = {f"127.0.0.1:{c.sock.getsockname()[1]}" for c in connections}
        inodes = _server_side_inodes(server.port, ours)
        return {pid: len(_socket_inodes(pid) & inodes) for pid in workers}
    finally:
        busy.set()
        for connection in connections:
            connection.close()
        for thread in load:
            thread.join(timeout=60)


def _server_side_inodes(port: int, clients: set[str]) -> set[str]:
    """Inodes of the server's ends of the connections from ``clients`` (/proc/net/tcp)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = fields[1], fields[2], fields[9]
        if int(local.split(":")[1], 16) == port and _address(remote) in clients:
            inodes.add(inode)
    return inodes


def _address(hex_address: str) -> str:
    host, port = hex_address.split(":")
    octets = [str(int(host[i : i + 2], 16)) for i in range(6, -1, -2)]  # little-endian IPv4
    return f"{'.'.join(octets)}:{int(port, 16)}"


def _socket_inodes(pid: int) -> set[str]:
    found = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            match = re.fullmatch(r"socket:\[(\d+)\]", os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:  # closed meanwhile
            continue
        if match:
            found.add(match.group(1))
    return found
