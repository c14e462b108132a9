#!/usr/bin/env python3
"""Run a command with PORTAL_TEST_POSTGRES_URL naming a PostgreSQL server that answers.

    python .ci/with_postgres.py .venv/bin/pytest -n 2 --dist loadfile

In order: the server PORTAL_TEST_POSTGRES_URL already names; the project machines' server
postgresql://postgres@127.0.0.1:5432/test (trust authentication); else PostgreSQL from the
Debian packages (apt-get install postgresql), started for this run only in a temporary folder,
listening on loopback at a free port, stopped and removed afterwards. No containers. initdb
refuses to run as root, so as root the private server runs as the ``postgres`` user the
package creates. Standard library only: this runs before anything is installed.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def postgres_bin() -> str:
    """The folder of initdb/pg_ctl, installing the Debian packages if there are none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found and shutil.which("initdb"):
        return os.path.dirname(shutil.which("initdb"))
    if not found:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
            check=True,
            env=env,
        )
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def start_private_server() -> tuple[str, callable]:
    """Start a throw-away server; returns its URL and a function that stops and removes it."""
    bindir = postgres_bin()
    folder = tempfile.mkdtemp(prefix="carefinder-pg-")
    data = os.path.join(folder, "data")
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")
    port = free_port()
    subprocess.run(
        as_server_user(
            [f"{bindir}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    subprocess.run(
        as_server_user(
            [f"{bindir}/pg_ctl", "-D", data, "-o", options, "-l", f"{folder}/log", "-w", "start"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        as_server_user([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "test"]),
        check=True,
    )

    def stop() -> None:
        subprocess.run(
            as_server_user([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(folder, ignore_errors=True)

    return f"postgresql://postgres@127.0.0.1:{port}/test", stop


def main(command: list[str]) -> int:
    if not command:
        print(__doc__, file=sys.stderr)
        return 2
    url, stop = os.environ.get("PORTAL_TEST_POSTGRES_URL"), None
    if not url and answers("127.0.0.1", 5432):
        url = DEFAULT_URL
    if not url:
        url, stop = start_private_server()
        print(f"with_postgres: started a private server at {url}", file=sys.stderr)
    try:
        started = time.monotonic()
        result = subprocess.run(command, env={**os.environ, "PORTAL_TEST_POSTGRES_URL": url})
        print(f"with_postgres: done in {time.monotonic() - started:.0f} s", file=sys.stderr)
        return result.returncode
    finally:
        if stop is not None:
            stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
