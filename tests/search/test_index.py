"""Writing the index: rebuild swaps, upserts and removals seen by a running reader, escaping."""

import threading
from dataclasses import replace

import pytest

from portal.search import IndexBusyError, SearchIndex, SearchQuery


def ids(index: SearchIndex, text: str = "", **filters: object) -> set[int]:
    return {hit.id for hit in index.search(SearchQuery(text=text, per_page=100, **filters)).hits}


def test_reader_sees_another_writers_upsert_without_restart(fresh_index, documents, places, id_of):
    reader = fresh_index
    weitang = id_of("嘉善县魏塘街道健康颐养中心")
    assert ids(reader, "魏塘") == {weitang}
    writer = SearchIndex(reader.storage.root, places=places)  # e.g. the import process
    renamed = replace(documents[27], name="嘉善县魏塘街道健康颐养中心（更名）", beds=700)
    new = replace(documents[0], id=9999, name="魏塘街道托育服务点", kind="community_childcare")
    assert writer.upsert([renamed, new]) == 2
    assert ids(reader, "魏塘") == {weitang, 9999}
    assert reader.doc_count() == len(documents) + 1
    assert ids(reader, min_beds=700) >= {weitang}


def test_remove_and_withdrawn(fresh_index, documents):
    first, second = documents[0].id, documents[1].id
    assert fresh_index.remove([first, 12345]) == 1
    assert first not in ids(fresh_index, "社会福利院")
    fresh_index.upsert([replace(documents[1], withdrawn=True)])
    assert second not in ids(fresh_index, "社会福利院")
    assert second in ids(fresh_index, "社会福利院", include_withdrawn=True)


def test_rebuild_swaps_in_a_new_folder(fresh_index, documents):
    before = fresh_index.storage.current_name()
    assert ids(fresh_index, "托育")
    assert fresh_index.rebuild(documents[:3]) == 3
    assert fresh_index.storage.current_name() != before
    assert fresh_index.doc_count() == 3
    assert ids(fresh_index) == {doc.id for doc in documents[:3]}


def test_failed_rebuild_keeps_the_old_index(fresh_index, documents):
    def broken():
        yield documents[0]
        raise RuntimeError("database went away")

    before = fresh_index.storage.current_name()
    with pytest.raises(RuntimeError):
        fresh_index.rebuild(broken())
    assert fresh_index.storage.current_name() == before
    assert fresh_index.doc_count() == len(documents)


def test_one_writer_at_a_time(fresh_index, places):
    other = SearchIndex(fresh_index.storage.root, places=places, write_timeout=0.2)
    with fresh_index.storage.write_lock(timeout=1):
        with pytest.raises(IndexBusyError):
            other.upsert([])


def test_threads_search_while_a_writer_updates(fresh_index, documents, places):
    errors: list[BaseException] = []
    totals: list[int] = []

    def search_many():
        try:
            for _ in range(20):
                totals.append(fresh_index.search(SearchQuery(text="养老")).total)
        except BaseException as error:  # collected: a failing thread must fail the test
            errors.append(error)

    threads = [threading.Thread(target=search_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    writer = SearchIndex(fresh_index.storage.root, places=places)
    for i in range(3):
        writer.upsert([replace(documents[0], id=20_000 + i, name=f"第{i}养老院")])
    for thread in threads:
        thread.join()
    assert not errors
    assert len(totals) == 80 and min(totals) > 0


def test_hostile_name_is_escaped(fresh_index, documents):
    hostile = replace(
        documents[0], id=666, name='<script>alert("x")</script>养老院', operator="<b>x</b>"
    )
    fresh_index.upsert([hostile])
    hit = next(h for h in fresh_index.search(SearchQuery(text="养老院")).hits if h.id == 666)
    assert hit.highlights["name"] == (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;<mark>养老院</mark>"
    )
    assert "<script>" not in "".join(hit.highlights.values())


def test_empty_directory_is_created_on_demand(tmp_path, places):
    index = SearchIndex(tmp_path / "new", places=places).open_or_create()
    assert index.doc_count() == 0
    assert index.search(SearchQuery(text="养老")).total == 0


def test_threads_sharing_the_searcher_read_postings_without_mixing_positions(
    fresh_index: SearchIndex,
) -> None:
    """Found under load (issue 16): one searcher serves every thread, and Whoosh reads posting
    blocks by ``seek`` then ``read`` on the segment's file object; with one position for all
    threads, a thread read another's block (``UnpicklingError``, ``zlib.error``: a 500)."""
    import sys

    texts = ["养老院", "托育", "lishui", "社会福利院", "幼儿园", "莲都 托育", "yly", "康复", "中心"]
    expected = {}
    for text in texts:
        fresh_index.drop_caches()
        expected[text] = [
            h.id for h in fresh_index.search(SearchQuery(text=text, per_page=50)).hits
        ]
    failures: list[str] = []

    def search(offset: int) -> None:
        for round_ in range(200):
            text = texts[(offset + round_) % len(texts)]
            fresh_index.drop_caches()  # every search reads its posting lists from the file
            try:
                found = [h.id for h in fresh_index.search(SearchQuery(text=text, per_page=50)).hits]
            except Exception as error:  # the race raised anything from pickle to zlib errors
                failures.append(f"{text}: {type(error).__name__}: {error}")
                continue
            if found != expected[text]:
                failures.append(f"{text}: different hits")

    threads = [threading.Thread(target=search, args=(i,)) for i in range(8)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as a loaded server does, and more
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
