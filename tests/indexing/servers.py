"""Real portal processes for the fault, many-host and production-server tests.

Each server is a subprocess serving ``wsgi:app`` (waitress, or gunicorn with the
``gunicorn.conf.py`` that ``make run`` uses), configured through ``PORTAL_*`` variables, and
spoken to over HTTP: a staff member logs in and imports through the real forms, visitors
search through the JSON API.
"""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_LIMIT = 180.0  # seconds a server may take to answer (a bound on a hang, not a speed test)
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
_FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
_ACTION = re.compile(r'action="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PortalServer:
    """``waitress-serve wsgi:app`` on a free loopback port, with the given settings."""

    def __init__(self, settings: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **settings}
        self.log = log
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "waitress", "--host=127.0.0.1", f"--port={self.port}",
            "--threads=4", "wsgi:app",
        ]  # fmt: skip

    def start(self, extra_env: dict[str, str] | None = None) -> "PortalServer":
        env = {**self.env, **(extra_env or {})}
        command = self.command()
        with self.log.open("a") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + START_LIMIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited with {self.process.returncode}: {self.tail()}")
            try:
                with urllib.request.urlopen(self.base + "/api/v1/suggest?q=a", timeout=5):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise AssertionError(f"server did not answer: {self.tail()}")

    def wait_exit(self, limit: float = 120.0) -> int:
        assert self.process is not None
        return self.process.wait(timeout=limit)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def get_json(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=60) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, {"error": error.read().decode(errors="replace")[:500]}

    def total(self, query: str = "") -> int:
        """How many facilities a visitor's search finds (the API's ``total``)."""
        status, body = self.get_json("/api/v1/facilities?" + urllib.parse.urlencode({"q": query}))
        assert status == 200, body
        return body["total"]


class GunicornServer(PortalServer):
    """``gunicorn -c gunicorn.conf.py wsgi:app``, as ``make run`` starts it, on a free port."""

    def __init__(self, settings: dict[str, str], log: Path) -> None:
        super().__init__(settings, log)
        self.env |= {"HOST": "127.0.0.1", "PORT": str(self.port)}

    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]

    def workers(self, expected: int = 1, limit: float = 60.0) -> list[int]:
        """The worker processes' ids (the master's children), once ``expected`` have booted.

        The master forks its workers one after another: the first may answer
        while the next is still being forked, so one look is not enough.
        """
        assert self.process is not None
        pid = self.process.pid
        deadline = time.monotonic() + limit
        while True:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            if len(children) >= expected or time.monotonic() > deadline:
                return [int(child) for child in children]
            time.sleep(0.1)


class StaffBrowser:
    """A staff member's browser: cookies, CSRF tokens, the login and import forms."""

    def __init__(self, server: PortalServer) -> None:
        self.server = server
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.server.base + path, timeout=120) as response:
            return response.read().decode()

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, str]:
        request = urllib.request.Request(
            self.server.base + path, data=body, headers={"Content-Type": content_type}
        )
        try:
            with self.opener.open(request, timeout=300) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode()
        return self.post(path, body, "application/x-www-form-urlencoded")

    def log_in(self, username: str, password: str) -> None:
        token = dict(_HIDDEN.findall(self.get("/staff/login")))["csrf_token"]
        status, page = self.post_form(
            "/staff/login", {"csrf_token": token, "username": username, "password": password}
        )
        assert status == 200, page[:500]

    def upload(self, file_name: str, data: bytes) -> str:
        """Upload a file on the import page; returns the preview page."""
        form = self.get("/staff/import")
        assert 'name="file"' in form, "not logged in: " + form[:300]
        token = dict(_HIDDEN.findall(form))["csrf_token"]
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{token}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        status, page = self.post(
            "/staff/import", b"".join(parts), f"multipart/form-data; boundary={boundary}"
        )
        assert status == 200, page[:1000]
        return page

    def apply_previewed(self, preview: str) -> tuple[int, str]:
        """Press the preview page's apply button: post its form with every hidden field."""
        for form in _FORM.findall(preview):
            action = _ACTION.search(form)
            if action and "apply" in action.group(1):
                fields = dict(_HIDDEN.findall(form))
                return self.post_form(action.group(1).replace("&amp;", "&"), fields)
        raise AssertionError("the preview page has no apply form")
