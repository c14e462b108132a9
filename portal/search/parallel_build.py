"""Writing a fresh index with one process per core: each writes one segment of its share.

Whoosh analyses and writes postings in Python, one core at a time; a build at province
scale (hundreds of thousands of facilities) is CPU-bound in that loop. Each share is a
picklable zero-argument callable that prepares its process and yields its documents *in the
child*, so the parent never holds every document (the child reads its own rows). The parent
then lists the segments, in share order, in one table of contents.

Children are *spawned*, fresh interpreters, not forked: a web worker that rebuilds after a
large import has other threads (the server's, the import worker), and a lock one of them held
at a fork would stay locked forever in the child. A spawned child pays its imports and its
dictionaries (a few seconds), which is why callers split only large indexes.
"""

import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.connection import Connection

from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.index import TOC, clean_files

from portal.search.document import FacilityDocument
from portal.search.schema import FIELD_TOKENS, to_fields
from portal.search.segment_writer import FreshSegmentWriter

Share = Callable[[], Iterable[FacilityDocument]]


class ParallelBuildError(RuntimeError):
    """A child failed or died; the folder it wrote into must be abandoned."""


def write_segments(ix: whoosh_index.Index, shares: Sequence[Share]) -> int:
    """Index every share in its own spawned process and commit their segments as one index.

    Returns the number of documents written. ``ix`` must be a fresh, empty index that no
    one else writes to (the caller holds the index root's write lock).

    :raise ParallelBuildError: if any child fails (nothing is committed).
    """
    context = multiprocessing.get_context("spawn")
    folder, name = ix.storage.folder, ix.indexname
    children = []
    try:
        for share in shares:
            receiver, sender = context.Pipe(duplex=False)
            args = (folder, name, share, sender)
            process = context.Process(target=_write_share, args=args, daemon=True)
            process.start()  # pickles the share: a share that cannot be pickled fails here
            sender.close()  # the child's end: EOF here if the child dies without answering
            children.append((process, receiver))
    except Exception as error:
        for process, _ in children:
            process.kill()
            process.join()
        raise ParallelBuildError(f"could not start a share: {error}") from error
    segments: list[Segment] = []
    count = 0
    failures: list[str] = []
    for process, receiver in children:
        try:
            outcome, payload, written = receiver.recv()
        except EOFError:
            outcome, payload, written = "died", None, 0
        process.join()
        if outcome != "ok" or process.exitcode != 0:
            failures.append(f"{outcome} (exit {process.exitcode}): {payload}")
        elif payload is not None:
            segments.append(payload)
            count += written
    if failures:
        raise ParallelBuildError("; ".join(failures))
    # The table of contents as Whoosh's SegmentWriter._commit_toc writes it (and its own
    # MpWriter(multisegment=True) uses), without opening a writer and its spill files here.
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, generation, segments)
    return count


def _write_share(folder: str, name: str, share: Share, answer: Connection) -> None:
    """In the child: one segment of ``share``'s documents, sent back to the parent."""
    try:
        ix = whoosh_index.open_dir(folder, indexname=name)
        _private_temp_folder(ix)
        writer = FreshSegmentWriter(ix, tokens=FIELD_TOKENS, _lk=False)  # parent holds locks
        written = 0
        for doc in share():
            writer.add_document(**to_fields(doc))
            written += 1
        if written:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        writer._tempstorage.destroy()
        answer.send(("ok", segment, written))
    except BaseException as error:  # reported to the parent, which raises
        answer.send(("failed", f"{type(error).__name__}: {error}", 0))
    finally:
        answer.close()


def _private_temp_folder(ix: whoosh_index.Index) -> None:
    """In the child: this writer's spill files in a folder of its own.

    Whoosh names a writer's temporary folder after the index (``MAIN.tmp``) and deletes the
    folder when the writer ends, so the first share to finish deleted the files of the
    others (``FileNotFoundError`` on a ``.ctmp``). The child opened its own storage object,
    so setting this on it changes no one else's.
    """
    private = f"share-{multiprocessing.current_process().pid}.tmp"
    whoosh_temp_storage = ix.storage.temp_storage  # the bound method, with its own name

    def temp_storage(name: str | None = None) -> object:  # Whoosh passes "MAIN.tmp"
        return whoosh_temp_storage(private)

    ix.storage.temp_storage = temp_storage
