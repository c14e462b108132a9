"""A production server process for the benchmarks: gunicorn with the portal's gunicorn.conf.py,
exactly as ``make run`` starts it, on a free port; its start time and its memory.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")]
START_LIMIT = 600.0  # seconds: a bound on a hang (a big index may be caught up at start)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``gunicorn -c gunicorn.conf.py <app>`` with ``env`` added to this process's environment."""

    def __init__(self, app: str, env: dict[str, str], log: Path, pythonpath: str = "") -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.command = GUNICORN + ([f"--pythonpath={pythonpath}"] if pythonpath else []) + [app]
        self.env = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self, ready_path: str) -> float:
        """Start and wait for the first 200 on ``ready_path``; seconds from start to it."""
        began = time.perf_counter()
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        while time.perf_counter() - began < START_LIMIT:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited ({self.process.returncode}): {self.tail()}")
            try:
                with urllib.request.urlopen(self.base + ready_path, timeout=60) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - began
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        raise RuntimeError(f"no 200 on {ready_path} after {START_LIMIT:.0f} s: {self.tail()}")

    def pids(self) -> list[int]:
        """The master and its workers."""
        assert self.process is not None
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [pid, *(int(child) for child in children)]

    def memory_mb(self) -> tuple[float, float]:
        """(sum of RSS, sum of PSS) over master and workers, in MB. PSS divides each shared
        page among the processes that map it, so its sum is what the server really holds."""
        rss = pss = 0
        for pid in self.pids():
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                name, _sep, rest = line.partition(":")
                if name in ("Rss", "Pss"):
                    kilobytes = int(rest.split()[0])
                    rss += kilobytes if name == "Rss" else 0
                    pss += kilobytes if name == "Pss" else 0
        return rss / 1024, pss / 1024

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # gunicorn: graceful stop of every worker
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def portal_server(env: dict[str, str], log: Path) -> Server:
    """The portal as ``make run`` serves it (``wsgi:app``)."""
    return Server("wsgi:app", env, log)


def hello_server(log: Path) -> Server:
    """A bare Flask "hello" route under the same configuration: the floor to compare with."""
    return Server("hello_app:app", {}, log, pythonpath=str(ROOT / "benchmarks"))
