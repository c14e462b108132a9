"""Model constraints the database itself enforces, on the real engine."""

import pytest
from sqlalchemy.exc import IntegrityError

from portal.core import db
from portal.domain import Audience, FacilityKind, FacilityStatus, Precision
from portal.models import Facility, SourceDocument


def facility(**overrides) -> Facility:
    values = dict(
        identity="测试",
        name="测试养老院",
        kind=FacilityKind.CARE_HOME,
        audience=Audience.ELDERLY,
        status=FacilityStatus.PLANNED,
        source_line=10,
    )
    values.update(overrides)
    return Facility(**values)


@pytest.fixture
def document_id(app):
    with app.app_context(), db.transaction() as session:
        document = SourceDocument(
            slug="doc", title="测试方案", place_name="丽水市", file_name="doc.txt", file_hash="0"
        )
        session.add(document)
        session.flush()
        return document.id


def save(app, row) -> None:
    with app.app_context(), db.transaction() as session:
        session.add(row)


def test_a_facility_cannot_be_saved_without_a_source(app):
    with pytest.raises(IntegrityError):
        save(app, facility())


def test_a_facility_cannot_point_at_a_document_that_does_not_exist(app):
    with pytest.raises(IntegrityError):
        save(app, facility(document_id=999))


def test_a_facility_with_a_source_is_saved(app, document_id):
    save(app, facility(document_id=document_id))


@pytest.mark.parametrize(
    "overrides",
    [
        {"beds": -1},
        {"childcare_places": -5},
        {"lat": 91.0, "lon": 120.0},
        {"precision": Precision.EXACT},  # an exact pin needs coordinates
        {"source_line": 0},
        {"region_code": "999999"},  # not a region we know
    ],
)
def test_impossible_values_are_refused(app, document_id, overrides):
    with pytest.raises(IntegrityError):
        save(app, facility(document_id=document_id, **overrides))


def test_one_source_cannot_list_the_same_project_twice(app, document_id):
    save(app, facility(document_id=document_id))
    with pytest.raises(IntegrityError):
        save(app, facility(document_id=document_id, name="测试养老院（重复）"))
