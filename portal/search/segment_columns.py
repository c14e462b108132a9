"""The columns of one Whoosh segment, saved beside it so a process never decodes every document.

Filters, facets and orders need a few values per document (kind, status, regions, beds,
years, coordinates, name order). Reading them from the stored documents means unpickling
and parsing JSON for every document: 15 s at 500,000 facilities, on every start and after
every import, in every worker. A Whoosh segment never changes once written (deletions are
kept in the table of contents, not in the segment), so its columns are computed once — by
the writer, right after its commit — and saved as ``<segment id>.columns.npz`` in the index
folder. Opening a generation then loads a few arrays per segment (tens of milliseconds).

A process that finds no file (an index written by an older version, or a save that
failed) computes the columns itself and tries to save them; a damaged or foreign file is
recomputed the same way, so the file is only ever a shortcut, never the truth.

Local docnums: row ``i`` of every array is docnum ``i`` of the segment, deleted documents
included (the reader applies deletions, which change while the segment does not).
"""

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.reading import IndexReader

from portal.search.document import FacilityDocument
from portal.search.schema import from_stored

FORMAT = 1
SUFFIX = ".columns.npz"
FACET_FIELDS = ("kind", "audience", "status", "city", "county", "document")
UNKNOWN_NUMBER = -1  # beds, places and years nobody stated


@dataclass(frozen=True)
class SegmentColumns:
    """Per-document values of one segment (see the module docstring for the layout)."""

    count: int
    facet_values: dict[str, tuple[str, ...]]  # facet → its values, sorted
    facet_codes: dict[str, np.ndarray]  # facet → uint16 per docnum: 1 + value index, 0 none
    withdrawn: np.ndarray  # bool
    beds: np.ndarray  # int32, UNKNOWN_NUMBER when not stated
    places: np.ndarray  # int32 childcare places
    start_year: np.ndarray  # int32
    end_year: np.ndarray  # int32
    lat: np.ndarray  # float64, NaN when not placed
    lon: np.ndarray
    region_codes: tuple[str, ...]  # sorted
    region_start: np.ndarray  # int64 CSR offsets into region_docs, len(region_codes) + 1
    region_docs: np.ndarray  # int32 docnums of each region code, ascending
    name_rank: np.ndarray  # int32: position of the docnum's name in name order (ties: docnum)
    path: Path | None = None  # the saved file, for the names (read only when asked for)
    _names: tuple[str, ...] | None = None

    def names(self) -> tuple[str, ...]:
        """Every document's name, by docnum (read from the file on demand)."""
        if self._names is not None:
            return self._names
        if self.path is None:
            raise RuntimeError("segment columns without names or a file")
        with np.load(self.path, allow_pickle=False) as saved:
            return tuple(json.loads(saved["names"].tobytes().decode("utf-8")))

    def region_members(self, index: int) -> np.ndarray:
        return self.region_docs[self.region_start[index] : self.region_start[index + 1]]


def segment_id(segment: IndexReader) -> str:
    """The name Whoosh gives a segment (``MAIN_<random>``), unique within the index folder."""
    return segment.segment().segment_id()


def file_for(folder: Path, segment: IndexReader) -> Path:
    return folder / f"{segment_id(segment)}{SUFFIX}"


def load_or_build(segment: IndexReader, folder: Path | None) -> SegmentColumns:
    """The segment's columns from its file under ``folder``; computed (and saved) if missing."""
    if folder is not None:
        path = file_for(folder, segment)
        found = _load(path, segment.doc_count_all())
        if found is not None:
            return found
    columns = build(segment)
    if folder is not None:
        try:
            save(columns, file_for(folder, segment))
        except OSError:
            pass  # a read-only or full disk: this process keeps its own copy in memory
    return columns


def write_for_index(folder: Path, reader: IndexReader) -> None:
    """Save the columns of every segment of ``reader`` that has none yet under ``folder``,
    and delete the files of segments the index no longer has (merged away)."""
    wanted = set()
    for segment, _offset in reader.leaf_readers():
        if segment.segment() is None:  # an empty index: no segment yet
            continue
        path = file_for(folder, segment)
        wanted.add(path.name)
        if _load(path, segment.doc_count_all()) is None:
            save(build(segment), path)
    for stale in folder.glob(f"*{SUFFIX}"):
        if stale.name not in wanted:
            stale.unlink(missing_ok=True)


def build(segment: IndexReader) -> SegmentColumns:
    """Compute the columns from the segment's stored documents (deleted ones included)."""
    count = segment.doc_count_all()
    docs: list[FacilityDocument] = [
        from_stored(segment.stored_fields(docnum)["doc"]) for docnum in range(count)
    ]
    facet_values = {}
    facet_codes = {}
    for position, facet in enumerate(FACET_FIELDS):
        raw = [_facet_values_of(doc)[position] for doc in docs]
        values = tuple(sorted({v for v in raw if v is not None}))
        code_of = {v: i for i, v in enumerate(values, start=1)}
        codes = np.fromiter((code_of.get(v, 0) for v in raw), dtype=np.uint16, count=count)
        facet_values[facet], facet_codes[facet] = values, codes
    members: dict[str, list[int]] = {}
    for docnum, doc in enumerate(docs):
        for code in dict.fromkeys(doc.region_codes):
            members.setdefault(code, []).append(docnum)
    region_codes = tuple(sorted(members))
    lengths = [len(members[c]) for c in region_codes]
    region_start = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64))).astype(np.int64)
    region_docs = np.fromiter(
        (d for c in region_codes for d in members[c]), dtype=np.int32, count=sum(lengths)
    )
    names = tuple(doc.name for doc in docs)
    by_name = sorted(range(count), key=names.__getitem__)  # stable: ties keep docnum order
    name_rank = np.empty(count, dtype=np.int32)
    name_rank[by_name] = np.arange(count, dtype=np.int32)
    return SegmentColumns(
        count=count,
        facet_values=facet_values,
        facet_codes=facet_codes,
        withdrawn=np.fromiter((d.withdrawn for d in docs), dtype=bool, count=count),
        beds=_numbers([d.beds for d in docs]),
        places=_numbers([d.childcare_places for d in docs]),
        start_year=_numbers([d.start_year for d in docs]),
        end_year=_numbers([d.end_year for d in docs]),
        lat=_floats([d.lat for d in docs]),
        lon=_floats([d.lon for d in docs]),
        region_codes=region_codes,
        region_start=region_start,
        region_docs=region_docs,
        name_rank=name_rank,
        _names=names,
    )


def save(columns: SegmentColumns, path: Path) -> None:
    """Write ``columns`` to ``path`` atomically: a reader sees the old file or the new one."""
    meta = {
        "format": FORMAT,
        "count": columns.count,
        "facets": {f: list(v) for f, v in columns.facet_values.items()},
        "regions": list(columns.region_codes),
    }
    arrays = {
        "meta": _json_bytes(meta),
        "names": _json_bytes(list(columns.names())),
        "withdrawn": columns.withdrawn,
        "beds": columns.beds,
        "places": columns.places,
        "start_year": columns.start_year,
        "end_year": columns.end_year,
        "lat": columns.lat,
        "lon": columns.lon,
        "region_start": columns.region_start,
        "region_docs": columns.region_docs,
        "name_rank": columns.name_rank,
        **{f"facet_{f}": codes for f, codes in columns.facet_codes.items()},
    }
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _load(path: Path, count: int) -> SegmentColumns | None:
    """The saved columns, or ``None`` when the file is missing, foreign, damaged or stale."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            meta = json.loads(saved["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != FORMAT or meta.get("count") != count:
                return None
            arrays = {key: saved[key] for key in saved.files if key not in ("meta", "names")}
    except (OSError, ValueError, KeyError, EOFError):
        return None
    try:
        columns = SegmentColumns(
            count=count,
            facet_values={f: tuple(meta["facets"][f]) for f in FACET_FIELDS},
            facet_codes={f: arrays[f"facet_{f}"] for f in FACET_FIELDS},
            withdrawn=arrays["withdrawn"],
            beds=arrays["beds"],
            places=arrays["places"],
            start_year=arrays["start_year"],
            end_year=arrays["end_year"],
            lat=arrays["lat"],
            lon=arrays["lon"],
            region_codes=tuple(meta["regions"]),
            region_start=arrays["region_start"],
            region_docs=arrays["region_docs"],
            name_rank=arrays["name_rank"],
            path=path,
        )
    except KeyError:
        return None
    per_doc = (columns.withdrawn, columns.beds, columns.name_rank, *columns.facet_codes.values())
    if any(len(a) != count for a in per_doc):
        return None
    return columns


def _facet_values_of(doc: FacilityDocument) -> tuple[str | None, ...]:
    return (doc.kind, doc.audience, doc.status, doc.city_code, doc.county_code, doc.document)


def _numbers(values: list[int | None]) -> np.ndarray:
    return np.array([UNKNOWN_NUMBER if v is None else v for v in values], dtype=np.int32)


def _floats(values: list[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _json_bytes(value: object) -> np.ndarray:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
