"""The subsidies in the database, with the rules the engine runs (parsed once per definition).

Each database row keeps the reviewed YAML entry it was loaded from (``definition``); the rules
are rebuilt from it with the same validating parser as the file, and cached by its content, so
a page asks the engine without re-reading YAML and a reload of data/ is picked up at once.
"""

import json
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, select

from portal.models import Subsidy as SubsidyRow
from portal.subsidies.schema import Subsidy, parse_subsidy


@lru_cache(maxsize=512)
def _parse(definition: str) -> Subsidy:
    return parse_subsidy(Path("database"), 0, json.loads(definition))


def rules_of(row: SubsidyRow) -> Subsidy:
    """The entry behind a database row, as the engine reads it."""
    return _parse(json.dumps(row.definition, sort_keys=True, ensure_ascii=False))


def all_subsidies(session: Session) -> list[tuple[SubsidyRow, Subsidy]]:
    """Every subsidy row with its rules, in a stable order (by id)."""
    rows = session.exec(select(SubsidyRow).order_by(SubsidyRow.id)).all()
    return [(row, rules_of(row)) for row in rows]
