"""Cold start (empty instance: create the database, import data/, build the index) and warm
start (everything in place) of the portal, each run in a fresh process as a server would.

    .venv/bin/python benchmarks/startup.py [--runs 3]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START = (
    "from portal import create_app; "
    "create_app({{'DATABASE_URL': 'sqlite:///{folder}/db.sqlite', 'INDEX_DIR': '{folder}/index'}})"
)


def start(folder: Path) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", START.format(folder=folder)], cwd=ROOT, check=True)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            cold.append(start(Path(tmp)))
            warm.extend(start(Path(tmp)) for _ in range(2))
    print(
        f"cold start (import 5 plans + build index), {runs} runs: "
        f"median {statistics.median(cold):.2f} s, max {max(cold):.2f} s"
    )
    print(
        f"warm start (reuse database and index), {len(warm)} runs: "
        f"median {statistics.median(warm):.2f} s, max {max(warm):.2f} s"
    )
    print(f"ratio cold/warm: {statistics.median(cold) / statistics.median(warm):.1f}×")


if __name__ == "__main__":
    main()
