"""Household and provider scenarios across the five places, checked against the plans' text.

Expected amounts are read from the plans (cited per case), not from the engine.
"""

from datetime import date

import pytest

from portal.subsidies import Answers, check, load_subsidies
from portal.subsidies.engine import describe
from portal.subsidies.schema import Rule

SUBSIDIES = load_subsidies()
IN_PLAN_PERIOD = date(2025, 6, 1)


def within(code: str, ancestor: str) -> bool:
    """Administrative-code ancestry: 331102 (莲都区) is within 331100 (丽水市) and 330000."""
    prefix = ancestor
    while prefix.endswith("00"):
        prefix = prefix[:-2]
    return code.startswith(prefix)


def run(answers: Answers, today: date = IN_PLAN_PERIOD) -> dict[str, object]:
    results = check(SUBSIDIES, answers, region_within=within, today=today)
    return {r.subsidy.id: r for r in results}


def ids(results: dict, outcome: str) -> set[str]:
    return {i for i, r in results.items() if r.outcome == outcome}


def child(region: str, months: int, **more) -> Answers:
    return Answers(
        applicant="child",
        region=region,
        registration_region=region,
        child_age_months=months,
        **more,
    )


def older(region: str, age: int, **more) -> Answers:
    return Answers(
        applicant="older", region=region, registration_region=region, older_age=age, **more
    )


def provider(region: str, kind: str, **more) -> Answers:
    return Answers(
        applicant="provider", region=region, registration_region=region, provider_kind=kind, **more
    )


# (answers, applies, near misses {id: missing}, amounts {id: (monthly, yearly, once)})
SCENARIOS = {
    # 育儿补贴: 3600 元 per child per year under three.
    "lishui-baby-12m": (
        child("331102", 12),
        {"national-childcare-subsidy"},
        {},
        {"national-childcare-subsidy": (300, 3600, None)},
    ),
    "lishui-child-35m": (child("331100", 35), {"national-childcare-subsidy"}, {}, {}),
    "lishui-child-36m": (
        child("331100", 36),
        set(),
        {"national-childcare-subsidy": ["孩子已满3周岁"]},
        {},
    ),
    # 嘉兴 line 525: 二（多）孩 育儿补贴金 (no amount), 困境婴幼儿 fee waiver.
    "jiaxing-second-child": (
        child("330402", 20, children_count=2),
        {
            "national-childcare-subsidy",
            "jiaxing-puhui-childcare-fee-cap",
            "jiaxing-second-child-parenting-allowance",
        },
        {"jiaxing-hardship-childcare-fee-waiver": ["需为困境家庭"]},
        {"jiaxing-second-child-parenting-allowance": (None, None, None)},
    ),
    "jiaxing-first-child-dibao": (
        child("330402", 20, children_count=1, household=frozenset({"dibao"})),
        {
            "national-childcare-subsidy",
            "jiaxing-puhui-childcare-fee-cap",
            "jiaxing-hardship-childcare-fee-waiver",
        },
        {"jiaxing-second-child-parenting-allowance": ["需为符合政策生育的二孩或多孩家庭"]},
        {},
    ),
    # 景德镇 line 284 fee caps: 乳儿班 6-12 months ≤2200, so 5 months is a near miss.
    "jingdezhen-baby-8m": (
        child("360202", 8),
        {"national-childcare-subsidy", "jingdezhen-puhui-childcare-fee-cap"},
        {},
        {"jingdezhen-puhui-childcare-fee-cap": (None, None, None)},
    ),
    "jingdezhen-baby-5m": (
        child("360202", 5),
        {"national-childcare-subsidy"},
        {"jingdezhen-puhui-childcare-fee-cap": ["乳儿班起收6个月，托大班至36个月"]},
        {},
    ),
    # 嘉兴 line 1294: 百岁老人 600 元/月; 高龄补贴 from 80; line 510: 意外伤害险 from 60.
    "jiaxing-centenarian": (
        older("330411", 100, care_level="none"),
        {
            "jiaxing-centenarian-longevity-allowance",
            "jiaxing-old-age-allowance",
            "jiaxing-older-accident-insurance",
        },
        {"jiaxing-long-term-care-insurance": ["需经失能等级评定为失能或半失能"]},
        {"jiaxing-centenarian-longevity-allowance": (600, 7200, None)},
    ),
    "jiaxing-99": (
        older("330411", 99),
        {"jiaxing-old-age-allowance", "jiaxing-older-accident-insurance"},
        {
            "jiaxing-centenarian-longevity-allowance": ["需年满100周岁"],
            "jiaxing-long-term-care-insurance": [
                "未填写失能等级（需经失能等级评定为失能或半失能）"
            ],
        },
        {},
    ),
    "jiaxing-79-disabled": (
        older("330400", 79, care_level="full"),
        {"jiaxing-older-accident-insurance", "jiaxing-long-term-care-insurance"},
        {
            "jiaxing-old-age-allowance": ["需年满80周岁"],  # 100 is too far off to be "nearly"
        },
        {},
    ),
    "jiaxing-80": (
        older("330400", 80, care_level="semi"),
        {
            "jiaxing-older-accident-insurance",
            "jiaxing-long-term-care-insurance",
            "jiaxing-old-age-allowance",
        },
        {},  # 100 is twenty years off: not "nearly"
        {},
    ),
    "jiaxing-59": (
        older("330400", 59, care_level="none"),
        set(),
        {
            "jiaxing-older-accident-insurance": ["需年满60周岁"],  # a year away
            "jiaxing-long-term-care-insurance": ["需经失能等级评定为失能或半失能"],
        },
        {},
    ),
    # 丽水 line 412: 本市户籍低收入家庭 60+ → 养老服务补贴 (no amount stated).
    "lishui-85-dibao": (
        older("331102", 85, household=frozenset({"dibao"})),
        {"lishui-elderly-care-service-subsidy"},
        {},
        {"lishui-elderly-care-service-subsidy": (None, None, None)},
    ),
    "lishui-85-not-poor": (
        older("331102", 85),
        set(),
        {"lishui-elderly-care-service-subsidy": ["需为低收入家庭（低保、低边或特困）"]},
        {},
    ),
    "lishui-59-dibao": (
        older("331102", 59, household=frozenset({"dibao"})),
        set(),
        {"lishui-elderly-care-service-subsidy": ["需年满60周岁"]},
        {},
    ),
    # 台州 line 1122: 家庭养老照护床位 pilot counties only (椒江 yes, 天台 no).
    "taizhou-jiaojiang-disabled": (
        older("331002", 75, care_level="full"),
        {"taizhou-family-care-bed-nursing-subsidy"},
        {},
        {},
    ),
    "taizhou-tiantai-disabled": (older("331023", 75, care_level="full"), set(), {}, {}),
    # 景德镇 line 273: 特困 basic living, care funds for 特困失能/半失能.
    "jingdezhen-tekun-semi": (
        older("360281", 70, care_level="semi", household=frozenset({"tekun"})),
        {
            "jingdezhen-tekun-basic-living",
            "jingdezhen-tekun-care-funds",
            "jingdezhen-old-age-allowance",
        },
        {},
        {},
    ),
    "jingdezhen-disabled-not-tekun": (
        older("360281", 70, care_level="full"),
        {"jingdezhen-old-age-allowance"},
        {
            "jingdezhen-tekun-basic-living": ["需为特困人员"],
            "jingdezhen-tekun-care-funds": ["需为特困人员"],
        },
        {},
    ),
    # 丽水 line 224: star-rated private care homes; 4 stars → 240 元 per resident per month.
    "lishui-care-home-4-star": (
        provider("331102", "care_home", beds=100, rating=4),
        {
            "lishui-private-care-home-construction-grant",
            "lishui-private-care-home-operating-subsidy",
            "lishui-provider-social-insurance-subsidy",
        },
        {},
        {"lishui-private-care-home-operating-subsidy": (None, None, None)},
    ),
    "lishui-care-home-unrated": (
        provider("331102", "care_home", beds=100),
        {"lishui-provider-social-insurance-subsidy"},
        {
            "lishui-private-care-home-construction-grant": ["未填写等级（需经等级评定为星级机构）"],
            "lishui-private-care-home-operating-subsidy": ["未填写等级（需经等级评定为星级机构）"],
        },
        {},
    ),
    # 丽水 line 415: 青田县 2000 元 per place once → 60 places = 120000.
    "qingtian-childcare-filed": (
        provider("331121", "childcare_centre", places=60, filed=True, puhui=False),
        {
            "qingtian-childcare-place-grant",
            "lishui-community-childcare-tax-relief",
            "lishui-provider-social-insurance-subsidy",
        },
        {
            "lishui-puhui-childcare-construction-grant": ["需为普惠性托育机构"],
            "lishui-puhui-childcare-operating-subsidy": ["需为普惠性托育机构"],
        },
        {"qingtian-childcare-place-grant": (None, None, 120000)},
    ),
    "liandu-childcare-not-qingtian": (
        provider("331102", "childcare_centre", places=60, filed=True, puhui=True),
        {
            "lishui-puhui-childcare-construction-grant",
            "lishui-puhui-childcare-operating-subsidy",
            "lishui-community-childcare-tax-relief",
            "lishui-provider-social-insurance-subsidy",
        },
        {},
        {"lishui-puhui-childcare-construction-grant": (None, None, None)},
    ),
    # 海陵 line 307: ≤40 places 5万, >40 places 10万; chain reward 10万; 市级普惠 6万.
    "hailing-40-places": (
        provider("321202", "childcare_centre", places=40, filed=True, puhui=True),
        {
            "hailing-childcare-construction-subsidy",
            "hailing-childcare-chain-reward",
            "hailing-city-puhui-childcare-reward",
            "hailing-childcare-operating-subsidy",
            "hailing-childcare-tax-relief",
        },
        {},
        {
            "hailing-childcare-construction-subsidy": (None, None, 50000),
            "hailing-city-puhui-childcare-reward": (None, None, 60000),
        },
    ),
    "hailing-41-places": (
        provider("321202", "community_childcare", places=41, filed=True, puhui=False),
        {
            "hailing-childcare-construction-subsidy",
            "hailing-childcare-chain-reward",
            "hailing-childcare-operating-subsidy",
            "hailing-childcare-tax-relief",
        },
        {"hailing-city-puhui-childcare-reward": ["需评为市级普惠托育机构"]},
        {"hailing-childcare-construction-subsidy": (None, None, 100000)},
    ),
    "hailing-not-filed": (
        provider("321202", "childcare_centre", places=30, filed=False, puhui=False),
        {
            "hailing-childcare-chain-reward",
            "hailing-childcare-operating-subsidy",
            "hailing-childcare-tax-relief",
        },
        {
            "hailing-childcare-construction-subsidy": ["需通过备案"],
            "hailing-city-puhui-childcare-reward": ["需评为市级普惠托育机构"],
        },
        {},
    ),
    # 嘉兴 line 1376: 5万 per filed class; demo reward 10/20/30万 by enrolment (<50, 50-99, ≥100).
    "jiaxing-childcare-3-classes-120": (
        provider("330402", "childcare_centre", places=120, classes=3, filed=True, puhui=True),
        {
            "jiaxing-puhui-childcare-operating-subsidy",
            "jiaxing-childcare-chain-reward",
            "jiaxing-provincial-demo-childcare-reward",
            "jiaxing-filed-childcare-class-grant",
            "jiaxing-demo-childcare-reward",
            "jiaxing-sunflower-construction-reward",
            "jiaxing-childcare-guidance-centre-funding",
            "jiaxing-community-care-tax-relief",
            "jiaxing-health-care-alliance-grant",
        },
        {},
        {
            "jiaxing-filed-childcare-class-grant": (None, None, 150000),
            "jiaxing-demo-childcare-reward": (None, None, 300000),
            "jiaxing-puhui-childcare-operating-subsidy": (None, None, None),
        },
    ),
    "jiaxing-childcare-50": (
        provider("330402", "childcare_centre", places=50, classes=1, filed=True, puhui=True),
        None,
        {},
        {
            "jiaxing-demo-childcare-reward": (None, None, 200000),
            "jiaxing-filed-childcare-class-grant": (None, None, 50000),
        },
    ),
    "jiaxing-childcare-49": (
        provider("330402", "childcare_centre", places=49, filed=True, puhui=True),
        None,
        {},
        {"jiaxing-demo-childcare-reward": (None, None, 100000)},
    ),
    # 嘉兴 line 1242: 5A village care centre ≥16万 a year; 2A is below the 3A threshold.
    "jiaxing-village-centre-5a": (
        provider("330421", "home_care_centre", rating=5),
        None,
        {},
        {
            "jiaxing-village-care-centre-operating-grant": (160000 / 12, 160000, None),
            "jiaxing-town-home-care-centre-operating-grant": (200000 / 12, 200000, None),
        },
    ),
    "jiaxing-village-centre-2a": (
        provider("330421", "day_care_centre", rating=2),
        None,
        {"jiaxing-village-care-centre-operating-grant": ["需评定为3A级及以上"]},
        {},
    ),
    # 台州 line 1261: ≥3万 start-up once; 1-3万 a year (estimate uses the stated minimum).
    "taizhou-home-care-centre": (
        provider("331081", "home_care_centre"),
        None,
        {},
        {
            "taizhou-home-care-centre-startup-grant": (None, None, 30000),
            "taizhou-home-care-centre-operating-grant": (10000 / 12, 10000, None),
        },
    ),
    # 嘉兴 line 80: 500 元/人•月 for 10 months a school year.
    "jiaxing-care-student": (
        Answers(applicant="care_worker", region="330400", registration_region="330400"),
        {"jiaxing-elder-care-student-living-allowance"},
        {},
        {"jiaxing-elder-care-student-living-allowance": (500, 5000, None)},
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario(name: str) -> None:
    answers, applies, near, amounts = SCENARIOS[name]
    results = run(answers)
    if applies is not None:
        assert ids(results, "applies") == applies
    for subsidy_id, missing in near.items():
        assert results[subsidy_id].outcome == "near_miss"
        assert results[subsidy_id].missing == missing
    if applies is not None:
        assert ids(results, "near_miss") == set(near)
    for subsidy_id, (monthly, yearly, once) in amounts.items():
        result = results[subsidy_id]
        assert result.outcome == "applies"
        assert result.monthly == pytest.approx(monthly) if monthly else result.monthly is None
        assert result.yearly == pytest.approx(yearly) if yearly else result.yearly is None
        assert result.once == pytest.approx(once) if once else result.once is None


@pytest.mark.parametrize(
    ("answers", "subsidy_id", "label", "cap"),
    [
        (child("360202", 6), "jingdezhen-puhui-childcare-fee-cap", "乳儿班（6-12个月）", 2200),
        (child("360202", 12), "jingdezhen-puhui-childcare-fee-cap", "托小班（12-24个月）", 2000),
        (child("360202", 35), "jingdezhen-puhui-childcare-fee-cap", "托大班（24-36个月）", 1700),
        (
            provider("331100", "care_home", rating=5),
            "lishui-private-care-home-operating-subsidy",
            "五星级",
            None,
        ),
        (
            older("360200", 70, care_level="full", household=frozenset({"tekun"})),
            "jingdezhen-tekun-care-funds",
            "失能",
            None,
        ),
    ],
)
def test_tier_chosen_from_answers(answers, subsidy_id, label, cap) -> None:
    result = run(answers)[subsidy_id]
    assert result.outcome == "applies"
    assert result.tier.label == label
    assert result.tier.max_value == cap
    assert result.monthly is None  # caps are not money received; per-resident counts unknown


def test_lishui_star_tier_values_follow_the_plan() -> None:
    """Line 224: 五星级 300、四星级 240、三星级 200、二星级 160、一星级 120 元/人/月."""
    subsidy = next(s for s in SUBSIDIES if s.id == "lishui-private-care-home-operating-subsidy")
    assert [(t.label, t.value) for t in subsidy.tiers] == [
        ("五星级", 300),
        ("四星级", 240),
        ("三星级", 200),
        ("二星级", 160),
        ("一星级", 120),
    ]


def test_plan_subsidies_expire_after_2025_but_national_does_not() -> None:
    results = run(older("330400", 100), today=date(2026, 11, 23))
    assert results["jiaxing-centenarian-longevity-allowance"].expired is True
    assert results["jiaxing-centenarian-longevity-allowance"].outcome == "applies"
    baby = run(child("330400", 3), today=date(2026, 11, 23))
    assert baby["national-childcare-subsidy"].expired is False


def test_other_cities_and_other_applicants_are_never_near_misses() -> None:
    results = run(child("331100", 40))
    assert ids(results, "near_miss") == {"national-childcare-subsidy"}
    assert results["lishui-puhui-childcare-construction-grant"].outcome == "not_applicable"


def test_reasons_name_the_rules_that_hold() -> None:
    result = run(child("331100", 12))["national-childcare-subsidy"]
    assert result.reasons == ["符合：申请人需为孩子（婴幼儿家庭）", "符合：孩子月龄需小于36"]


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (Rule("older_age", "ge", 80), "老人年龄需不少于80"),
        (Rule("household", "contains", ("dibao", "tekun")), "家庭情况需包含低保、特困"),
        (Rule("provider_kind", "in", ("care_home",)), "机构类型需为养老机构之一"),
        (Rule("child_age_months", "between", (6, 35)), "孩子月龄需在6至35之间"),
    ],
)
def test_rules_read_as_plain_chinese(rule: Rule, text: str) -> None:
    assert describe(rule) == text
