"""Every fault named in issue 13, checked on the imported plans against the plan text.

The table was written by reading each row in the plans (file:line of data/plans/, identical to
the seeds), not from the importer's output. The issue names rows by database id (the import
order); here they are found by name. Kinds:

* ``related_project`` — in a plan's list but no care place: sports, culture, tourism, hospital
  buildings without care beds, disability services;
* ``nursery_class`` — a kindergarten's 托班 (not a childcare centre);
* ``combined`` — a welfare centre for old and young.
"""

from pathlib import Path

import pytest
from sqlmodel import select

from portal.core import db
from portal.domain import Audience, FacilityKind
from portal.models import Facility, FacilityService, FacilitySubsidy, Region

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
FILES = {
    "000": "000_4fe4d2000453b318.txt",
    "001": "001_4999b758cfac438e.txt",
    "002": "002_91c2d8c99d12d04a.txt",
    "003": "003_4e88682039944ece.txt",
}
K = FacilityKind
RELATED = K.RELATED_PROJECT

# (issue id, plan, line, name as the plan writes it, kind, what the plan says)
CLASSES = [
    (83, "001", 281, "松阳县全民健身中心", RELATED, "体育场、体育馆、游泳馆"),
    (112, "001", 312, "缙云县市民发展中心", RELATED, "全民健身中心及游泳馆、科技文化发展中心"),
    (113, "001", 313, "缙云县黄帝文化园项目", RELATED, "中华黄帝文化博物馆"),
    (81, "001", 279, "庆元县经典文创带·静心养生园", RELATED, "精品乡村带…户外运动…游泳基地"),
    (86, "001", 284, "遂昌县康养600—高坪乡“花林天府小镇”", RELATED, "高山杜鹃花园…避暑山庄"),
    (90, "001", 289, "丽水市白云国家森林公园森林康养体验步道", RELATED, "步道、吊桥、栈道"),
    (91, "001", 290, "丽水市白云森林康养小镇（一期）", RELATED, "广场、停车场、游客接待中心"),
    (125, "001", 327, "景宁县环炉西峡畚耕探秘公园", RELATED, "峡谷探险探秘、生态休闲度假"),
    (56, "000", 869, "天台县街头镇嘉图康养中心项目", RELATED, "休闲度假区…度假酒店"),
    (263, "003", 249, "景德镇市第二人民医院医疗服务能力提升工程", RELATED, "门诊医技住院综合楼"),
    (262, "003", 248, "景德镇市中医医院医养结合及中医药服务能力提升改扩建工程", RELATED,
     "综合急诊、名医传承中心、医养病房、特需病房"),
    (92, "001", 291, "丽水市第二人民医院旧址改造招商项目", RELATED, "只写了占地和建筑面积"),
    (42, "000", 729, "临海市浙东健康城项目", RELATED, "康复中心、体检中心、医美中心…全龄住宅"),
    (135, "001", 340, "丽水市妇幼保健院儿童健康大楼工程", RELATED, "儿外病区、儿内病区"),
    (97, "001", 296, "青田县残疾人公办托养中心", RELATED, "组织实施单位 青田县残联"),
    (8, "000", 347, "心海社区幼儿园示范性托育服务中心项目", K.NURSERY_CLASS,
     "含幼儿园18班、幼儿托育3个班"),
    (47, "000", 779, "临海市大孚幼儿园有限公司托育中心项目", K.NURSERY_CLASS, "大孚幼儿园及托育"),
    (67, "000", 981, "仙居县乐童托育服务设施项目", K.NURSERY_CLASS, "包括乐童幼儿园和托育服务中心"),
    (260, "003", 246, "景德镇市社会福利中心项目", K.COMBINED, "养老服务功能区、儿童养育功能区"),
    (195, "002", 621, "嘉善县罗星街道养老服务中心", K.MEDICAL_CARE,
     "卫生医疗服务用房共设300张床位；养老服务用房共设416张床位"),
    (196, "002", 630, "嘉善县魏塘街道健康颐养中心", K.MEDICAL_CARE,
     "卫生医疗服务用房共设300张床位，养老服务用房共设300张床位"),
]  # fmt: skip


def _squashed(text: str) -> str:
    return "".join(text.split())


def _facility(name: str) -> Facility:
    rows = db.get_session().exec(select(Facility)).all()
    found = [f for f in rows if _squashed(f.name) == _squashed(name)]
    assert len(found) == 1, f"{name}: {len(found)} rows"
    return found[0]


@pytest.mark.parametrize(("plan", "line", "name"), [row[1:4] for row in CLASSES])
def test_the_table_cites_the_plan_lines(plan, line, name):
    lines = (PLANS / FILES[plan]).read_text(encoding="utf-8").splitlines()
    # Layout 3 (003) wraps a name across the next cells of its line; layout 1 (000, 002)
    # holds one cell a line. Either way the name is on the cited line, spaces aside.
    assert _squashed(name)[:12] in _squashed(lines[line - 1])


@pytest.mark.parametrize(("issue_id", "name", "kind"), [(r[0], r[3], r[4]) for r in CLASSES])
def test_rows_are_classed_as_the_plans_describe_them(loaded_app, issue_id, name, kind):
    with loaded_app.app_context():
        facility = _facility(name)
    assert facility.id == issue_id  # the issue's ids follow the import order
    assert facility.kind == kind


def test_a_welfare_centre_for_old_and_young_serves_both(loaded_app):
    with loaded_app.app_context():
        assert _facility("景德镇市社会福利中心项目").audience == Audience.BOTH  # 003:246


def test_kindergartens_are_not_for_under_threes(loaded_app):
    # 001:368 庆元县幼儿园建设工程 (幼儿园, no 托班) is for ages 3–6.
    with loaded_app.app_context():
        facility = _facility("庆元县幼儿园建设工程")
    assert (facility.kind, facility.audience) == (K.KINDERGARTEN, Audience.PRESCHOOL)


# Capacities as written.
def test_per_site_classes_are_multiplied(loaded_app):
    # 001:368 "建设后田等 5 个幼儿园，每个幼儿园各建 12 个班级" → 5 × 12 = 60 classes.
    with loaded_app.app_context():
        assert _facility("庆元县幼儿园建设工程").kindergarten_classes == 60


def test_care_beds_inside_a_hospitals_beds(loaded_app):
    # 001:286 "设置床位200张（100张康复养老）".
    with loaded_app.app_context():
        facility = _facility("遂昌县康复医院建设项目")
    assert (facility.beds, facility.care_beds) == (200, 100)


def test_medical_and_care_beds_apart(loaded_app):
    # 002:621 (the content cell two lines on): 300 medical + 416 elder-care beds.
    with loaded_app.app_context():
        facility = _facility("嘉善县罗星街道养老服务中心")
    assert (facility.medical_beds, facility.care_beds, facility.beds) == (300, 416, 716)


def test_pages_and_api_show_capacities_as_written(loaded_client):
    with loaded_client.application.app_context():
        luoxing = _facility("嘉善县罗星街道养老服务中心").id
        qingyuan = _facility("庆元县幼儿园建设工程").id
    page = loaded_client.get(f"/facilities/{luoxing}").get_data(as_text=True)
    assert "416 张养老床位" in page and "300 张医疗床位" in page
    page = loaded_client.get(f"/facilities/{qingyuan}").get_data(as_text=True)
    assert "幼儿园 60 个班" in page and "方案未写明" not in page.split("规模")[1][:200]
    body = loaded_client.get("/api/v1/facilities?q=罗星街道养老服务中心").get_json()
    capacity = next(r for r in body["results"] if r["id"] == luoxing)["capacity"]
    assert (capacity["medical_beds"], capacity["care_beds"]) == (300, 416)
    assert "kindergarten_classes" in capacity


# Places as written.
def test_a_town_named_xiage_is_one_town(loaded_app):
    # 000:951 仙居县下各中心敬老院改造提升, 建设地点 "下各镇" (000:955): one town, not "各镇".
    with loaded_app.app_context():
        facility = _facility("仙居县下各中心敬老院改造提升")
        town = db.get_session().get(Region, facility.region_code)
    assert not facility.multi_site
    assert town is not None and town.name == "下各镇"


@pytest.mark.parametrize(
    ("name", "location"),
    [
        # 000:481-489: five streets, one a line, in one cell.
        ("温岭市养老中心", "太平街道、城东街道、城西街道、城北街道、横峰街道"),
        ("天台县医共体公共卫生防控中心医养结合部", "平桥镇、坦头镇"),  # 000:903-905
        ("三门县综合养老服务体系提升工程", "海润街道、浦坝港镇、亭旁镇"),  # 000:1015-1019
    ],
)
def test_wrapped_place_lists_keep_their_boundaries(loaded_app, name, location):
    with loaded_app.app_context():
        facility = _facility(name)
    assert facility.location_text == location
    assert facility.multi_site


# Notes.
def test_a_cells_note_stays_with_its_cell(loaded_client):
    # 002:558-563: 总投资 6900, 中央预算内投资 "/".
    with loaded_client.application.app_context():
        facility = _facility("嘉兴市湘家荡颐养中心（二、三期）")
    assert facility.total_investment_wan == 6900
    assert facility.investment_note == "中央预算内投资：未填写金额"


# What visitors see of the classes.
NOT_CARE = ["松阳县全民健身中心", "缙云县黄帝文化园项目", "天台县街头镇嘉图康养中心项目",
            "景宁县畲族风情康养度假综合体", "丽水市白云国家森林公园森林康养体验步道"]  # fmt: skip


def _all_results(client, query: str) -> list[dict]:
    found, page = [], 1
    while True:
        body = client.get(f"/api/v1/facilities?{query}&page={page}").get_json()
        found += body["results"]
        if page * body["per_page"] >= body["total"]:
            return found
        page += 1


def test_a_search_for_elder_care_leaves_out_what_is_no_care_place(loaded_client):
    html = loaded_client.get("/facilities/?q=养老").get_data(as_text=True)
    assert not [name for name in NOT_CARE if name in html]
    names = {r["name"] for r in _all_results(loaded_client, "q=养老")}
    assert not names & set(NOT_CARE)
    assert "data-related-hidden" in html  # … and says they were left out
    asked = {r["name"] for r in _all_results(loaded_client, "kind=related_project")}
    assert set(NOT_CARE) <= asked


def test_childcare_for_under_threes_lists_no_kindergarten(loaded_client):
    results = _all_results(loaded_client, "audience=infants")
    assert results and not [r["name"] for r in results if r["kind"] == "kindergarten"]
    html = loaded_client.get("/facilities/?audience=infants").get_data(as_text=True)
    assert "丽水市天宸一号幼儿园" not in html  # 001:341, a kindergarten without 托班


def test_related_projects_stay_on_city_pages_and_get_no_care_subsidies(loaded_client):
    html = loaded_client.get("/cities/331100").get_data(as_text=True)
    assert "其他相关项目" in html  # 丽水's page counts them by kind
    with loaded_client.application.app_context():
        session = db.get_session()
        related = [f.id for f in session.exec(select(Facility)).all() if f.kind == RELATED]
        linked = session.exec(
            select(FacilitySubsidy).where(FacilitySubsidy.facility_id.in_(related))
        ).all()
        services = session.exec(
            select(FacilityService).where(FacilityService.facility_id.in_(related))
        ).all()
    assert related and linked == [] and services == []
