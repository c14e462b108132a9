"""Building the open-data package (HSDS JSON + CSV zip) over many generated facilities.

Prints the build time, the files' sizes and the process's peak memory before and after the
build (the build streams rows a batch at a time, so the peak should grow far less than the
data). The rows live only in a temporary database and folder.

    .venv/bin/python benchmarks/hsds_export.py [--facilities 20000]
"""

import argparse
import resource
import tempfile
import time
from pathlib import Path

from subsidy_links import facilities  # the same generated facilities as the links benchmark

from portal import create_app
from portal.api.versioning import current_data_version
from portal.core import db
from portal.models import SourceDocument
from portal.opendata.package import build_package
from portal.places import load_regions


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--facilities", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "BOOTSTRAP_ON_START": False,
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
                "INDEX_DIR": str(Path(tmp) / "index"),
            }
        )
        with app.app_context():
            db.create_tables()
            with db.transaction() as session:
                load_regions(session)
                document = SourceDocument(
                    slug="bench", title="bench", place_name="", file_name="", file_hash=""
                )
                session.add(document)
                session.flush()
                session.add_all(facilities(args.facilities, document.id))
            before = _peak_mb()
            with db.transaction() as session:
                began = time.perf_counter()
                package = build_package(session, current_data_version(session))
                elapsed = time.perf_counter() - began
    sizes = ", ".join(f"{f.name} {f.bytes / 1e6:.1f} MB" for f in package.files)
    print(f"HSDS package of {args.facilities:,} facilities: {elapsed:.1f} s ({sizes})")
    print(f"peak memory {before:.0f} MB before the build, {_peak_mb():.0f} MB after")


if __name__ == "__main__":
    main()
