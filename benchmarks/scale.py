"""The scale benchmark of issue 16: what a bigger province costs, size by size.

    .venv/bin/python benchmarks/scale.py --sizes 100000 500000     # make bench-scale
    .venv/bin/python benchmarks/scale.py --quick                   # 2,000 facilities

Per size, on the dataset of ``load.py`` (``datasets.py``, cached in instance-bench/<N>/):
- index build: the portal's ``rebuild`` from the database into a fresh folder, in its own
  process (time, the folder's size, the build process's peak RSS);
- start: ``gunicorn -c gunicorn.conf.py wsgi:app`` (as ``make run``) from process start to the
  first 200 results page;
- memory: sum of RSS and PSS over master and workers after one pass over the query mix;
- latency: every query of each class of the mix (``mix.py``) over HTTP, one client, ``--rounds``
  times; p50/p95 per class.
Then once: import apply speed, by ``import_xlsx.py`` (a generated .xlsx through the real
pipeline into an empty database; it does not depend on the size).
"""

import argparse
import http.client
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import datasets  # noqa: E402
import mix  # noqa: E402
from serving import portal_server  # noqa: E402

BUILD = "import sys, datasets; from pathlib import Path; print(datasets.build_index(sys.argv[1], Path(sys.argv[2])))"  # noqa: E501


def build(dataset: datasets.Dataset) -> None:
    folder = Path(tempfile.mkdtemp(prefix="scale-index-", dir=dataset.folder))  # fresh, own
    command = [sys.executable, "-c", BUILD, dataset.database_url, str(folder)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    output = subprocess.run(command, cwd=BENCH, capture_output=True, text=True, check=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds = float(output.stdout.strip().splitlines()[-1])
    size = datasets.folder_size(folder)
    # ru_maxrss of children is the largest child so far: only a new maximum is this build's.
    peak_text = f"{peak / 1024:.0f} MB" if peak > before else f"≤ {before / 1024:.0f} MB"
    print(f"index build: {seconds:.1f} s, folder {size / 1e6:.1f} MB, build peak RSS {peak_text}")
    shutil.rmtree(folder, ignore_errors=True)


def timed_get(connection: http.client.HTTPConnection, url: str) -> float:
    began = time.perf_counter()
    connection.request("GET", url, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{url}: HTTP {response.status}")
    return (time.perf_counter() - began) * 1000


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def serve(dataset: datasets.Dataset, rounds: int) -> None:
    logs = dataset.folder / "logs"
    logs.mkdir(exist_ok=True)
    with portal_server(dataset.server_env(), logs / "scale.log") as server:
        started = server.start(mix.url("养老院"))
        workers = len(server.pids()) - 1
        print(f"start to first results page: {started:.2f} s ({workers} workers up by then)")
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        for url in mix.mixed_urls():  # warm-up: each query of the mix once
            timed_get(connection, url)
        rss, pss = server.memory_mb()
        print(f"memory after a pass over the mix: RSS sum {rss:.0f} MB, PSS sum {pss:.0f} MB")
        classes = {
            label: [timed_get(connection, url) for _ in range(rounds) for url in urls]
            for label, urls in mix.class_urls().items()
        }
        connection.close()
    median_query = statistics.median(statistics.median(s) for s in classes.values())
    print(
        f"results page, 1 client, {rounds} rounds (median of class medians {median_query:.1f} ms):"
    )
    print(f"{'class':>14} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p95/median':>10}")
    for label, samples in classes.items():
        p95 = percentile(samples, 0.95)
        print(
            f"{label:>14} {len(samples):>8} {statistics.median(samples):8.1f} {p95:8.1f}"
            f" {p95 / median_query:10.2f}"
        )


def import_speed(rows: int) -> None:
    print(f"\n== import apply, {rows:,} generated rows (benchmarks/import_xlsx.py)")
    command = [sys.executable, str(BENCH / "import_xlsx.py"), "--rows", str(rows)]
    subprocess.run(command, cwd=BENCH.parent, check=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000])
    parser.add_argument("--quick", action="store_true", help="2,000 facilities, 1,000 rows")
    parser.add_argument("--rounds", type=int, default=3, help="passes over each class")
    parser.add_argument("--import-rows", type=int, default=None, help="10,000; 0 skips")
    args = parser.parse_args(argv)
    sizes = [2000] if args.quick else args.sizes
    rows = args.import_rows if args.import_rows is not None else (1000 if args.quick else 10_000)
    for size in sizes:
        dataset = datasets.ensure(size)
        load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
        print(f"\n== {size:,} facilities; load average {load} on {os.cpu_count()} CPUs (shared)")
        build(dataset)
        serve(dataset, args.rounds)
    if rows:
        import_speed(rows)


if __name__ == "__main__":
    main()
