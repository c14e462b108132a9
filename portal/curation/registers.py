"""Registers reconciled with the plans: each register row is matched to the facility it is (a
plan project that opened: by name, place and operator, with a score) or proposed as new; staff
confirm in the preview, and applying links the row to the facility and corrects its facts.

``plan_register`` only reads; ``apply_register`` plans again in one transaction and applies
the decisions staff made on that plan, all or nothing; the search index follows the commit.
"""

import hashlib
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import PurePath

from sqlmodel import Session, col, select

from portal import indexing
from portal.core import db
from portal.curation.corrections import correct
from portal.curation.fields import FieldError, clean_value
from portal.curation.register_sheet import RegisterRow, read_register, says_open
from portal.domain import Audience, DocumentStatus, FacilityStatus, RegionLevel
from portal.geo.gazetteer import Gazetteer, load_default
from portal.geo.mentions import scanner_for
from portal.importer.build import RowInput, build_record
from portal.importer.limits import check_file_size
from portal.importer.problems import DocumentError
from portal.importer.records import identity_of
from portal.models import Facility, RegisterEntry, SourceDocument
from portal.models._types import utcnow
from portal.subsidies.links import link_facilities

MATCH_THRESHOLD = 0.6  # proposed as the same facility from this score up
CANDIDATES = 3
SUFFIXES = (".csv", ".xlsx")
# Words plans add to a project's name that the opened facility's name does not carry.
_PROJECT_WORDS = re.compile(r"(改扩建|新建|改建|扩建|续建|建设|项目|工程|提升|改造|一期|二期|三期)")
_OPERATOR_NOISE = re.compile(r"(有限公司|有限责任公司|公司|中心|服务)$")


class RegisterError(ValueError):
    """A decision in the submitted form that the recomputed preview does not allow."""


@dataclass
class Candidate:
    facility_id: int
    name: str
    score: float
    status: FacilityStatus
    location_text: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class RowMatch:
    row: RegisterRow
    region_code: str | None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def proposal(self) -> str:
        """What the preview proposes: ``match:<id>``, ``new`` or ``skip``."""
        if self.row.problems and not self.row.name:
            return "skip"
        if self.candidates and self.candidates[0].score >= MATCH_THRESHOLD:
            return f"match:{self.candidates[0].facility_id}"
        return "new" if says_open(self.row) else "skip"


@dataclass
class RegisterPlan:
    file_name: str
    file_hash: str
    city_code: str
    rows: list[RowMatch] = field(default_factory=list)
    fatal: str | None = None

    @property
    def ok(self) -> bool:
        return self.fatal is None


def _core_name(name: str, scan) -> str:
    text = identity_of(name)
    for mention in scan(text):
        text = text.replace(mention.text, "", 1)
    return _PROJECT_WORDS.sub("", text)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def name_score(a: str, b: str) -> float:
    """How alike two core names are (0–1); one inside the other counts as nearly the same."""
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return max(0.9, SequenceMatcher(None, a, b).ratio())
    return SequenceMatcher(None, a, b).ratio()


def place_score(region: str | None, facility: Facility, gazetteer: Gazetteer) -> float:
    """1 for the same town (or the same finest place), 0.7 for the same county, 0 for
    different places; 0.3 when either side does not say."""
    theirs = facility.region_code
    if not region or not theirs:
        return 0.3
    if region == theirs or region in facility.place_codes:
        return 1.0
    for outer, inner in ((region, theirs), (theirs, region)):
        if (
            outer in gazetteer
            and inner in gazetteer
            and gazetteer.contains(ancestor=outer, code=inner)
        ):
            return 0.7
    return 0.0


def operator_score(a: str, b: str) -> float:
    a, b = (_OPERATOR_NOISE.sub("", identity_of(x)) for x in (a, b))
    if not a or not b:
        return 0.3
    if a == b or a in b or b in a:
        return 1.0
    return 0.0


def row_region(row: RegisterRow, scan) -> str | None:
    """The finest place the row names (district column, address, then name), if unambiguous."""
    for text in (row.address, row.place_text, row.name):
        mentions = [m for m in scan(text) if len(m.places) == 1] if text else []
        if mentions:
            finest = max(mentions, key=lambda m: len(m.places[0].code))
            return finest.places[0].code
    return None


def plan_register(file_name: str, data: bytes, session: Session, city_code: str) -> RegisterPlan:
    """Read a register and propose a match or a new facility for each row. Never writes."""
    name = PurePath(file_name).name
    plan = RegisterPlan(name, hashlib.sha256(data).hexdigest(), city_code)
    gazetteer = load_default()
    city = gazetteer.get(city_code)
    try:
        check_file_size(name, len(data))
        if not name.lower().endswith(SUFFIXES):
            raise DocumentError(name, "名录只能是 CSV（.csv）或 Excel（.xlsx）文件。")
        if city is None or city.level != RegionLevel.CITY:
            raise DocumentError(name, "请选择名录所属的城市。")
        rows = read_register(name, data)
    except DocumentError as error:
        where = f"第 {error.line} 行：" if getattr(error, "line", None) else ""
        plan.fatal = f"{error.source}：{where}{error.message}"
        return plan
    scan = scanner_for(gazetteer, city_code)
    facilities = session.exec(
        select(Facility).where(
            Facility.city_code == city_code, col(Facility.withdrawn_at).is_(None)
        )
    ).all()
    cores = [(f, _core_name(f.name, scan)) for f in facilities]
    grams = [(f, core, _bigrams(core)) for f, core in cores]
    for row in rows:
        match = RowMatch(row, row_region(row, scan))
        core = _core_name(row.name, scan)
        mine = _bigrams(core)
        scored = []
        for facility, their_core, theirs in grams:
            if not mine & theirs:
                continue  # no two characters in common: not the same facility
            n = name_score(core, their_core)
            p = place_score(match.region_code, facility, gazetteer)
            o = operator_score(row.operator, facility.operator)
            score = round(0.6 * n + 0.25 * p + 0.15 * o, 3)
            reasons = [f"名称 {n:.2f}", f"地点 {p:.2f}", f"运营单位 {o:.2f}"]
            scored.append(
                Candidate(
                    facility.id,
                    facility.name,
                    score,
                    facility.status,
                    facility.location_text,
                    reasons,
                )
            )
        scored.sort(key=lambda c: (-c.score, c.facility_id))
        match.candidates = scored[:CANDIDATES]
        plan.rows.append(match)
    return plan


@dataclass
class RegisterResult:
    matched: list[int] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    unmatched: int = 0
    document_id: int | None = None

    def counts(self) -> dict[str, int]:
        return {"matched": len(self.matched), "new": len(self.created), "unmatched": self.unmatched}


def apply_register(
    file_name: str,
    data: bytes,
    decisions: dict[int, str],
    *,
    city_code: str,
    source: str,
    effective: str | None,
    user: str,
) -> tuple[RegisterPlan, RegisterResult | None]:
    """Apply staff's decisions (line → ``match:<id>`` / ``new`` / ``skip``) in one transaction.

    :raise RegisterError: for a decision the recomputed preview does not offer (nothing written).
    """
    result = RegisterResult()
    with db.transaction() as session:
        plan = plan_register(file_name, data, session, city_code)
        if not plan.ok:
            return plan, None
        document = _register_document(plan, session, source, effective)
        result.document_id = document.id
        for entry in session.exec(
            select(RegisterEntry).where(
                RegisterEntry.document_id == document.id, RegisterEntry.decision == "unmatched"
            )
        ).all():
            entry.decision = "superseded"  # this load of the register replaces the last one
            session.add(entry)
        for match in plan.rows:
            _apply_row(
                match,
                decisions.get(match.row.line, "skip"),
                document,
                session,
                result,
                user=user,
                source=source,
                effective=effective,
            )
        link_facilities(session, result.created)
        # In the write's own transaction: every host learns of it from the change feed.
        indexing.record_change(session, [*result.matched, *result.created])
    indexing.after_commit()
    return plan, result


def _register_document(
    plan: RegisterPlan, session: Session, source: str, effective: str | None
) -> SourceDocument:
    slug = "register-" + PurePath(plan.file_name).stem
    document = session.exec(select(SourceDocument).where(SourceDocument.slug == slug)).first()
    city = load_default().get(plan.city_code)
    document = document or SourceDocument(
        slug=slug, title="", place_name="", file_name="", file_hash=""
    )
    document.title = source
    document.place_name = city.name if city else ""
    document.region_code = plan.city_code
    document.status = DocumentStatus.ISSUED
    document.status_text = "运营机构名录"
    document.year = int(effective[:4]) if effective else None
    document.file_name = plan.file_name
    document.file_hash = plan.file_hash
    document.imported_at = utcnow()
    session.add(document)
    session.flush()
    return document


def _apply_row(
    match: RowMatch,
    decision: str,
    document: SourceDocument,
    session: Session,
    result: RegisterResult,
    *,
    user: str,
    source: str,
    effective: str | None,
) -> None:
    row = match.row
    entry = RegisterEntry(
        document_id=document.id,
        line=row.line,
        name=row.name or "—",
        kind_text=row.kind_text,
        address=row.address,
        phone=row.phone,
        capacity=row.capacity,
        operator=row.operator,
        licence=row.licence,
        status_text=row.status_text,
        region_code=match.region_code,
        score=match.candidates[0].score if match.candidates else None,
        effective=effective,
        source=source,
        user=user,
    )
    if decision.startswith("match:"):
        wanted = decision.removeprefix("match:")
        ids = {str(c.facility_id): c.facility_id for c in match.candidates}
        if wanted not in ids:
            raise RegisterError(f"第 {row.line} 行：所选设施不在候选之中。")
        facility = session.get(Facility, ids[wanted])
        entry.decision, entry.facility_id = "matched", facility.id
        session.add(entry)
        session.flush()
        correct(
            session,
            facility,
            _facts(row, facility),
            source=source,
            effective=effective,
            user=user,
            register_entry_id=entry.id,
        )
        result.matched.append(facility.id)
    elif decision == "new" and row.name:
        facility = _new_facility(match, document, session)
        entry.decision, entry.facility_id = "new", facility.id
        session.add(entry)
        session.flush()
        facts = {k: v for k, v in _facts(row, facility).items() if k == "phone"}
        correct(
            session,
            facility,
            facts,
            source=source,
            effective=effective,
            user=user,
            register_entry_id=entry.id,
        )
        result.created.append(facility.id)
    elif decision in ("new", "skip"):
        session.add(entry)  # unmatched: on the worklist until a later load matches it
        result.unmatched += 1
    else:
        raise RegisterError(f"第 {row.line} 行：无法识别的选择。")


def _capacity_field(facility: Facility) -> str:
    return "childcare_places" if facility.audience == Audience.INFANTS else "beds"


def _facts(row: RegisterRow, facility: Facility) -> dict[str, str]:
    """The register's facts as corrections (a cell that cannot be stored is left out)."""
    raw = {
        "status": FacilityStatus.OPERATING.value if says_open(row) else "",
        "address": row.address,
        "phone": row.phone,
        "operator": row.operator,
        _capacity_field(facility): str(row.capacity) if row.capacity is not None else "",
    }
    facts = {}
    for name, value in raw.items():
        if not value:
            continue
        try:
            facts[name] = clean_value(name, value)
        except FieldError:
            continue
    return facts


def _new_facility(match: RowMatch, document: SourceDocument, session: Session) -> Facility:
    """A facility made from a register row: classified and placed as an import row is."""
    row = match.row
    cells = {
        "name": row.name,
        "location": row.address or row.place_text,
        "organiser": row.operator,
        "content": row.kind_text,
    }
    record = build_record(
        RowInput(document.file_name, row.line, row.line, None, None, cells),
        plan_region_code=document.region_code or "",
        gazetteer=load_default(),
    )
    identity = record.identity
    existing = session.exec(
        select(Facility).where(Facility.document_id == document.id, Facility.identity == identity)
    ).first()
    values = record.values()
    values.update(status=FacilityStatus.OPERATING, source_line=row.line, source_end_line=row.line)
    facility = existing or Facility(document_id=document.id, identity=identity, **values)
    if existing is not None:
        for key, value in values.items():
            setattr(facility, key, value)
    capacity_field = _capacity_field(facility)
    setattr(facility, capacity_field, row.capacity)
    facility.updated_at = facility.verified_at = utcnow()
    session.add(facility)
    session.flush()
    return facility
