"""What a facility page says beyond the plan: the corrected facts with their source and date,
what the plan said before, the registers that list it, and the whole story in order
(planned in 2021, opened 2024, in the register of 2026)."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from portal.curation.corrections import first_values, history
from portal.models import Facility, RegisterEntry, SourceDocument


@dataclass(frozen=True)
class StoryStep:
    when: str  # a year or year-month, as the source says
    kind: str  # planned / corrected / register
    text: str  # the source's words (escaped by the template)
    field: str | None = None
    value: str | None = None


def facility_story(session: Session, facility: Facility) -> dict[str, Any]:
    """``facts`` (field → newest correction), ``plan_said`` (field → value before the first
    correction, when the facility came from a plan), ``registers`` and ``story``."""
    rows = history(session, facility.id)
    facts = {}
    for row in rows:
        facts[row.field] = row
    facts = {k: v for k, v in facts.items() if v.new_value}
    entries = session.exec(
        select(RegisterEntry, SourceDocument)
        .join(SourceDocument, SourceDocument.id == RegisterEntry.document_id)
        .where(RegisterEntry.facility_id == facility.id)
        .order_by(col(RegisterEntry.id))
    ).all()
    document = facility.document
    from_register = document is not None and document.slug.startswith("register-")
    story: list[StoryStep] = []
    if document is not None and not from_register:
        year = facility.period_start or document.year
        story.append(StoryStep(str(year or ""), "planned", document.title))
    status = facts.get("status")
    if status is not None:
        story.append(
            StoryStep(
                status.effective or "", "corrected", status.source, "status", status.new_value
            )
        )
    for entry, register in entries:
        story.append(
            StoryStep(entry.effective or str(register.year or ""), "register", register.title)
        )
    return {
        "facts": facts,
        "plan_said": {} if from_register else first_values(rows),
        "registers": [(entry, register) for entry, register in entries],
        "story": story,
    }
