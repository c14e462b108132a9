"""A file read for its preview is not read again by the apply in the same process (issue 16).

Reading depends only on the bytes; planning depends on the database, which may change
between preview and apply, and is always done again. Through the real pipeline.
"""

from sqlmodel import select

from portal.core import db
from portal.importer import readings
from portal.importer.pipeline import apply_import, plan_import
from portal.models import Facility
from portal.places import load_regions
from tests.conftest import make_app
from tests.importer.test_hostile_uploads import csv_bytes, preview, row
from tests.importer.test_tabular import ROWS

BASE = "遂昌县北界中心敬老院迁建工程"  # ROWS[0]: 丽水 line 283 as a clerk types it


def test_repeated_rows_get_the_same_keys_when_planned_again_from_the_kept_reading(app):
    """Planning gives a repeated identity a suffix; that must not leak into the next plan."""
    data = csv_bytes([row() for _ in range(3)])
    first, second = preview(app, "same.csv", data), preview(app, "same.csv", data)
    keys = [[e.record.identity for e in plan.entries] for plan in (first, second)]
    assert keys[0] == keys[1] == [BASE, f"{BASE}@遂昌县", f"{BASE}@遂昌县#2"]
    assert first.fingerprint() == second.fingerprint()
    assert first.entries[0].record is not second.entries[0].record


def test_an_apply_after_its_preview_writes_what_an_apply_without_one_writes(app, tmp_path):
    data = csv_bytes([*ROWS, row(), row()])
    previewed = preview(app, "list.csv", data)
    with app.app_context():
        _, run = apply_import("list.csv", data, user="t", expected_plan=previewed.fingerprint())
    assert run is not None

    readings.recent.clear()
    (tmp_path / "other").mkdir()
    other = make_app(tmp_path / "other", BOOTSTRAP_ON_START=False)
    with other.app_context():
        db.create_tables()
        with db.transaction() as session:
            load_regions(session)
        _, run = apply_import("list.csv", data, user="t")
    assert run is not None
    assert _facilities(app) == _facilities(other)
    assert len(_facilities(app)) == len(ROWS) + 2


def _facilities(app) -> list[dict]:
    with app.app_context(), db.transaction() as session:
        rows = session.exec(select(Facility).order_by(Facility.id)).all()
        return [
            f.model_dump(exclude={"id", "document_id", "imported_at", "updated_at"}) for f in rows
        ]


def test_a_changed_file_of_the_same_name_is_read_again(app):
    first = preview(app, "list.csv", csv_bytes([row()]))
    second = preview(app, "list.csv", csv_bytes([row(content="新增床位120张")]))
    assert first.fingerprint() != second.fingerprint()
    assert second.entries[0].record.beds == 120


def test_a_refused_file_is_not_kept(app):
    data = csv_bytes([])  # a header and no rows: refused
    with app.app_context(), db.transaction() as session:
        refused = plan_import("empty.csv", data, session)
    assert refused.fatal
    assert readings.recent.get(("empty.csv", refused.file_hash)) is None
