"""The fast writer of fresh segments writes what Whoosh's own writer writes.

Both writers index every facility of the imported plans into a fresh index; the two
segments must hold the same terms with the same statistics, the same postings (docnums,
weights, encoded positions), the same field lengths and the same stored documents. Whoosh's
``SegmentWriter`` is the independent reference: the writer it replaces.
"""

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from portal.core import db
from portal.indexing import documents as indexed_documents
from portal.search.schema import FIELD_TOKENS, build_schema, to_fields
from portal.search.segment_writer import FreshSegmentWriter


@pytest.fixture(scope="module")
def plan_fields(loaded_app) -> list[dict[str, str]]:
    """Every imported facility as the index receives it."""
    with loaded_app.app_context():
        return [to_fields(doc) for doc in indexed_documents(db.get_session())]


def _write(folder, writer_class, fields, **options):
    folder.mkdir(exist_ok=True)
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_class(ix, **options)
    for doc in fields:
        writer.add_document(**doc)
    writer.commit()
    return ix


def _contents(ix) -> dict[str, object]:
    """Everything a reader can see of the index, in comparable form."""
    with ix.reader() as reader:
        terms = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            stats = (
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                info.min_id(),
                info.max_id(),
            )
            terms[fieldname, text] = (stats, list(reader.postings(fieldname, text).all_items()))
        scorable = [name for name, field in ix.schema.items() if field.scorable]
        lengths = {
            name: [reader.doc_field_length(n, name) for n in range(reader.doc_count_all())]
            for name in scorable
        }
        stored = list(reader.all_stored_fields())
        return {"terms": terms, "lengths": lengths, "stored": stored}


@pytest.mark.parametrize(
    "options",
    [
        # As rebuilds write: the schema's token functions instead of Whoosh's analysis.
        pytest.param({"tokens": FIELD_TOKENS}, id="in memory"),
        # Runs spilled every few documents, and fields that do not repeat found out early.
        pytest.param(
            {"tokens": FIELD_TOKENS, "run_postings": 2_000, "analysis_trial": 40},
            id="many runs",
        ),
        pytest.param({}, id="through Whoosh's analysis"),
    ],
)
def test_the_segment_holds_what_whoosh_writes(plan_fields, tmp_path, options):
    assert len(plan_fields) > 250  # the five plans' projects
    reference = _contents(_write(tmp_path / "whoosh", SegmentWriter, plan_fields))
    fresh = _contents(_write(tmp_path / "fresh", FreshSegmentWriter, plan_fields, **options))
    assert len(reference["terms"]) > 5_000
    assert fresh["terms"].keys() == reference["terms"].keys()
    differing = [key for key, value in reference["terms"].items() if fresh["terms"][key] != value]
    assert differing == []
    assert fresh["lengths"] == reference["lengths"]
    assert fresh["stored"] == reference["stored"]


def test_token_functions_cover_every_analysed_field():
    analysed = {name for name, field in build_schema().items() if field.format}
    assert analysed == FIELD_TOKENS.keys()


def test_spilled_runs_leave_no_files(plan_fields, tmp_path):
    ix = _write(tmp_path, FreshSegmentWriter, plan_fields, run_postings=2_000)
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.rglob("*.run"))
    assert ix.doc_count() == len(plan_fields)


def _add_segment(ix, writer_class, fields, replaced, **options):
    """A second segment as an upsert writes it: old versions deleted, then the documents."""
    writer = writer_class(ix, **options)
    searcher = writer.searcher()
    for doc_id in replaced:
        writer.delete_by_term("id", doc_id, searcher=searcher)
    for doc in fields:
        writer.add_document(**doc)
    writer.commit(merge=False)
    return ix


def test_a_segment_added_to_an_index_holds_what_whoosh_writes(plan_fields, tmp_path):
    """An upsert of many documents: a new segment beside the old ones, whose replaced
    documents are deleted, as Whoosh's own writer leaves the index."""
    first, second = plan_fields[:150], plan_fields[100:]  # 50 documents in both: replaced
    replaced = [doc["id"] for doc in plan_fields[100:150]] + [first[0]["id"]]
    indexes = {}
    for name, writer_class, options in [
        ("whoosh", SegmentWriter, {}),
        ("fresh", FreshSegmentWriter, {"tokens": FIELD_TOKENS}),
    ]:
        ix = _write(tmp_path / name, SegmentWriter, first)
        indexes[name] = _add_segment(ix, writer_class, second, replaced, **options)
    reference, fresh = (_contents(indexes[name]) for name in ("whoosh", "fresh"))
    assert fresh == reference
    deleted = {name: _deleted_ids(ix) for name, ix in indexes.items()}
    assert deleted["fresh"] == deleted["whoosh"] == sorted(replaced, key=int)
    assert indexes["fresh"].doc_count() == len(plan_fields) - 1  # first[0] deleted only


def _deleted_ids(ix) -> list[str]:
    with ix.reader() as reader:
        ids = [
            reader.stored_fields(n)["id"]
            for n in range(reader.doc_count_all())
            if reader.is_deleted(n)
        ]
    return sorted(ids, key=int)


def test_it_refuses_to_merge_segments(plan_fields, tmp_path):
    ix = _write(tmp_path, SegmentWriter, plan_fields[:3])
    writer = FreshSegmentWriter(ix)
    with ix.reader() as reader, pytest.raises(ValueError, match="merges nothing"):
        writer.add_reader(reader)
    writer.cancel()
