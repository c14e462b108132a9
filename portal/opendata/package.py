"""The whole data set as files: an HSDS 3.0 datapackage as one JSON file, and as CSV files in a
zip, with a manifest giving each file's date, size and SHA-256.

Built once per data version into ``<instance>/exports/<version>/`` (beside the search index;
``PORTAL_EXPORT_DIR`` overrides) and then served as files. Rows are read from the database a
batch at a time and written as they come (JSON Lines first, then JSON and CSV from those), so
memory stays bounded whatever the number of facilities. A finished build is moved into place
in one rename: a download never sees a half-written package.
"""

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from portal.api.versioning import DataVersion
from portal.models import Facility, SourceDocument
from portal.opendata.cells import csv_lines
from portal.opendata.hsds import HSDS_VERSION, TABLES, Organizations, facility_records

JSON_FILE = "carefinder-hsds.json"
ZIP_FILE = "carefinder-hsds-csv.zip"
MANIFEST = "manifest.json"
BATCH = 500
SCALAR_TYPES = {"string", "number", "integer", "boolean"}
CSV_TYPES = {"string": "string", "number": "number", "integer": "integer", "boolean": "boolean"}


@dataclass(frozen=True)
class ExportFile:
    name: str
    bytes: int
    sha256: str
    media_type: str


@dataclass(frozen=True)
class Package:
    folder: Path
    created: str
    data_version: str
    data_modified: str | None
    files: tuple[ExportFile, ...]

    def file(self, name: str) -> ExportFile | None:
        return next((f for f in self.files if f.name == name), None)


def export_root() -> Path:
    configured = current_app.config.get("EXPORT_DIR")
    if configured:
        return Path(configured)
    return Path(current_app.config["INDEX_DIR"]).parent / "exports"


def schema_dir() -> Path:
    return Path(current_app.config["DATA_DIR"]) / "hsds-3.0"


def _columns(table: str) -> list[tuple[str, str]]:
    """The table's HSDS columns (the scalar properties of its vendored schema, in order)."""
    schema = json.loads((schema_dir() / f"{table}.json").read_text(encoding="utf-8"))
    return [
        (name, CSV_TYPES[spec["type"]])
        for name, spec in schema["properties"].items()
        if spec.get("type") in SCALAR_TYPES
    ]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _facilities(session: Session) -> Iterator[Facility]:
    query = select(Facility).where(Facility.withdrawn_at.is_(None)).order_by(Facility.id)
    yield from session.exec(query.execution_options(yield_per=BATCH))


def _write_jsonl(session: Session, work: Path) -> dict[str, set[str]]:
    """One pass over the facilities into ``<table>.jsonl``; the keys seen in each table."""
    organizations = Organizations()
    keys: dict[str, set[str]] = {t: set() for t in TABLES}
    streams = {t: (work / f"{t}.jsonl").open("w", encoding="utf-8") for t in TABLES}
    try:
        for facility in _facilities(session):
            records = facility_records(facility, organizations)
            for table, record in zip(TABLES[1:], records, strict=True):
                keys[table].update(record)
                streams[table].write(json.dumps(record, ensure_ascii=False) + "\n")
        description = _("Operator or implementing body named in the plans' project lists.")
        for record in organizations.records(description):
            keys["organization"].update(record)
            streams["organization"].write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        for stream in streams.values():
            stream.close()
    return keys


def _records(work: Path, table: str) -> Iterator[dict[str, Any]]:
    with (work / f"{table}.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            yield json.loads(line)


def _sources(session: Session) -> list[dict[str, Any]]:
    documents = session.exec(select(SourceDocument).order_by(SourceDocument.id)).all()
    return [
        {
            "title": d.title,
            "path": d.file_name,
            "x_slug": d.slug,
            "x_place": d.place_name,
            "x_status": d.status,
            "x_status_text": d.status_text,
            "x_issued_on": d.issued_on.isoformat() if d.issued_on else None,
            "x_sha256": d.file_hash,
            "x_imported_at": d.imported_at.isoformat() if d.imported_at else None,
        }
        for d in documents
    ]


def _descriptor(session: Session, version: DataVersion, created: str) -> dict[str, Any]:
    return {
        "profile": "data-package",
        "name": "carefinder-hsds",
        "title": _("CareFinder: care for the old and the young from the cities' plans"),
        "description": _(
            "Facilities and projects listed in the cities' published 一老一小 plans, in Open "
            "Referral HSDS %(version)s form. Planned projects are inactive services; "
            "coordinates are given only for exact locations.",
            version=HSDS_VERSION,
        ),
        "x_hsds_version": HSDS_VERSION,
        "created": created,
        "x_data_version": version.tag,
        "x_data_modified": version.modified.isoformat() if version.modified else None,
        "sources": _sources(session),
    }


def _write_json(work: Path, out: Path, descriptor: dict[str, Any]) -> None:
    """A datapackage whose resources carry their rows inline (``data``), written row by row."""
    with out.open("w", encoding="utf-8") as stream:
        stream.write(json.dumps(descriptor, ensure_ascii=False, indent=1)[:-2])
        stream.write(',\n "resources": [')
        for n, table in enumerate(TABLES):
            stream.write(("," if n else "") + f'\n  {{"name": "{table}", "profile": ')
            stream.write('"data-resource", "format": "json", "data": [')
            for i, record in enumerate(_records(work, table)):
                stream.write(("," if i else "") + "\n   ")
                stream.write(json.dumps(record, ensure_ascii=False))
            stream.write("\n  ]}")
        stream.write("\n ]\n}\n")


def _write_zip(work: Path, out: Path, keys: dict[str, set[str]], descriptor: dict) -> None:
    resources = []
    for table in TABLES:
        columns = _columns(table)
        names = [name for name, _type in columns]
        extra = sorted(k for k in keys[table] if k not in names)
        path = work / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            rows = ([r.get(k) for k in [*names, *extra]] for r in _records(work, table))
            for line in csv_lines([*names, *extra], rows):
                stream.write(line)
        fields = [{"name": n, "type": t} for n, t in columns]
        fields += [{"name": k, "type": "any"} for k in extra]
        resources.append(
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "bytes": path.stat().st_size,
                "hash": f"sha256:{_sha256(path)}",
                "schema": {"fields": fields},
            }
        )
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json",
            json.dumps(descriptor | {"resources": resources}, ensure_ascii=False, indent=1),
        )
        for table in TABLES:
            archive.write(work / f"{table}.csv", f"{table}.csv")


def _manifest(folder: Path) -> Package:
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    files = tuple(ExportFile(**f) for f in data.pop("files"))
    return Package(folder=folder, files=files, **data)


def build_package(session: Session, version: DataVersion) -> Package:
    """The package of ``version``: read if already built, otherwise built now."""
    root = export_root()
    folder = root / version.tag
    if (folder / MANIFEST).is_file():
        return _manifest(folder)
    root.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(dir=root, prefix=".build-") as tmp:
        work = Path(tmp)
        # The package speaks the portal's default language, whoever asked first.
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            keys = _write_jsonl(session, work)
            descriptor = _descriptor(session, version, created)
        result = work / "result"
        result.mkdir()
        _write_json(work, result / JSON_FILE, descriptor)
        _write_zip(work, result / ZIP_FILE, keys, descriptor)
        files = [
            {
                "name": name,
                "bytes": (result / name).stat().st_size,
                "sha256": _sha256(result / name),
                "media_type": media,
            }
            for name, media in ((JSON_FILE, "application/json"), (ZIP_FILE, "application/zip"))
        ]
        sums = "".join(f"{f['sha256']}  {f['name']}\n" for f in files)
        (result / "SHA256SUMS").write_text(sums, encoding="ascii")
        manifest = {
            "created": created,
            "data_version": version.tag,
            "data_modified": version.modified.isoformat() if version.modified else None,
            "files": files,
        }
        (result / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        try:
            result.rename(folder)
        except OSError:
            pass  # another worker finished the same version first: theirs is as good
    _forget_older(root, keep=version.tag)
    return _manifest(folder)


def _forget_older(root: Path, keep: str) -> None:
    """Remove packages built before ``keep`` (never a newer one another worker just made)."""
    kept = (root / keep).stat().st_mtime
    for child in root.iterdir():
        if child.name == keep or child.name.startswith(".build-") or not child.is_dir():
            continue
        if child.stat().st_mtime < kept:
            shutil.rmtree(child, ignore_errors=True)
