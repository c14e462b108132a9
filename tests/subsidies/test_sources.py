"""Every subsidy and service cites a plan line whose text contains its quote verbatim."""

from functools import cache
from pathlib import Path

import pytest

from portal.services.packages import load_services
from portal.subsidies import load_subsidies

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
SUBSIDIES = load_subsidies()
PLAN_SOURCES = [
    (s.id, s.source.document, s.source.line, s.source.quote) for s in SUBSIDIES if s.source.document
] + [(p.id, src.document, src.line, src.quote) for p in load_services() for src in p.sources]


@cache
def plan_lines(document: str) -> list[str]:
    return (PLANS / document).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(("entry", "document", "line", "quote"), PLAN_SOURCES)
def test_quote_is_on_the_cited_line(entry: str, document: str, line: int, quote: str) -> None:
    assert len(quote) >= 8
    assert quote in plan_lines(document)[line - 1], f"{entry}: quote not on {document}:{line}"


def test_entries_without_a_plan_line_name_their_official_source() -> None:
    others = [s for s in SUBSIDIES if not s.source.document]
    assert [s.id for s in others] == ["national-childcare-subsidy"]
    assert "育儿补贴制度实施方案" in others[0].source.official
    assert others[0].source.url == "https://www.gov.cn/zhengce/202507/content_7033734.htm"


def test_every_plan_is_cited() -> None:
    cited = {document for _, document, _, _ in PLAN_SOURCES}
    assert cited == {p.name for p in PLANS.glob("00*.txt")}


@pytest.mark.parametrize("subsidy", SUBSIDIES, ids=lambda s: s.id)
def test_amount_numbers_appear_in_the_cited_text(subsidy) -> None:
    """An amount in 元 must be written in the plan line (as 元 or as 万元), never invented."""
    if subsidy.amount is None or not subsidy.source.document:
        return
    text = plan_lines(subsidy.source.document)[subsidy.source.line - 1].replace(" ", "")
    values = [v for v in (subsidy.amount.value, subsidy.amount.max_value) if v is not None]
    values += [t.value for t in subsidy.tiers if t.value is not None]
    for value in values:
        # "1-3万元" writes its lower bound without the 万.
        forms = {f"{value:g}", f"{value / 10000:g}万", f"{value / 10000:g}-"}
        assert any(form in text for form in forms), f"{value} not in {subsidy.source.line}"
