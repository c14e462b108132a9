"""The check's answer as JSON for ``/api/v1/subsidies/check``: the same results as the page."""

from flask_babel import gettext as _

from portal.models import Subsidy as SubsidyRow
from portal.subsidies import wording
from portal.subsidies.catalogue import rules_of
from portal.subsidies.engine import CheckResult
from portal.subsidies.pages import CheckPage, Totals


def _totals(totals: Totals) -> dict:
    return {
        "monthly": totals.monthly,
        "yearly": totals.yearly,
        "once": totals.once,
        "counted": totals.counted,
        "without_stated_amount": totals.without_figure,
    }


def _item(row: SubsidyRow, result: CheckResult) -> dict:
    subsidy = rules_of(row)
    plan = subsidy.plan_period
    unanswered = set(result.unanswered)
    return {
        "id": row.slug,
        "title": row.title,
        "title_en": row.title_en,
        "place": row.place_name,
        "amount_text": row.amount_text or None,
        "monthly_estimate_yuan": result.estimate.monthly,
        "yearly_estimate_yuan": result.estimate.yearly,
        "once_estimate_yuan": result.estimate.once,
        "in_force": result.in_force,
        "plan_period_ended": result.ended,
        "plan_period": {"from": plan.start, "to": plan.end, "text": plan.text} if plan else None,
        "verify_with": row.issuer,
        "reasons": [wording.reason(rule) for rule in result.met],
        "missing": [wording.missing(r, unanswered=r in unanswered) for r in result.unmet],
        "to_confirm": [wording.condition(c) for c in result.to_confirm],
        "source": {
            "kind": "plan" if row.document_id else "official_summary",
            "document": row.document_id,
            "line": row.source_line,
            "quote": row.source_quote,
            "official": row.official_source,
            "url": row.official_url,
        },
    }


def check_as_json(page: CheckPage) -> dict:
    """Benefits in force and what the ended plans set, kept apart, with their own totals."""
    return {
        "errors": page.errors,
        "applies": [_item(*pair) for pair in page.in_force + page.plan_set],
        "near_misses": [_item(*pair) for pair in page.near_misses],
        "estimated_total_yuan": _totals(page.in_force_total),
        "plan_standard_total_yuan": _totals(page.plan_total),
        "note": _(
            "The estimated total counts only benefits in force. The plans' periods (2021–2025) "
            "have ended: their amounts are what the plans set, to be confirmed with the issuer."
        ),
    }
