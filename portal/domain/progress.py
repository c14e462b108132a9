"""How far along a plan's project probably is today, from what the plan said and when.

The plans were written in 2021–2023 and their period has ended. A project the plan said would
be finished by a year that has passed may well be open by now, but nothing in the plan says
so: it is *past due*, to be checked, neither "open" nor "not open".

Imports nothing of the portal but the vocabulary.
"""

from portal.domain import FacilityStatus

_NOT_DONE = frozenset(
    {
        FacilityStatus.UNDER_CONSTRUCTION,
        FacilityStatus.PLANNED,
        FacilityStatus.PROPOSED,
        FacilityStatus.UNKNOWN,
    }
)
# Most likely usable now first: operating, past due, building, planned, proposed, not stated.
_RANK = {
    FacilityStatus.OPERATING: 0,
    FacilityStatus.UNDER_CONSTRUCTION: 2,
    FacilityStatus.PLANNED: 3,
    FacilityStatus.PROPOSED: 4,
    FacilityStatus.UNKNOWN: 5,
}
PAST_DUE_RANK = 1


def is_past_due(status: str, end_year: int | None, this_year: int) -> bool:
    """Whether the plan's completion year has passed for a project it did not call operating."""
    return status in _NOT_DONE and end_year is not None and end_year < this_year


def usable_now_rank(status: str, end_year: int | None, this_year: int) -> int:
    """Browse rank: 0 operating, 1 past due, 2 under construction, 3 planned, 4 proposed,
    5 not stated; an unknown status value last of all."""
    if is_past_due(status, end_year, this_year):
        return PAST_DUE_RANK
    return _RANK.get(status, 9)  # type: ignore[call-overload]
