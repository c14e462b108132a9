"""Generated benchmark datasets, cached between runs under ``instance-bench/<N>/`` (gitignored).

A dataset is an SQLite database of N GENERATED facilities (``search.py``'s ``generate_rows``:
gazetteer counties of the plans' cities, real kind words, random numbers; generated here and
only here) and the search index built from it with the portal's own ``rebuild``. A folder
without its ``READY`` mark (a build that was interrupted) is built again from scratch. Builders
of one size take turns on ``instance-bench/<N>.lock``: a second run waits for the first's build
instead of deleting it half-way.
"""

import fcntl
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_ROOT = ROOT / "instance-bench"
READY = "READY"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


@dataclass(frozen=True)
class Dataset:
    size: int
    folder: Path

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.folder / 'carefinder.sqlite'}"

    @property
    def index_dir(self) -> Path:
        return self.folder / "index"

    def server_env(self) -> dict[str, str]:
        """The ``PORTAL_*`` settings of a server on this dataset."""
        return {
            "PORTAL_DATABASE_URL": self.database_url,
            "PORTAL_INDEX_DIR": str(self.index_dir),
            "PORTAL_UPLOAD_DIR": str(self.folder / "uploads"),
            "PORTAL_SECRET_KEY": "benchmark-secret-not-for-production",
        }


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def bench_app(database_url: str, index_dir: Path):  # -> Flask (imported late: slow import)
    from portal import create_app

    return create_app(
        {"BOOTSTRAP_ON_START": False, "DATABASE_URL": database_url, "INDEX_DIR": str(index_dir)}
    )


def build_index(database_url: str, index_dir: Path) -> float:
    """Rebuild the index in ``index_dir`` from the database with the portal's code; seconds."""
    from portal.core.db import get_session
    from portal.indexing import rebuild
    from portal.places import place_words

    app = bench_app(database_url, index_dir)
    with app.app_context():
        place_words()  # the gazetteer's words, loaded once per process (not index work)
        started = time.perf_counter()
        rebuild(get_session())
        return time.perf_counter() - started


def ensure(size: int) -> Dataset:
    """The dataset of ``size`` facilities, built (and timed) if it is not cached yet."""
    dataset = Dataset(size, BENCH_ROOT / str(size))
    BENCH_ROOT.mkdir(exist_ok=True)
    with (BENCH_ROOT / f"{size}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (dataset.folder / READY).exists():
            print(f"dataset {size:,}: cached in {dataset.folder.relative_to(ROOT)}")
            return dataset
        _build(dataset)
    return dataset


def _build(dataset: Dataset) -> None:
    size = dataset.size
    shutil.rmtree(dataset.folder, ignore_errors=True)
    dataset.folder.mkdir(parents=True)
    from search import fill_database

    app = bench_app(dataset.database_url, dataset.index_dir)
    started = time.perf_counter()
    with app.app_context():
        fill_database(size)
    filled = time.perf_counter() - started
    app.extensions["db_engine"].dispose()
    indexed = build_index(dataset.database_url, dataset.index_dir)
    (dataset.folder / READY).write_text(f"database {filled:.1f} s, index {indexed:.1f} s\n")
    print(
        f"dataset {size:,}: built in {dataset.folder.relative_to(ROOT)}: database {filled:.1f} s,"
        f" index {indexed:.1f} s ({folder_size(dataset.index_dir) / 1e6:.1f} MB)"
    )
