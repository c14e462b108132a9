"""The plan/apply cycle on a real database and index: preview, apply, re-import, change,
withdraw, and a failure in the middle of a write that must leave everything as it was."""

from sqlalchemy import func, text
from sqlmodel import select

from portal.core import db
from portal.importer.pipeline import apply_import, plan_import
from portal.indexing import search_index
from portal.models import Facility, ImportRun, SourceDocument
from portal.search import SearchQuery
from tests.conftest import PLANS

LISHUI = "001_4999b758cfac438e.txt"
LISHUI_TEXT = (PLANS / LISHUI).read_text(encoding="utf-8")
ROW_13 = "13\t遂昌县北界中心敬老院"  # line 283, used to edit the file
ROW_13_NAME = "遂昌县北界中心敬老院迁建工程"  # as imported: the stray space of the source removed


def preview(app, name, data):
    with app.app_context(), db.transaction() as session:
        return plan_import(name, data, session)


def apply(app, name, data):
    with app.app_context():
        return apply_import(name, data, user="tester")


def count(app, model, *where) -> int:
    with app.app_context(), db.transaction() as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def facility(app, name) -> Facility:
    with app.app_context(), db.transaction() as session:
        return session.exec(select(Facility).where(Facility.name == name)).one()


def test_preview_writes_nothing(app):
    plan = preview(app, LISHUI, LISHUI_TEXT.encode())
    assert plan.ok and plan.counts()["new"] == 115
    assert count(app, Facility) == 0
    assert count(app, SourceDocument) == 0
    assert count(app, ImportRun) == 0


def test_apply_writes_records_the_run_and_updates_the_index(app):
    plan, run = apply(app, LISHUI, LISHUI_TEXT.encode())
    assert run is not None and run.counts["new"] == 115 and run.user == "tester"
    assert count(app, Facility) == 115
    with app.app_context():
        found = search_index().search(SearchQuery(text="北界中心敬老院"))
        names = [facility_name(app, hit.id) for hit in found.hits]
    assert ROW_13_NAME in names


def facility_name(app, facility_id: int) -> str:
    with app.app_context(), db.transaction() as session:
        return session.get(Facility, facility_id).name


def test_reimporting_the_same_file_changes_nothing(app):
    apply(app, LISHUI, LISHUI_TEXT.encode())
    plan, run = apply(app, LISHUI, LISHUI_TEXT.encode())
    assert plan.counts() == {
        "new": 0,
        "changed": 0,
        "unchanged": 115,
        "withdrawn": 0,
        "rejected": 0,
    }
    assert count(app, Facility) == 115
    assert count(app, ImportRun) == 2


def edited(old: str, new: str) -> bytes:
    assert old in LISHUI_TEXT, f"the plan no longer contains {old!r}"
    return LISHUI_TEXT.replace(old, new, 1).encode()


def row_line(prefix: str) -> str:
    return next(line for line in LISHUI_TEXT.splitlines() if line.startswith(prefix))


def test_a_changed_row_is_reported_field_by_field_and_updated(app):
    apply(app, LISHUI, LISHUI_TEXT.encode())
    line = row_line(ROW_13)
    cells = line.split("\t")
    cells[6] = "99999"  # 总投资(万元)
    plan = preview(app, LISHUI, edited(line, "\t".join(cells)))
    (changed,) = [e for e in plan.entries if e.action == "changed"]
    old, new = changed.changes["total_investment_wan"]
    assert new == 99999 and old != 99999
    assert set(changed.changes) == {"total_investment_wan"}
    apply(app, LISHUI, edited(line, "\t".join(cells)))
    assert facility(app, ROW_13_NAME).total_investment_wan == 99999


def test_a_project_missing_from_the_new_version_is_withdrawn_not_deleted(app, client):
    apply(app, LISHUI, LISHUI_TEXT.encode())
    line = row_line(ROW_13)
    name = ROW_13_NAME
    plan, _run = apply(app, LISHUI, edited(line + "\n", ""))
    assert [e.name for e in plan.entries if e.action == "withdrawn"] == [name]
    gone = facility(app, name)
    assert gone.withdrawn_at is not None
    assert count(app, Facility) == 115  # kept, marked
    page = client.get(f"/facilities/{gone.id}?lang=en").get_data(as_text=True)
    assert "No longer in the latest plan" in page or "not in the latest import" in page
    # The next version lists it again: it comes back.
    plan, _run = apply(app, LISHUI, LISHUI_TEXT.encode())
    changed = {e.name: set(e.changes) for e in plan.entries if e.action == "changed"}
    assert "withdrawn_at" in changed.pop(name)
    # The row after it loses the "序号 jumps from 12 to 14" warning it had meanwhile.
    assert all(
        fields - {"source_line", "source_end_line"} == {"quality_flags"}
        for fields in changed.values()
    )
    assert facility(app, name).withdrawn_at is None


def test_a_failure_in_the_middle_of_apply_leaves_the_database_as_it_was(app):
    apply(app, "003_4e88682039944ece.txt", (PLANS / "003_4e88682039944ece.txt").read_bytes())
    before = count(app, Facility)
    # A real failure inside the write: the database refuses one row half-way through the file.
    with app.app_context(), db.engine().begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text(
                    "CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "IF NEW.name LIKE '%北界中心敬老院%' THEN RAISE EXCEPTION 'injected'; END IF; "
                    "RETURN NEW; END $$"
                )
            )
            connection.execute(
                text(
                    "CREATE TRIGGER refuse_one BEFORE INSERT ON facility "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_one()"
                )
            )
        else:
            connection.execute(
                text(
                    "CREATE TRIGGER refuse_one BEFORE INSERT ON facility WHEN NEW.name "
                    "LIKE '%北界中心敬老院%' BEGIN SELECT RAISE(ABORT, 'injected'); END"
                )
            )
    plan, run = apply(app, LISHUI, LISHUI_TEXT.encode())
    assert run is None
    assert "撤销" in plan.fatal
    assert count(app, Facility) == before
    assert count(app, SourceDocument, SourceDocument.slug == "001_4999b758cfac438e") == 0
    assert count(app, ImportRun) == 1


def test_a_plan_without_a_project_list_says_so_and_adds_no_facility(app):
    hailing = (PLANS / "004_a7eff1606a86b809.txt").read_bytes()
    plan, run = apply(app, "004_a7eff1606a86b809.txt", hailing)
    assert "没有找到项目清单" in plan.notice
    assert count(app, Facility) == 0
    assert run is not None and run.counts["new"] == 0  # its indicator table is kept


def test_gbk_text_imports_like_utf8(app):
    utf8 = preview(app, LISHUI, LISHUI_TEXT.encode("utf-8"))
    gbk = preview(app, LISHUI, LISHUI_TEXT.encode("gb18030"))
    assert gbk.ok
    assert [e.name for e in gbk.entries] == [e.name for e in utf8.entries]
    assert [e.record.total_investment_wan for e in gbk.entries] == [
        e.record.total_investment_wan for e in utf8.entries
    ]
