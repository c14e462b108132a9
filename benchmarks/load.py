"""The load benchmark of issue 16: the results page under the production server, against a bare
"hello" route served the same way, measured with wrk in the same run.

    .venv/bin/python benchmarks/load.py --sizes 100000 500000     # make bench-load
    .venv/bin/python benchmarks/load.py --quick                   # 2,000 facilities, short runs
    .venv/bin/python benchmarks/load.py --sizes 100000 --env PORTAL_PAGE_CACHE_MB=0

Per size: the dataset (``datasets.py``: generated facilities, cached in instance-bench/<N>/)
is served by ``gunicorn -c gunicorn.conf.py wsgi:app`` as ``make run`` does; wrk walks the
query mix (``mix.py``: four classes, every class equally often) with 8 and 32 clients, then
each class alone with the first client count. Printed: the time from start to the first 200
results page, req/s and p50/p95/p99 per client count next to the hello route's req/s, each
class's p50/p95 and its p95 over the median of the class medians (issue 16: ≤ 3), and the
server's memory after the run (sum of RSS and PSS over the master and its workers).
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402
import mix  # noqa: E402
import wrk  # noqa: E402
from serving import hello_server, portal_server  # noqa: E402

READY_QUERY = "养老院"
TARGETS = (
    "issue 16 targets: 100k ≥ 300 req/s (8 clients), p95 ≤ 100 ms, p99 ≤ 250 ms; "
    "500k ≥ 100 req/s, p95 ≤ 300 ms; class p95 ≤ 3× the median query"
)


def parse_env(pairs: list[str]) -> dict[str, str]:
    env = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise SystemExit(f"--env wants KEY=VALUE, not {pair!r}")
        env[key] = value
    return env


def machine() -> str:
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return f"load average {load} on {os.cpu_count()} CPUs (shared machine)"


def run_portal(
    dataset: datasets.Dataset, clients: list[int], seconds: float, env: dict[str, str], logs: Path
) -> None:
    urls = mix.mixed_urls()
    headers = {"Accept-Language": "zh-CN,zh;q=0.9"}
    with portal_server({**dataset.server_env(), **env}, logs / "portal.log") as server:
        started = server.start(mix.url(READY_QUERY))
        workers = len(server.pids()) - 1
        print(f"start to first results page: {started:.2f} s ({workers} workers up by then)")
        wrk.run(server.base, urls, clients[0], min(5.0, seconds), headers)  # warm-up
        overall = {c: wrk.run(server.base, urls, c, seconds, headers) for c in clients}
        class_seconds = max(5.0, seconds / 4)
        classes = {
            label: wrk.run(server.base, class_urls, clients[0], class_seconds, headers)
            for label, class_urls in mix.class_urls().items()
        }
        rss, pss = server.memory_mb()
    with hello_server(logs / "hello.log") as hello:
        hello.start("/")
        floor = {c: wrk.run(hello.base, ["/"], c, min(seconds, 10.0)) for c in clients}

    print(
        f"{'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
        f" {'hello req/s':>11} {'portal/hello':>12}"
    )
    for c, result in overall.items():
        errors = result.non_2xx + result.socket_errors
        print(
            f"{c:>7} {result.per_second:8.1f} {result.p50_ms:8.1f} {result.p95_ms:8.1f}"
            f" {result.p99_ms:8.1f} {errors:>7} {floor[c].per_second:11.0f}"
            f" {result.per_second / floor[c].per_second:12.3f}"
        )
    answered = [result.p50_ms for result in classes.values() if result.requests]
    median_query = statistics.median(answered) if answered else 0.0
    print(
        f"per class ({clients[0]} clients, {class_seconds:.0f} s each; "
        f"median of class medians {median_query:.1f} ms):"
    )
    header = f"{'class':>14} {'queries':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}"
    print(f"{header} {'p95/median':>10} {'errors':>7}")
    for label, result in classes.items():
        errors = result.non_2xx + result.socket_errors
        if not result.requests or not median_query:  # nothing answered in the time given
            figures = f"{'—':>8} {'—':>8} {'—':>10}"
        else:
            ratio = result.p95_ms / median_query
            figures = f"{result.p50_ms:8.1f} {result.p95_ms:8.1f} {ratio:10.2f}"
        print(
            f"{label:>14} {len(mix.class_urls()[label]):>7} {result.per_second:8.1f}"
            f" {figures} {errors:>7}"
        )
    print(f"server memory after the run: RSS sum {rss:.0f} MB, PSS sum {pss:.0f} MB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000])
    parser.add_argument("--quick", action="store_true", help="2,000 facilities, 5 s runs")
    parser.add_argument("--duration", type=float, default=None, help="seconds per run (20)")
    parser.add_argument("--clients", default="8,32", help="comma-separated client counts")
    parser.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="for the portal server"
    )
    args = parser.parse_args(argv)
    sizes = [2000] if args.quick else args.sizes
    seconds = args.duration or (5.0 if args.quick else 20.0)
    clients = [int(c) for c in args.clients.split(",") if c.strip()]
    env = parse_env(args.env)
    wrk.ensure_wrk()
    print(TARGETS)
    for size in sizes:
        dataset = datasets.ensure(size)
        print(f"\n== {size:,} facilities, {seconds:.0f} s per run; {machine()}")
        if env:
            print("portal server env: " + " ".join(f"{k}={v}" for k, v in env.items()))
        logs = dataset.folder / "logs"  # the servers' own logs, kept for a look afterwards
        logs.mkdir(exist_ok=True)
        run_portal(dataset, clients, seconds, env, logs)


if __name__ == "__main__":
    main()
