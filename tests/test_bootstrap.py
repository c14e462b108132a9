"""First start loads data/ and builds the index; later starts reuse both."""

from sqlalchemy import func
from sqlmodel import select

from portal.core import db
from portal.indexing import search_index
from portal.models import Facility, ImportRun, Region, ServicePackage, SourceDocument, Subsidy
from portal.search import SearchQuery
from tests.conftest import make_app


def count(app, model) -> int:
    with app.app_context(), db.transaction() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_first_start_imports_every_plan_and_reference_file(loaded_app):
    assert count(loaded_app, SourceDocument) == 5
    assert count(loaded_app, Region) > 3000  # every province, city and county
    assert count(loaded_app, Facility) > 250
    assert count(loaded_app, Subsidy) > 40
    assert count(loaded_app, ServicePackage) > 5
    with loaded_app.app_context(), db.transaction() as session:
        runs = session.exec(select(ImportRun)).all()
        assert {r.user for r in runs} == {"system"}
        assert all(r.applied for r in runs)


def test_first_start_builds_the_search_index(loaded_app):
    with loaded_app.app_context():
        assert search_index().doc_count() == count(loaded_app, Facility)
        found = search_index().search(SearchQuery(text="社会福利院"))
    assert found.total > 0


def test_second_start_reuses_database_and_index(tmp_path):
    first = make_app(tmp_path)
    runs, facilities = count(first, ImportRun), count(first, Facility)
    second = make_app(tmp_path)
    assert count(second, ImportRun) == runs  # nothing imported again
    assert count(second, Facility) == facilities


def test_a_lost_index_is_rebuilt_on_start(tmp_path):
    import shutil

    first = make_app(tmp_path)
    shutil.rmtree(first.config["INDEX_DIR"])
    second = make_app(tmp_path)
    with second.app_context():
        assert search_index().doc_count() == count(second, Facility)
