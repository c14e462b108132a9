"""In-process time of the whole results page (issue 16), with the page cache off and on.

    .venv/bin/python benchmarks/results_page.py                      # the imported plans
    .venv/bin/python benchmarks/results_page.py --generated 100000   # generated facilities
    .venv/bin/python benchmarks/results_page.py --profile 25         # cProfile, top 25

Each URL of a fixed mix (``search.py``'s queries) is fetched through Flask's test client,
once to compile templates and warm the index, then ``--rounds`` times; the figures are the
median and p95 in ms over all fetches. "off" sets ``PAGE_CACHE_MB`` to 0 (every request builds
the page); "on" uses the configured cache (every timed fetch after the first is a hit).

The plans' app is made by the real first start in a temporary folder. Generated sets (see
``search.py``: gazetteer counties, kind words, random numbers) are kept in ``--folder``
(default ``/tmp/carefinder-bench-<n>``) and reused by later runs.
"""

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from search import QUERIES, fill_database  # noqa: E402

from portal import create_app  # noqa: E402
from portal.core.db import get_session  # noqa: E402
from portal.indexing import rebuild, search_index  # noqa: E402
from portal.search import SearchQuery  # noqa: E402

URLS = ["/facilities/", *("/facilities/?" + urlencode(params) for _l, _q, params in QUERIES)]


def plans_app(folder: Path):
    return create_app({"DATABASE_URL": f"sqlite:///{folder}/p.sqlite", "INDEX_DIR": f"{folder}/ix"})


def generated_app(count: int, folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    fresh = not (folder / "done").exists()
    app = create_app(
        {
            "BOOTSTRAP_ON_START": False,
            "DATABASE_URL": f"sqlite:///{folder}/b.sqlite",
            "INDEX_DIR": f"{folder}/index",
        }
    )
    with app.app_context():
        if fresh:
            started = time.perf_counter()
            fill_database(count)
            rebuild(get_session())
            (folder / "done").write_text(str(count))
            print(f"built {count:,} facilities in {time.perf_counter() - started:.0f} s")
        search_index().search(SearchQuery())
    return app


def timed_pages(app, rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU ms of each fetch (CPU time is what other processes cannot inflate)."""
    client = app.test_client()
    samples: list[float] = []
    cpu: list[float] = []
    hits = 0
    for url in URLS:
        status = client.get(url).status_code
        if status == 404:  # a page past the last one (small data sets): not a results page
            continue
        assert status == 200, url
        for _round in range(rounds):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            hits += response.headers.get("X-Page-Cache") == "hit"
    if hits:
        print(f"{hits} of {len(samples)} timed pages came from the page cache")
    return samples, cpu


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2]
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {p50:6.2f} ms, p95 {p95:6.2f} ms ({len(ordered)} pages)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=0, help="facilities to generate")
    parser.add_argument("--folder", help="where a generated set is kept")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.generated:
            folder = Path(args.folder or f"/tmp/carefinder-bench-{args.generated}")
            app = generated_app(args.generated, folder)
        else:
            app = plans_app(Path(tmp))
        configured = app.config.get("PAGE_CACHE_MB", 0)
        for label, megabytes in (("off", 0), ("on", configured)):
            app.config["PAGE_CACHE_MB"] = megabytes
            if args.profile and label == "off":
                profiler = cProfile.Profile()
                profiler.enable()
                samples, cpu = timed_pages(app, args.rounds)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
            else:
                samples, cpu = timed_pages(app, args.rounds)
            print(f"cache {label:3} ({megabytes} MB): wall {summary(samples)}")
            print(f"{'':18} CPU  {summary(cpu)}")


if __name__ == "__main__":
    main()
