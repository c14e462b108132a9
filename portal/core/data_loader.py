"""Load what the portal starts with from data/: regions, the bundled plans, subsidies, services.

Used by the first start and by ``flask --app portal load-data``. Plans go through the same
import pipeline staff use, so the bundled data meets the same checks.
"""

import dataclasses
from pathlib import Path

import yaml
from sqlalchemy import delete
from sqlmodel import Session, select

from portal.core import db
from portal.models import Facility, ServicePackage, SourceDocument, Subsidy
from portal.places import load_regions
from portal.services.packages import load_services
from portal.subsidies.links import link_facilities
from portal.subsidies.schema import load_subsidies

PLAN_SUFFIXES = (".txt", ".csv", ".xlsx")


def load_all(data_dir: Path, *, user: str) -> dict[str, int]:
    """Regions, then every plan under data/plans, then subsidies and services and their links."""
    from portal.importer.pipeline import apply_import

    with db.transaction() as session:
        regions = load_regions(session)
    summary = {"regions": regions, "plans": 0, "facilities": 0}
    for path in sorted((data_dir / "plans").iterdir()):
        if path.suffix in PLAN_SUFFIXES:
            plan, run = apply_import(path.name, path.read_bytes(), user=user)
            summary["plans"] += run is not None
            summary["facilities"] += plan.counts()["new"]
    with db.transaction() as session:
        summary.update(load_reference_data(session, data_dir, with_regions=False))
    return summary


def load_reference_data(
    session: Session, data_dir: Path, *, with_regions: bool = True
) -> dict[str, int]:
    """Replace subsidies and services with data/'s reviewed files and relink all facilities."""
    summary: dict[str, int] = {}
    if with_regions:
        summary["regions"] = load_regions(session)
    documents = {d.slug: d.id for d in session.exec(select(SourceDocument)).all()}
    session.exec(delete(Subsidy))
    session.exec(delete(ServicePackage))
    subsidies_file = data_dir / "subsidies.yaml"
    subsidies = load_subsidies(subsidies_file)
    entries = yaml.safe_load(subsidies_file.read_text(encoding="utf-8"))
    session.add_all(
        subsidy_row(s, raw, documents) for s, raw in zip(subsidies, entries, strict=True)
    )
    services = load_services(data_dir / "services.yaml")
    session.add_all(service_row(s) for s in services)
    session.flush()
    link_facilities(session, session.exec(select(Facility.id)).all())
    summary.update(subsidies=len(subsidies), services=len(services))
    return summary


def subsidy_row(entry, raw: dict, documents: dict[str, int]) -> Subsidy:
    """The database row of one reviewed entry; ``raw`` is kept for the rule engine."""
    amount, source, validity = entry.amount, entry.source, entry.validity
    document_slug = Path(source.document).stem if source.document else None
    return Subsidy(
        slug=entry.id,
        title=entry.title,
        title_en=entry.title_en,
        beneficiary=entry.beneficiary,
        category=entry.category,
        region_code=entry.place.code,
        place_name=entry.place.name,
        amount_value=amount.value if amount else None,
        amount_max=amount.max_value if amount else None,
        amount_unit=amount.unit if amount else None,
        amount_per=amount.per if amount else None,
        amount_period=amount.period if amount else None,
        amount_text=(amount.text if amount else entry.amount_text) or "",
        tiers=[dataclasses.asdict(t) for t in entry.tiers],
        eligibility=[dataclasses.asdict(r) for r in entry.eligibility],
        conditions=[c.zh for c in entry.confirm] + list(entry.notes),
        how_to_apply=entry.how_to_apply,
        issuer=entry.issuer,
        valid_from=validity.start,
        valid_to=validity.end,
        validity_text=validity.text,
        document_id=documents.get(document_slug) if document_slug else None,
        source_section=source.section,
        source_line=source.line,
        source_quote=source.quote,
        official_source=source.official,
        official_url=source.url,
        definition=raw,
    )


def service_row(package) -> ServicePackage:
    data = _plain(package)
    return ServicePackage(
        slug=package.id,
        name=package.name,
        name_en=package.name_en,
        audience=package.audience,
        items=data["items"],
        who_may_use=package.who_may_use,
        price_cap_text=package.price_cap_text,
        standard_text=package.standard_text,
        offered_by={
            "kinds": data["offered_by_kinds"],
            "keywords": data["offered_by_keywords"],
            "places": data["offered_in"],
        },
        sources=data["sources"],
    )


def _plain(value):
    """A dataclass tree as JSON-ready lists and dicts."""
    return dataclasses.asdict(value, dict_factory=lambda items: {k: _json(v) for k, v in items})


def _json(value):
    if isinstance(value, tuple | list | set | frozenset):
        return [_json(v) for v in value]
    return getattr(value, "value", value)
