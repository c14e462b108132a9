"""Household and provider scenarios across the five places, checked against the plans' text.

The engine runs exactly as in production: the shipped data file, the production region
containment (``portal.places.Area`` on the bundled gazetteer), no doubles. Expected outcomes and
amounts are read from the plans (file and line cited per case), not from the engine.
"""

from datetime import date

import pytest

from portal.places import area
from portal.subsidies import Answers, check, load_subsidies
from portal.subsidies.engine import compiled, coverage, holds
from portal.subsidies.schema import Rule

SUBSIDIES = load_subsidies()
BY_ID = {s.id: s for s in SUBSIDIES}
IN_PLAN_PERIOD = date(2025, 6, 1)
AFTER_PLAN_PERIOD = date(2026, 6, 1)


def run(answers: Answers, today: date = IN_PLAN_PERIOD) -> dict[str, object]:
    return {r.subsidy.id: r for r in check(SUBSIDIES, answers, today=today)}


def ids(results: dict, outcome: str) -> set[str]:
    return {i for i, r in results.items() if r.outcome == outcome}


def child(region: str, months: int, **more) -> Answers:
    return Answers(applicant="child", region=region, registration_region=region,
                   child_age_months=months, **more)  # fmt: skip


def older(region: str, age: int, **more) -> Answers:
    return Answers(applicant="older", region=region, registration_region=region, older_age=age,
                   **more)  # fmt: skip


def provider(region: str, kind: str, **more) -> Answers:
    return Answers(applicant="provider", region=region, provider_kind=kind, **more)


def worker(region: str) -> Answers:
    return Answers(applicant="care_worker", region=region, registration_region=region)


# (answers, applies, near misses, amounts {id: (monthly, yearly, once)})
SCENARIOS = {
    # National 育儿补贴 (official source): 3,600 元 a year per child under three.
    "lishui-baby-12m": (
        child("331102", 12),
        {"national-childcare-subsidy"},
        set(),
        {"national-childcare-subsidy": (300, 3600, None)},
    ),
    "lishui-child-35m": (child("331100", 35), {"national-childcare-subsidy"}, set(), {}),
    "lishui-child-36m": (child("331100", 36), set(), {"national-childcare-subsidy"}, {}),
    # 002:525: 二（多）孩 嘉兴户籍 育儿补贴金 only "探索研究"; 困境婴幼儿 fee waiver on request;
    # 002:1427: fee caps bind 普惠 childcare only. None is certain without confirming.
    "jiaxing-second-child": (
        child("330402", 20, children_count=2),
        {"national-childcare-subsidy"},
        {
            "jiaxing-puhui-childcare-fee-cap",
            "jiaxing-second-child-parenting-allowance",
            "jiaxing-hardship-childcare-fee-waiver",
        },
        {},
    ),
    # 嘉兴经济技术开发区 (local code L330400-01) lies in 嘉兴市: the same answers as 南湖区.
    "jiaxing-development-zone-baby": (
        child("L330400-01", 20, children_count=2),
        {"national-childcare-subsidy"},
        {
            "jiaxing-puhui-childcare-fee-cap",
            "jiaxing-second-child-parenting-allowance",
            "jiaxing-hardship-childcare-fee-waiver",
        },
        {},
    ),
    # 003:284: 乳儿班 6-12 months; 5 months is a near miss.
    "jingdezhen-baby-8m": (
        child("360202", 8),
        {"national-childcare-subsidy"},
        {"jingdezhen-puhui-childcare-fee-cap"},
        {},
    ),
    "jingdezhen-baby-5m": (
        child("360202", 5),
        {"national-childcare-subsidy"},
        {"jingdezhen-puhui-childcare-fee-cap"},
        {},
    ),
    # 002:1294: 高龄补贴 for 80+ 户籍, 百岁老人长寿保健金 600 元/月;
    # 002:510: 意外伤害险 for 60+ 户籍.
    "jiaxing-xiuzhou-centenarian": (
        older("330411", 100, care_level="none"),
        {
            "jiaxing-centenarian-longevity-allowance",
            "jiaxing-old-age-allowance",
            "jiaxing-older-accident-insurance",
        },
        {"jiaxing-long-term-care-insurance"},
        {"jiaxing-centenarian-longevity-allowance": (600, 7200, None)},
    ),
    "jiaxing-99": (
        older("330411", 99),
        {"jiaxing-old-age-allowance", "jiaxing-older-accident-insurance"},
        {"jiaxing-centenarian-longevity-allowance", "jiaxing-long-term-care-insurance"},
        {},
    ),
    "jiaxing-haining-65": (
        older("330481", 65),
        {"jiaxing-older-accident-insurance"},
        {"jiaxing-long-term-care-insurance"},
        {},
    ),
    "jiaxing-59": (
        older("330400", 59, care_level="none"),
        set(),
        {"jiaxing-older-accident-insurance", "jiaxing-long-term-care-insurance"},
        {},
    ),
    # 001:412: 本市户籍 low-income 60+ who are 失能/失智, or 80+ who look after themselves.
    "lishui-85-dibao": (
        older("331102", 85, household=frozenset({"dibao"})),
        set(),
        {"lishui-elderly-care-service-subsidy"},  # 须经过评估: to confirm
        {},
    ),
    "lishui-70-dibao-disabled": (
        older("331102", 70, care_level="full", household=frozenset({"dibao"})),
        set(),
        {"lishui-elderly-care-service-subsidy"},
        {},
    ),
    "lishui-59-dibao-disabled": (
        older("331102", 59, care_level="full", household=frozenset({"dibao"})),
        set(),
        {"lishui-elderly-care-service-subsidy"},  # a year short of 60
        {},
    ),
    # 000:1120-1122: family care beds only in six pilot counties, 中、重度失能 only.
    "taizhou-jiaojiang-disabled": (
        older("331002", 75, care_level="full"),
        set(),
        {"taizhou-family-care-bed-nursing-subsidy"},
        {},
    ),
    "taizhou-tiantai-disabled": (older("331023", 75, care_level="full"), set(), set(), {}),
    "taizhou-city-disabled": (older("331000", 75, care_level="full"), set(), set(), {}),
    # 003:273: 特困 basic living and care funds; 003:173 高龄津贴 has no age line: to confirm.
    "jingdezhen-tekun-semi": (
        older("360281", 70, care_level="semi", household=frozenset({"tekun"})),
        {"jingdezhen-tekun-basic-living", "jingdezhen-tekun-care-funds"},
        {"jingdezhen-old-age-allowance"},
        {},
    ),
    "jingdezhen-disabled-not-tekun": (
        older("360281", 70, care_level="full"),
        set(),
        {
            "jingdezhen-tekun-basic-living",
            "jingdezhen-tekun-care-funds",
            "jingdezhen-old-age-allowance",
        },
        {},
    ),
    # 004 has no benefit for older people.
    "hailing-70": (older("321202", 70, care_level="full"), set(), set(), {}),
    # 001:224: star-rated new private homes, 运营一年以上 (to confirm); 公建民营 get operating aid.
    "lishui-private-care-home-4-star": (
        provider("331102", "care_home", beds=100, rating=4, ownership="private"),
        set(),
        {
            "lishui-private-care-home-construction-grant",
            "lishui-private-care-home-operating-subsidy",
            "lishui-provider-social-insurance-subsidy",
        },
        {},
    ),
    "lishui-public-care-home": (
        provider("331102", "care_home", beds=100, rating=4, ownership="public"),
        set(),
        {"lishui-provider-social-insurance-subsidy"},
        {},
    ),
    # 001:415: 青田县 only, 2000 元 per place once: 60 places = 120,000 元.
    "qingtian-childcare-filed": (
        provider("331121", "childcare_centre", places=60, filed=True, puhui=True),
        {"lishui-puhui-childcare-operating-subsidy"},  # 001:230: 普惠 and 备案, nothing more
        {
            "qingtian-childcare-place-grant",
            "lishui-puhui-childcare-construction-grant",
            "lishui-community-childcare-tax-relief",
            "lishui-provider-social-insurance-subsidy",
        },
        {"qingtian-childcare-place-grant": (None, None, 120000)},
    ),
    "lishui-city-childcare-not-qingtian": (
        provider("331100", "childcare_centre", places=60, filed=True, puhui=True),
        {"lishui-puhui-childcare-operating-subsidy"},
        {
            "lishui-puhui-childcare-construction-grant",
            "lishui-community-childcare-tax-relief",
            "lishui-provider-social-insurance-subsidy",
        },
        {},
    ),
    # 004:307: ≤40 places 5万, >40 places 10万; 市级普惠 6万 — each after a year's operation.
    "hailing-40-places": (
        provider("321202", "childcare_centre", places=40, filed=True, puhui=True),
        set(),
        {
            "hailing-childcare-construction-subsidy",
            "hailing-childcare-chain-reward",
            "hailing-city-puhui-childcare-reward",
            "hailing-childcare-operating-subsidy",
            "hailing-childcare-tax-relief",
        },
        {
            "hailing-childcare-construction-subsidy": (None, None, 50000),
            "hailing-city-puhui-childcare-reward": (None, None, 60000),
        },
    ),
    "hailing-41-places": (
        provider("321202", "community_childcare", places=41, filed=True, puhui=False),
        set(),
        None,
        {"hailing-childcare-construction-subsidy": (None, None, 100000)},
    ),
    # 002:1376: 5万 per filed class (no further condition); demo reward by enrolment.
    "jiaxing-childcare-3-classes-120": (
        provider(
            "330402",
            "childcare_centre",
            places=120,
            classes=3,
            filed=True,
            puhui=True,
            ownership="private",
        ),  # fmt: skip
        {"jiaxing-filed-childcare-class-grant"},
        {
            "jiaxing-puhui-childcare-operating-subsidy",
            "jiaxing-childcare-chain-reward",
            "jiaxing-provincial-demo-childcare-reward",
            "jiaxing-demo-childcare-reward",
            "jiaxing-childcare-guidance-centre-funding",
            "jiaxing-community-care-tax-relief",
        },
        {
            "jiaxing-filed-childcare-class-grant": (None, None, 150000),
            "jiaxing-demo-childcare-reward": (None, None, 300000),
        },
    ),
    "jiaxing-childcare-50": (
        provider("330402", "childcare_centre", places=50, classes=1, filed=True),
        None,
        None,
        {
            "jiaxing-demo-childcare-reward": (None, None, 200000),
            "jiaxing-filed-childcare-class-grant": (None, None, 50000),
        },
    ),
    "jiaxing-childcare-49": (
        provider("330402", "childcare_centre", places=49, filed=True),
        None,
        None,
        {"jiaxing-demo-childcare-reward": (None, None, 100000)},
    ),
    # 002:1242: 5A village centre ≥16万 a year, town centre ≥20万 a year (normal operation).
    "jiaxing-village-centre-5a": (
        provider("330421", "home_care_centre", rating=5),
        set(),
        {
            "jiaxing-village-care-centre-operating-grant",
            "jiaxing-town-home-care-centre-operating-grant",
            "jiaxing-health-care-alliance-grant",
            "jiaxing-community-care-tax-relief",
        },
        {
            "jiaxing-village-care-centre-operating-grant": (160000 / 12, 160000, None),
            "jiaxing-town-home-care-centre-operating-grant": (200000 / 12, 200000, None),
        },
    ),
    # 000:1261: ≥3万 start-up once; 1-3万 a year (estimate uses the stated minimum).
    "taizhou-wenling-home-care-centre": (
        provider("331081", "home_care_centre"),
        set(),
        None,
        {
            "taizhou-home-care-centre-startup-grant": (None, None, 30000),
            "taizhou-home-care-centre-operating-grant": (10000 / 12, 10000, None),
        },
    ),
    # 003:273: the training subsidy goes to training bodies; private homes only for the others.
    "jingdezhen-training-body": (
        provider("360202", "training_org"),
        set(),
        {"jingdezhen-childcare-training-subsidy"},
        {},
    ),
    "jingdezhen-public-care-home": (
        provider("360202", "care_home", ownership="public"),
        set(),
        {"jingdezhen-care-business-guaranteed-loan", "jingdezhen-community-care-tax-relief"},
        {},
    ),
    # 002:80: 500 元/人•月 × 10 months for students enrolling, among 十三五 results: never
    # "applies" to a care worker, a near miss that says so.
    "jiaxing-care-worker": (
        worker("330400"),
        set(),
        {"jiaxing-elder-care-student-living-allowance"},
        {"jiaxing-elder-care-student-living-allowance": (500, 5000, None)},
    ),
    "taizhou-care-worker": (
        worker("331004"),
        set(),
        {
            "taizhou-care-worker-post-allowance",
            "taizhou-care-worker-seniority-and-graduate-rewards",
            "taizhou-care-training-subsidy",
        },
        {},
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario(name: str) -> None:
    answers, applies, near, amounts = SCENARIOS[name]
    results = run(answers)
    if applies is not None:
        assert ids(results, "applies") == applies
    if near is not None:
        assert ids(results, "near_miss") == near
    for subsidy_id, (monthly, yearly, once) in amounts.items():
        figures = results[subsidy_id].estimate
        assert results[subsidy_id].outcome in ("applies", "near_miss")
        assert figures.monthly == pytest.approx(monthly) if monthly else figures.monthly is None
        assert figures.yearly == pytest.approx(yearly) if yearly else figures.yearly is None
        assert figures.once == pytest.approx(once) if once else figures.once is None


@pytest.mark.parametrize(
    ("answers", "subsidy_id", "unmet", "confirm"),
    [
        # 001:412 names 失能、失智 or 80+: a self-caring 70-year-old does not qualify by age alone.
        (
            older("331102", 70, care_level="none", household=frozenset({"dibao"})),
            "lishui-elderly-care-service-subsidy",
            ["需为失能、失智老人，或生活能够自理的80周岁以上高龄老人"],
            1,
        ),
        # 003:173 gives no age line: nothing "applies", the visitor is told to confirm.
        (older("360202", 90), "jingdezhen-old-age-allowance", [], 1),
        # 000:1122: 中、重度失能 is an assessment the form cannot ask for: to confirm.
        (
            older("331002", 80, care_level="semi"),
            "taizhou-family-care-bed-nursing-subsidy",
            [],
            2,
        ),
        (
            older("331002", 80, care_level="none"),
            "taizhou-family-care-bed-nursing-subsidy",
            ["需经能力评估达到中、重度失能"],
            2,
        ),
        (child("330402", 20), "jiaxing-second-child-parenting-allowance", [None], 2),
    ],
)
def test_plan_conditions_the_form_cannot_ask_are_to_confirm(answers, subsidy_id, unmet, confirm):
    result = run(answers)[subsidy_id]
    assert result.outcome == "near_miss"
    assert [r.message for r in result.unmet] == [
        m if m else BY_ID[subsidy_id].eligibility[2].message for m in unmet
    ]
    assert len(result.to_confirm) == confirm


def test_nothing_with_conditions_to_confirm_ever_applies() -> None:
    """Across many answers, an entry with conditions to confirm is at best a near miss."""
    answers = [
        older(code, age, care_level=care, household=frozenset({"dibao", "tekun"}))
        for code in ("331102", "330411", "331002", "360281", "321202")
        for age in (60, 80, 100)
        for care in ("none", "semi", "full")
    ] + [
        provider(
            code,
            kind,
            places=60,
            beds=60,
            classes=3,
            rating=5,
            puhui=True,
            filed=True,
            ownership="private",
        )  # fmt: skip
        for code in ("331121", "330402", "331081", "360202", "321202")
        for kind in ("care_home", "home_care_centre", "childcare_centre", "training_org")
    ]
    for one in answers:
        for result in check(SUBSIDIES, one, today=IN_PLAN_PERIOD):
            if result.subsidy.confirm:
                assert result.outcome != "applies", (result.subsidy.id, one)


@pytest.mark.parametrize(
    ("answers", "subsidy_id", "label", "cap"),
    [
        (child("360202", 6), "jingdezhen-puhui-childcare-fee-cap", "乳儿班（6-12个月）", 2200),
        (child("360202", 12), "jingdezhen-puhui-childcare-fee-cap", "托小班（12-24个月）", 2000),
        (child("360202", 35), "jingdezhen-puhui-childcare-fee-cap", "托大班（24-36个月）", 1700),
        (
            provider("331100", "care_home", rating=5, ownership="private"),
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
    assert result.outcome in ("applies", "near_miss")
    assert result.tier.label == label
    assert result.tier.max_value == cap
    assert result.estimate.monthly is None  # caps are not money; per-resident counts unknown


def test_lishui_star_tier_values_follow_the_plan() -> None:
    """001:224: 五星级 300、四星级 240、三星级 200、二星级 160、一星级 120 元/人/月."""
    subsidy = BY_ID["lishui-private-care-home-operating-subsidy"]
    assert [(t.label, t.value) for t in subsidy.tiers] == [
        ("五星级", 300),
        ("四星级", 240),
        ("三星级", 200),
        ("二星级", 160),
        ("一星级", 120),
    ]


def test_plan_entries_end_with_their_plan_period_and_national_one_stays_in_force() -> None:
    """All five plans cover 2021–2025; the national 育儿补贴 runs from 2025 with no end."""
    later = run(older("330400", 100), today=AFTER_PLAN_PERIOD)
    allowance = later["jiaxing-centenarian-longevity-allowance"]
    assert (allowance.outcome, allowance.ended, allowance.in_force) == ("applies", True, False)
    during = run(older("330400", 100), today=IN_PLAN_PERIOD)
    assert during["jiaxing-centenarian-longevity-allowance"].ended is False
    assert during["jiaxing-centenarian-longevity-allowance"].in_force is False  # a plan's aim
    baby = run(child("330400", 3), today=AFTER_PLAN_PERIOD)["national-childcare-subsidy"]
    assert (baby.ended, baby.in_force) == (False, True)
    # 002:80 describes the student allowance among 2016–2020 results.
    assert run(worker("330400"))["jiaxing-elder-care-student-living-allowance"].ended is True


def test_other_cities_and_other_applicants_are_never_near_misses() -> None:
    results = run(child("331100", 43))
    assert ids(results, "near_miss") == set()  # 43 months: seven months past the limit
    assert results["lishui-puhui-childcare-construction-grant"].outcome == "not_applicable"
    assert ids(run(child("331100", 40)), "near_miss") == {"national-childcare-subsidy"}


@pytest.mark.parametrize(
    ("code", "inside"),
    [
        ("330400", True),  # the city itself
        ("330411", True),  # 秀洲区
        ("330481", True),  # 海宁市, a county-level city
        ("L330400-01", True),  # 嘉兴经济技术开发区 (local_places.csv, parent 330400)
        ("330402007", True),  # 建设街道, a street of 南湖区
        ("330000", False),  # 浙江省 is larger than 嘉兴市
        ("331100", False),
        ("321202", False),
    ],
)
def test_region_rules_ask_the_production_gazetteer(code: str, inside: bool) -> None:
    rule = Rule("region", "within", "330400")
    answers = Answers(applicant="older", region=code)
    assert holds(rule, answers) is inside


def test_list_valued_regions_admit_each_listed_county_only() -> None:
    """000:1120: 椒江区、黄岩区、路桥区、临海市、温岭市、玉环市; not 天台县, not all 台州市."""
    rules = compiled(BY_ID["taizhou-family-care-bed-construction-subsidy"])
    for code, expected in [
        ("331002", True),
        ("331003", True),
        ("331004", True),
        ("331082", True),
        ("331081", True),
        ("331083", True),
        ("331023", False),
        ("331000", False),
    ]:
        answers = Answers(applicant="provider", region=code, provider_kind="care_home")
        assert rules.could_apply(answers) is expected, code


def test_coverage_of_a_place_for_the_list_filter() -> None:
    qingtian = BY_ID["qingtian-childcare-place-grant"]
    assert coverage(qingtian, area("331121")) == "all"
    assert coverage(qingtian, area("331100")) == "part"  # 丽水市 lists it, "only in 青田县"
    assert coverage(qingtian, area("331102")) is None
    national = BY_ID["national-childcare-subsidy"]
    assert coverage(national, area("321202")) == "all"
