"""How much a subsidy comes to for some answers: a month, a year, or once — or unknown.

Only ``kind: benefit`` amounts are money received (a fee cap or a loan is not). A range or an
"at least" amount is estimated at its lower bound; several tiers the answers cannot choose
between give no single figure.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from portal.subsidies.answers import Answers
from portal.subsidies.rules import holds
from portal.subsidies.schema import Amount, Subsidy, Tier


@dataclass(frozen=True)
class Estimate:
    """``monthly``/``yearly`` for recurring amounts, ``once`` for one-off ones; None if unknown."""

    monthly: float | None = None
    yearly: float | None = None
    once: float | None = None
    tier: Tier | None = None

    @property
    def known(self) -> bool:
        return any(v is not None for v in (self.monthly, self.yearly, self.once))


def _multiplier(amount: Amount, answers: Answers) -> float | None:
    """How many units the amount is paid for; None when the answers cannot tell."""
    if amount.per in {"child", "person"}:
        # A family or older person asks about one child / one person; a provider's
        # headcount of residents is not asked, so its per-person totals stay unknown.
        return 1 if answers.applicant != "provider" else None
    counts = {"place": answers.places, "bed": answers.beds, "class": answers.classes}
    if amount.per in counts:
        return counts[amount.per]
    return 1 if amount.per == "facility" else None


def pick_tier(tiers: Iterable[Tier], answers: Answers) -> Tier | None:
    """The first tier whose ``when`` rules all hold for the answers."""
    for tier in tiers:
        if tier.when and all(holds(r, answers) for r in tier.when):
            return tier
    return None


def estimate(subsidy: Subsidy, answers: Answers) -> Estimate:
    """The amounts of one subsidy for these answers, at the plan's stated standard."""
    amount = subsidy.amount
    tier = pick_tier(subsidy.tiers, answers)
    if amount is None or amount.kind != "benefit":
        return Estimate(tier=tier)
    if tier is not None:
        value = tier.value
    elif subsidy.tiers:
        value = None  # several tiers and the answers do not say which: no single figure
    else:
        value = amount.value
    count = _multiplier(amount, answers)
    if value is None or count is None:
        return Estimate(tier=tier)
    total = float(value) * count
    if amount.period == "once":
        return Estimate(once=total, tier=tier)
    if amount.period == "month":
        return Estimate(total, total * amount.months_per_year, None, tier)
    return Estimate(total / 12, total, None, tier)
