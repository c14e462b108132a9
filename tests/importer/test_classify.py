"""Status, ownership and facility classification on real rows of the project lists.

Each row below was read in the plan: the kind is what the row describes, judged by a reader,
not what the code happens to return. Sections are passed as the importer sees them: 丽水 (001)
has 一、养老领域 / 二、托育领域, 嘉兴 (002) writes 养老 / 托育 in 项目类型, 台州 (000) and
景德镇 (003) have no section at all.
"""

from pathlib import Path

import pytest

from portal.domain import Audience, FacilityKind, FacilityStatus
from portal.importer.classify import (
    classify_facility,
    ownership_from_text,
    status_from_project_type,
)
from portal.importer.normalise_text import clean_cell

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
TAIZHOU, LISHUI, JIAXING, JINGDEZHEN = "000", "001", "002", "003"
ELDER, CARE = "一、养老领域", "二、托育领域"

OLD, KID, PRE = Audience.ELDERLY, Audience.INFANTS, Audience.PRESCHOOL
K = FacilityKind

ROWS = [
    # plan, name, content (excerpt), organiser, section, audience, kind
    (
        TAIZHOU,
        "台州市社会福利院",
        "总用地100亩，规划设计1500张床位",
        "台州市社发集团",
        None,
        OLD,
        K.CARE_HOME,
    ),
    (
        TAIZHOU,
        "怡·和康养院建设工程",
        "项目总用地面积 17959 平方米。",
        "椒江区社发集团",
        None,
        OLD,
        K.CARE_HOME,
    ),
    (
        TAIZHOU,
        "椒江区医养中心",
        "用地20亩，建成床位200张。",
        "椒江区社发集团",
        None,
        OLD,
        K.MEDICAL_CARE,
    ),
    (
        TAIZHOU,
        "绿心生态养生园",
        "拟建设集养老、医疗、健身一体的康养区域。",
        "浙江仁和健康产业有限公司",
        None,
        OLD,
        K.ELDER_OTHER,
    ),
    # 000:336: a 336-亩 康养小镇 development, not a care place.
    (TAIZHOU, "九子山康养小镇", "用地面积336亩", "椒江区社发集团", None, OLD, K.RELATED_PROJECT),
    (TAIZHOU, "黄岩区养老机构建设", "新建养老床位2920张床位", "黄岩区政府", None, OLD, K.CARE_HOME),
    (
        TAIZHOU,
        "路桥区康养项目",
        "床位数约1200张（其中养老床位约1000张，医疗床位约100张）",
        "路桥区螺洋街道（招商项目）",
        None,
        OLD,
        K.MEDICAL_CARE,  # 000:451: medical beds beside care beds
    ),
    (
        TAIZHOU,
        "温岭市沁溪源颐养城（一期）",
        "拟建成养老床位数2500张，其中护理型养老机构床位不低于1300张的医养结合型养老机构。",
        "余姚市夕阳红老年公寓投资有限公司",
        None,
        OLD,
        K.MEDICAL_CARE,
    ),
    (
        TAIZHOU,
        "温岭市城东医养综合体",
        "建设床位1200张的医养结合型养老机构。",
        "温岭市城东街道（招商项目）",
        None,
        OLD,
        K.MEDICAL_CARE,
    ),
    (
        TAIZHOU,
        "温岭市温峤养老综合体",
        "建设床位3600张的综合性养老社区。",
        "温岭市温峤镇（招商项目）",
        None,
        OLD,
        K.CARE_HOME,
    ),
    (
        TAIZHOU,
        "天台县般若圣爱安养院项目",
        "规划占地60亩，设计床位500张。",
        "天台圣达集团",
        None,
        OLD,
        K.CARE_HOME,
    ),
    (
        TAIZHOU,
        "天台县社会福利中心",
        "项目内容包括福利院、中心敬老院、救助站、光荣院、老年活动中心",
        "天台县民政局",
        None,
        OLD,
        K.CARE_HOME,
    ),
    (
        TAIZHOU,
        "天台县医共体公共卫生防控中心医养结合部",
        "建设医养结合的养老服务机构。",
        "天台县交通工程建设有限公司",
        None,
        OLD,
        K.MEDICAL_CARE,
    ),
    (
        TAIZHOU,
        "福溪街道敬老院改造",
        "撤并后改建，实行公建民营",
        "天台县人民政府福溪街道办事处",
        None,
        OLD,
        K.CARE_HOME,
    ),
    (
        TAIZHOU,
        "三门县综合养老服务体系提升工程",
        "包含三门县第一福利院、港南敬老院、三门县失能失智敬老院",
        "三门县民政局",
        None,
        OLD,
        K.CARE_HOME,
    ),
    (
        TAIZHOU,
        "心海社区幼儿园示范性托育服务中心项目",
        "含幼儿园18班、幼儿托育3个班。新增托位50个。",
        "台州市商贸核心区开发建设投资有限公司",
        None,
        KID,
        K.NURSERY_CLASS,  # 000:351: a kindergarten's 3 托班, not a childcare centre
    ),
    (
        TAIZHOU,
        "下陈街道机场路以东、洪三路以北地块项目托育服务",
        "托育班级3班，托位60个。",
        "台州和昌置业有限公司",
        None,
        KID,
        K.CHILDCARE_CENTRE,
    ),
    (
        TAIZHOU,
        "椒江区前洪幼儿园托育服务设施项目",
        "托育班2班。托位40个。",
        "台州市椒江教育发展有限公司",
        None,
        KID,
        K.NURSERY_CLASS,
    ),
    (
        TAIZHOU,
        "台州市路桥区南官实验幼儿园",
        "新增托位3班、每班20个。",
        "路桥区教育投资发展有限公司",
        None,
        KID,
        K.NURSERY_CLASS,
    ),
    (
        TAIZHOU,
        "恩泽·路桥托育园",
        "托育服务，50-60个托位。",
        "台州恩泽医院",
        None,
        KID,
        K.CHILDCARE_CENTRE,
    ),
    (
        TAIZHOU,
        "温峤镇前洋下幼儿园",
        "10班规模（1班托班）。",
        "温峤镇人民政府",
        None,
        KID,
        K.NURSERY_CLASS,
    ),
    (
        TAIZHOU,
        "温岭市妇幼保健院托育中心",
        "城西院区托育中心提供70个托位",
        "温岭市妇幼保健院",
        None,
        KID,
        K.CHILDCARE_CENTRE,
    ),
    (
        TAIZHOU,
        "玉环市玉城街道金茂小区配套托儿所",
        "建设12班幼儿园和3班托班。",
        "玉环市卫生健康局",
        None,
        KID,
        K.NURSERY_CLASS,
    ),
    (
        TAIZHOU,
        "公办纯托育机构",
        "配套建设10家公办纯托育服务机构，新增托位600个",
        "台州市卫生健康委",
        None,
        KID,
        K.CHILDCARE_CENTRE,
    ),
    (
        LISHUI,
        "丽水市合众养护院项目",
        "总用地面积 21250 平方米",
        "浙江润康养老服务有限公司",
        ELDER,
        OLD,
        K.CARE_HOME,
    ),
    (
        LISHUI,
        "丽水市第二人民医院老年康复大楼",
        "总用地面积 10973 平方米",
        "丽水市第二人民医院",
        ELDER,
        OLD,
        K.MEDICAL_CARE,
    ),
    (
        LISHUI,
        "莲都区峰源乡居家养老服务中心",
        "居家养老服务中心、老年人活动场所",
        "莲都区峰源乡",
        ELDER,
        OLD,
        K.HOME_CARE_CENTRE,
    ),
    (LISHUI, "青田县第二养老中心", "设计床位 300 张。", "青田县民政局", ELDER, OLD, K.CARE_HOME),
    (
        LISHUI,
        "松阳县全民健身中心",
        "新建8000座的体育场",
        "松阳大丰文体发展有限公司",
        ELDER,
        OLD,
        K.RELATED_PROJECT,  # 001:281: a stadium, not an elder-care project
    ),
    (
        LISHUI,
        "遂昌县北界中心敬老院 迁建工程",
        "总用地面积2390平方米",
        "遂昌县新路湾镇",
        ELDER,
        OLD,
        K.CARE_HOME,
    ),
    (
        LISHUI,
        "遂昌县康复医院建设项 目",
        "设置床位200张（100张康复养老）",
        "遂昌县康复医院",
        ELDER,
        OLD,
        K.MEDICAL_CARE,
    ),
    (
        LISHUI,
        "丽水市白云国家森林公园森林康养体验步道",
        "新建步道、吊桥、栈道、康养步道等。",
        "丽水市白云山生态林场",
        ELDER,
        OLD,
        K.RELATED_PROJECT,  # 001:289: a forest trail
    ),
    (
        LISHUI,
        "青田县残疾人公办托养中心",
        "总建筑面积 10000 平方米，设计床位 200 张。",
        "青田县残联",
        ELDER,
        OLD,
        K.RELATED_PROJECT,  # 001:296: a disability service (残联), not a care home for the old
    ),
    (
        LISHUI,
        "景宁县老年综合服务中心",
        "该中心属大型老年管理服务机构，建设480张床位，分别建设公寓楼、康复楼、综合楼等建筑。",
        "景宁县民政局",
        ELDER,
        OLD,
        K.CARE_HOME,
    ),
    (
        LISHUI,
        "庆元县人民医院医养结合项目",
        "总用地面积 40 亩",
        "庆元县卫健局、人民医院",
        ELDER,
        OLD,
        K.MEDICAL_CARE,
    ),
    (
        LISHUI,
        "缙云县失能照护服务中心工程",
        "床位 200 张。",
        "缙云县五云街道",
        ELDER,
        OLD,
        K.CARE_HOME,
    ),
    (
        LISHUI,
        "景宁县畚族风情康养度假综合体",
        "总用地面积约 500 亩。",
        "景宁县度假区发展中心",
        ELDER,
        OLD,
        K.RELATED_PROJECT,  # 001:326 畲族风情康养度假综合体: a resort
    ),
    (
        LISHUI,
        "丽水市妇幼保健院儿童健康大楼工程",
        "儿外病区、儿内病区、儿童康复、儿童养育照护指导",
        "丽水市妇幼保健院",
        CARE,
        KID,
        K.RELATED_PROJECT,  # 001:340: a children's hospital building
    ),
    (
        LISHUI,
        "丽水市天宸一号幼儿园",
        "9 个班,用地面积 5000 平方米",
        "丽水市实验幼儿园",
        CARE,
        PRE,
        K.KINDERGARTEN,
    ),
    (
        LISHUI,
        "丽水市联城一园",
        "9个班,用地面积5000平方米",
        "莲都区教育局",
        CARE,
        PRE,
        K.KINDERGARTEN,
    ),
    (
        LISHUI,
        "云和县小徐区块配套幼儿园建设项目",
        "15个班级(其中幼儿园 12个班级, 托幼 3个班级)",
        "云和县教育局",
        CARE,
        KID,
        K.NURSERY_CLASS,
    ),
    (
        LISHUI,
        "缙云县妇幼保健院托育服务中心大楼项目",
        "指导中心配套科室、婴幼儿食堂",
        "缙云县卫健局",
        CARE,
        KID,
        K.CHILDCARE_CENTRE,
    ),
    (
        JIAXING,
        "嘉兴市湘家荡颐养中心（二、三期）",
        "改造后合计床位668张。",
        "南湖区发改局",
        "养老",
        OLD,
        K.CARE_HOME,
    ),
    (
        JIAXING,
        "嘉兴市南湖区湘家荡大树养生养老项目（二期）",
        "规划建设床位626张。",
        "浙江大树健康产业发展有限公司",
        "养老",
        OLD,
        K.CARE_HOME,
    ),
    (
        JIAXING,
        "海盐县老年活动中心（老年大学）",
        "设有老年教育用房、老年活动用房",
        "海盐县民政局",
        "养老",
        OLD,
        K.ELDER_OTHER,
    ),
    (
        JIAXING,
        "桐乡市安和居护理院",
        "新建单体护理院6426.66平方米，设置床位112张",
        "桐乡市民政局",
        "养老",
        OLD,
        K.MEDICAL_CARE,
    ),
    (
        JIAXING,
        "嘉善县罗星街道养老服务中心",
        "卫生医疗服务用房共设300张床位；养老服务用房共设416张床位。",
        "嘉善县罗星街道",
        "养老",
        OLD,
        K.MEDICAL_CARE,  # 002:625: 300 medical beds beside 416 care beds
    ),
    (
        JIAXING,
        "新丰镇托育服务点",
        "预计提供60个托位。",
        "新丰镇人民政府",
        "托育",
        KID,
        K.COMMUNITY_CHILDCARE,
    ),
    (
        JIAXING,
        "东栅街道托育托育服务点",
        "预计提供70个托位。",
        "东栅街道办事处",
        "托育",
        KID,
        K.COMMUNITY_CHILDCARE,
    ),
    (
        JIAXING,
        "罗星街道四季江南社区托育园",
        "预计提供20个托位。",
        "罗星街道办事处",
        "托育",
        KID,
        K.COMMUNITY_CHILDCARE,
    ),
    (
        JIAXING,
        "嘉兴市蒙阳托育服务有限公司",
        "预计提供60个托位。",
        "长水街道办事处",
        "托育",
        KID,
        K.CHILDCARE_CENTRE,
    ),
    (
        JIAXING,
        "嘉兴橙时艺术培训有限公司",
        "预计提供60个托位。",
        "嘉北街道办事处",
        "托育",
        KID,
        K.CHILDCARE_CENTRE,
    ),
    (
        JIAXING,
        "启航幼儿园托育部",
        "预计提供100个托位。",
        "机构及法人",
        "托育",
        KID,
        K.NURSERY_CLASS,
    ),
    (
        JIAXING,
        "广陈中心幼儿园前港分园改扩建工程",
        "预计提供60个托位。",
        "广陈镇人民政府",
        "托育",
        KID,
        K.NURSERY_CLASS,
    ),
    (
        JIAXING,
        "嘉兴市南湖区舜云音乐宝母托婴机构托育服务设施项目",
        "新增托位33个。",
        "舜云音乐宝母托婴机构",
        "托育",
        KID,
        K.CHILDCARE_CENTRE,
    ),
    (
        JINGDEZHEN,
        "景德镇市社会福利中 心项目",
        "建设养老服务功能区、儿童养育功能区、辅助功能区等,新增床位 750 张。",
        "景德镇市民政局",
        None,
        Audience.BOTH,
        K.COMBINED,  # 003:246: areas for the old and for children
    ),
    (
        JINGDEZHEN,
        "景德镇市第二人民医院医疗服务能力提升工程",
        "建设门诊医技住院综合楼、医养中心等。",
        "景德镇市第二人民医院",
        None,
        OLD,
        K.RELATED_PROJECT,  # 003:249: a hospital's outpatient and ward building
    ),
    (
        JINGDEZHEN,
        "乐平市乡镇敬老院功 能提升建设项目",
        "对 19 所敬老院进行改造扩建",
        "乐平市民政局",
        None,
        OLD,
        K.CARE_HOME,
    ),
    (
        JINGDEZHEN,
        "珠山区社区居家养老 服务中心建设项目",
        "改造和提升 46 个社区的居家养老服务设施",
        "珠山区国有资产经营管理有限公司",
        None,
        OLD,
        K.HOME_CARE_CENTRE,
    ),
    (
        JINGDEZHEN,
        "景德镇市昌江国信护 理院(医养结合)建 设项目",
        "建设医养结合功能区,新增 201个医养床位。",
        "景德镇市国信康养产业有限公司",
        None,
        OLD,
        K.MEDICAL_CARE,
    ),
    (
        JINGDEZHEN,
        "景德镇市凤凰幼儿园 建设项目",
        "办园规模 12 个教学班,5个托育班。",
        "景德镇市机管局",
        None,
        KID,
        K.NURSERY_CLASS,
    ),
    (
        JINGDEZHEN,
        "昌江区森林公园幼儿 园建设项目",
        "办园规模 15 个班。",
        "昌江区教体局",
        None,
        PRE,
        K.KINDERGARTEN,
    ),
    (
        JINGDEZHEN,
        "珠山区幼儿园改造工 程",
        "改造 5 所幼儿园,新增 25 个班级,750 个学位。",
        "珠山区教体局",
        None,
        PRE,
        K.KINDERGARTEN,
    ),
]

PLAN_FILES = {
    TAIZHOU: "000_4fe4d2000453b318.txt",
    LISHUI: "001_4999b758cfac438e.txt",
    JIAXING: "002_91c2d8c99d12d04a.txt",
    JINGDEZHEN: "003_4e88682039944ece.txt",
}


def _squashed(text: str) -> str:
    return "".join(text.split())


def test_the_table_holds_enough_real_rows():
    assert len(ROWS) >= 40
    texts = {
        plan: _squashed((PLANS / name).read_text(encoding="utf-8"))
        for plan, name in PLAN_FILES.items()
    }
    missing = [(plan, name) for plan, name, *_ in ROWS if _squashed(name) not in texts[plan]]
    assert missing == []


@pytest.mark.parametrize(
    ("plan", "name", "content", "organiser", "section", "audience", "kind"),
    ROWS,
    ids=[row[1] for row in ROWS],
)
def test_classify_real_rows(plan, name, content, organiser, section, audience, kind):
    result = classify_facility(clean_cell(name), clean_cell(content), organiser, section)
    assert (result.audience, result.kind) == (audience, kind), result.reason
    assert result.reason


def test_section_wins_over_words():
    # 001 养老领域 row 11: a sports centre listed under elder care stays elder care.
    result = classify_facility("松阳县全民健身中心", "青少年活动中心", "缙云县五云街道", ELDER)
    assert result.audience is Audience.ELDERLY


@pytest.mark.parametrize(
    ("organiser", "audience"),
    # An education bureau's project without childcare words is a kindergarten (ages 3–6).
    [("市民政局", Audience.ELDERLY), ("莲都区教育局", Audience.PRESCHOOL), ("市卫健委", None)],
)
def test_organiser_decides_only_when_unambiguous(organiser, audience):
    result = classify_facility("某某工程", "总用地面积 40 亩", organiser, None)
    assert result.audience is audience
    if audience is None:
        assert result.kind is None and "不能判断" in result.reason


def test_education_bureau_without_childcare_words_means_kindergarten():
    result = classify_facility(
        "丽水市括苍一园", "12个班, 用地面积 6200 平方米", "莲都区教育局", None
    )
    assert (result.audience, result.kind) == (Audience.PRESCHOOL, FacilityKind.KINDERGARTEN)


@pytest.mark.parametrize("words", ["一老一小服务综合体", "托养融合服务中心"])
def test_combined_projects(words):
    result = classify_facility(words, "", "", None)
    assert (result.audience, result.kind) == (Audience.BOTH, FacilityKind.COMBINED)


def test_day_care_centre():
    result = classify_facility("城北社区老年人日间照料中心", "", "", "一、养老领域")
    assert result.kind is FacilityKind.DAY_CARE_CENTRE


@pytest.mark.parametrize(
    ("text", "status", "noted"),
    [
        ("在建类", FacilityStatus.UNDER_CONSTRUCTION, False),  # 001
        ("续建", FacilityStatus.UNDER_CONSTRUCTION, False),  # 000
        ("新建", FacilityStatus.PLANNED, False),  # 000, 003
        ("新建类", FacilityStatus.PLANNED, False),
        ("前期类", FacilityStatus.PLANNED, False),  # 001
        ("谋划类", FacilityStatus.PROPOSED, False),  # 001
        ("已建成", FacilityStatus.OPERATING, False),
        ("运营", FacilityStatus.OPERATING, False),
        ("改扩建", FacilityStatus.UNKNOWN, True),  # 000, 003: how, not how far
        ("改建", FacilityStatus.UNKNOWN, True),
        ("单位\n\n自建", FacilityStatus.UNKNOWN, True),  # 000 rows 36-41
        ("公办民营", FacilityStatus.UNKNOWN, True),  # 000 row 43: ownership, not status
        ("实施类", FacilityStatus.UNKNOWN, True),  # 001 托育 row 1
        ("养老", FacilityStatus.UNKNOWN, True),  # 002 uses the column for the field
        ("", FacilityStatus.UNKNOWN, False),
        (None, FacilityStatus.UNKNOWN, False),
    ],
)
def test_status_from_project_type(text, status, noted):
    got, note = status_from_project_type(text)
    assert got is status
    assert bool(note) is noted


@pytest.mark.parametrize(
    ("text", "ownership"),
    [
        ("公办民营", "公办民营"),  # 000 row 43 项目类型
        ("撤并后改建，实行公建民营，可建成以护理型为主的区域性养老中心", "公建民营"),  # 000 row 63
        ("在各县（市、区）和台州湾新区的社区或相关工作场所配套建设10家公办纯托育服务机构", "公办"),
        ("民办公助", "民办公助"),
        ("民办", "民办"),
        ("珠山区国有资产经营管理有限公司", "国有"),  # 003 row 10 organiser
        ("新建", None),
        ("", None),
        (None, None),
    ],
)
def test_ownership_from_text(text, ownership):
    assert ownership_from_text(text) == ownership
