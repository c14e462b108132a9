"""parse_capacity on 建设内容和规模 cells copied from the plans, checked against the text."""

import pytest

from portal.importer.capacity import Capacity, parse_capacity


def fields(capacity: Capacity) -> dict:
    """The figures that were found (notes left out)."""
    return {k: v for k, v in vars(capacity).items() if v is not None and k != "notes"}


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        # 001 养老 row 6 (青田县第二养老中心)
        ("总建筑面积 13500 平方米, 设计床位 300 张。", None, {"beds": 300, "floor_area_m2": 13500}),
        # 000 附件1 row 4 (椒江区医养中心)
        ("在原椒江大酒店基础上新建，用地20亩，建成床位200张。", None, {"beds": 200}),
        # 000 row 1 (台州市社会福利院): the two phases are not counted again.
        (
            "总用地100亩，建筑面积7.3万平方米，规划设计1500张床位，其中一期建成800张，二期建成700张。",
            None,
            {"beds": 1500, "floor_area_m2": 73000},
        ),
        # 001 养老 row 3 (丽水市水东医院项目): a total that includes hospital beds.
        (
            "总用地面积约 29741 平方米, 地上计容建筑面积 54920 平方米, "
            "总床位数 559 床(其中医院床位数 248 张, 养老床位数 311 张)。",
            None,
            {"beds": 559, "medical_beds": 248, "care_beds": 311, "floor_area_m2": 54920},
        ),
        # 002 附表一 row 20 (桐乡市梧桐街道养老服务中心项目)
        (
            "总用地面积约8377平方米，总建筑面积约11827平方米，共计床位260张，其中医疗床位99张。",
            None,
            {"beds": 260, "medical_beds": 99, "floor_area_m2": 11827},
        ),
        # 002 row 8 (嘉善县罗星街道养老服务中心): medical and elder beds given separately.
        (
            "总建筑面积约69450平方米，其中地上建筑面积为50850平方米、地下建筑面积18600平方米。"
            "卫生医疗服务用房共设300张床位；养老服务用房共设416张床位。",
            None,
            {"beds": 716, "medical_beds": 300, "care_beds": 416, "floor_area_m2": 69450},
        ),
        # 000 row 18 (路桥区康养项目)
        (
            "用地面积82亩，总建筑面积约10万平方米，床位数约1200张（其中养老床位约1000张，医疗床位约100张，"
            "护养床位约100张）。",
            None,
            {"beds": 1200, "medical_beds": 100, "care_beds": 1000, "floor_area_m2": 100000},
        ),
        # 003 row 7 (浮梁县社会养老服务中心改扩建项目): existing beds are not added.
        (
            "总建筑面积 65000 平方米,建设自助居家老年供养房、康复中心、养老辅助设施、无障碍设施等。"
            "原有床位 120 张,扩建后新增床位 1400 张。",
            None,
            {"beds": 1400, "floor_area_m2": 65000},
        ),
        # 000 row 22: nursing-type beds are part of the 2500.
        (
            "占地面积87亩，拟建成养老床位数2500张，其中护理型养老机构床位不低于1300张的医养结合型养老机构。",
            None,
            {"beds": 2500},
        ),
        # 000 row 14: "2920张床位" written twice round the number.
        ("新建养老床位2920张床位，用地规划113281平方米。", None, {"beds": 2920}),
        # 003 row 11
        (
            "总建筑面积 7436.9 平方米,建设医养结合功能区,购置相关设备,新增 201个医养床位。",
            None,
            {"beds": 201, "floor_area_m2": 7436.9},
        ),
        # 001 养老 row 58
        (
            "改扩建医养结合服务中心,开展康复、护理、和养老服务床位建设 16 张,建成医养结合型机构。",
            None,
            {"beds": 16},
        ),
        # 002 row 7: 床 as the unit.
        ("总建筑面积10970平方米，规划总床位304床。", None, {"beds": 304, "floor_area_m2": 10970}),
        # 000 row 47: "230长" is a typo for 230张.
        (
            "养老设施用房7316平方米（敬老院6967.7平方米，门卫90.4平方米），建设床位数230长，床均面积31.8平方米",
            None,
            {"beds": 230},
        ),
        # 003 row 2: 万方米 (sic).
        ("总建筑面积约 16.92 万方米,建设护理院、养老服务设施等。", None, {"floor_area_m2": 169200}),
        # 000 row 11
        (
            "建筑面积580.61平方米，托育班级规模3班，托位60个。",
            None,
            {"childcare_places": 60, "classes": 3, "nursery_classes": 3, "floor_area_m2": 580.61},
        ),
        # 000 row 20 (恩泽·路桥托育园): a range, lower bound taken.
        ("托育服务，50-60个托位。", None, {"childcare_places": 50}),
        # 000 row 19 (台州市路桥区南官实验幼儿园): places = 3 classes × 20.
        (
            "总用地面积1618平米，总建筑面积为1150平米，新增托位3班、每班20个。",
            "nursery_class",
            {"childcare_places": 60, "classes": 3, "nursery_classes": 3, "floor_area_m2": 1150},
        ),
        # 000 row 8: kindergarten classes are not childcare places.
        (
            "本工程总用地面积11842平米，总建筑面积约1.1万平米，含幼儿园18班、幼儿托育3个班。新增托位50个。",
            "childcare_centre",
            {
                "childcare_places": 50,
                "classes": 21,
                "nursery_classes": 3,
                "kindergarten_classes": 18,
                "floor_area_m2": 11000,
            },
        ),
        # 000 row 30
        (
            "用地面积11068平方米，建筑面积7006平方米，共设21个班级，其中托位4个班级，托位100个",
            "nursery_class",
            {
                "childcare_places": 100,
                "classes": 21,
                "nursery_classes": 4,
                "kindergarten_classes": 17,
                "floor_area_m2": 7006,
            },
        ),
        # 000 row 33 (温峤镇江厦幼儿园新建工程)
        (
            "14班规模（2班托班），用地面积6700平方米，新建建筑面积4700平方米。",
            "nursery_class",
            {
                "classes": 14,
                "nursery_classes": 2,
                "kindergarten_classes": 12,
                "floor_area_m2": 4700,
            },
        ),
        # 000 row 52
        (
            "总用地面积1100平方，总建筑面积1000平方。建设12班幼儿园和3班托班。",
            None,
            {
                "classes": 15,
                "nursery_classes": 3,
                "kindergarten_classes": 12,
                "floor_area_m2": 1000,
            },
        ),
        # 000 row 71: places stated, per-class figure consistent.
        (
            "项目用地5亩，建筑面积1200平，设置混合班7个，每个班婴幼儿18名，托位数126名。",
            None,
            {"childcare_places": 126, "classes": 7, "nursery_classes": 7, "floor_area_m2": 1200},
        ),
        # 000 row 72: two phases.
        (
            "一期建筑面积：500平方米，设置2个班，托位36个；二期建筑面积3000平方米，设置12个班，托位216个。",
            "childcare_centre",
            {"childcare_places": 252, "classes": 14, "nursery_classes": 14, "floor_area_m2": 500},
        ),
        # 000 row 36: two campuses.
        (
            "城西院区托育中心提供70个托位，2022年建成；城东新院区托育中心提供100个托位，2025年建成。",
            None,
            {"childcare_places": 170},
        ),
        # 002 rows 57, 61: "80位个托位", "60托位".
        ("提供80位个托位。", None, {"childcare_places": 80}),
        ("预计提供60托位。", None, {"childcare_places": 60}),
        # 002 row 58
        (
            "总用地12000平方米（18亩），总建筑面积3000平方米，新建托育位160个，规模5个托育班。",
            None,
            {"childcare_places": 160, "classes": 5, "nursery_classes": 5, "floor_area_m2": 3000},
        ),
        # 003 row 14 (景德镇市凤凰幼儿园)
        (
            "总建筑面积为 8481.8 平方米,建设建设教学楼,办园规模 12 个教学班,5个托育班。",
            "nursery_class",
            {
                "classes": 17,
                "nursery_classes": 5,
                "kindergarten_classes": 12,
                "floor_area_m2": 8481.8,
            },
        ),
        # 001 托育 row 44
        (
            "15个班级(其中幼儿园 12个班级, 托幼 3个班级), "
            "总用地面积 7500 平方米左右, 建筑面积约 4500 平方米。",
            None,
            {
                "classes": 15,
                "nursery_classes": 3,
                "kindergarten_classes": 12,
                "floor_area_m2": 4500,
            },
        ),
        # 001 托育 row 31 (后江幼儿园)
        (
            "后江幼儿园 18 个班规模（15 班幼儿园、3 个班托育所），规划用地面积 12244 平方米",
            None,
            {"classes": 18, "nursery_classes": 3, "kindergarten_classes": 15},
        ),
        # 001 托育 row 4: a kindergarten's classes, never places.
        (
            "12 个班,用地面积 6200 平方米,建筑面积 4960 平方米。",
            "kindergarten",
            {"classes": 12, "kindergarten_classes": 12, "floor_area_m2": 4960},
        ),
        # 000 row 9: a childcare centre's classes.
        (
            "分阶段实施，最终达到5个班（2小3大）、托位90个的规模。",
            "childcare_centre",
            {"childcare_places": 90, "classes": 5, "nursery_classes": 5},
        ),
    ],
)
def test_capacity_from_real_rows(text, hint, expected):
    assert fields(parse_capacity(text, kind_hint=hint)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("床位300张", {"beds": 300}),
        ("养老床位200张、医疗床位100张", {"beds": 300, "medical_beds": 100, "care_beds": 200}),
        ("托位60个", {"childcare_places": 60}),
        ("新增托位200个", {"childcare_places": 200}),
        ("托班2个", {"classes": 2, "nursery_classes": 2}),
        ("托育班级3班、每班20个", {"childcare_places": 60, "classes": 3, "nursery_classes": 3}),
        ("建筑面积1.2万平方米", {"floor_area_m2": 12000}),
    ],
)
def test_short_forms(text, expected):
    assert fields(parse_capacity(text)) == expected


def test_a_class_count_alone_never_becomes_places():
    for hint in (None, "kindergarten", "childcare_centre", "nursery_class"):
        assert parse_capacity("9 个班", kind_hint=hint).childcare_places is None


def test_a_bare_class_count_without_context_stays_unassigned():
    capacity = parse_capacity("9 个班,用地面积 5000 平方米")
    assert (capacity.classes, capacity.kindergarten_classes, capacity.nursery_classes) == (
        9,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("托育服务，50-60个托位。", "50-60"),
        ("总用地面积1618平米，新增托位3班、每班20个。", "3班×每班20"),
        ("共计床位260张，其中医疗床位99张。", "医疗床位99"),
        ("原有床位 120 张,扩建后新增床位 1400 张。", "原有床位120"),
        ("建设 2 幢特护大楼, 1 幢长寿楼, 包含 350 余张床位。", "350余"),
        ("建设床位数230长", "笔误"),
        ("温峤镇江厦幼儿园新建工程 14班规模（2班托班）", "减托班2"),
        ("改造 5 所幼儿园,新增 25 个班级,750 个学位。", "学位750"),
        # 001:368 托育 row 27: 12 classes in each of 5 kindergartens, 60 in all.
        ("建设后田等 5 个幼儿园，每个幼儿园各建 12 个班级。", "5所×每所12个班"),
        ("一期建筑面积：500平方米，设置2个班；二期建筑面积3000平方米，设置12个班。", "取第一处"),
    ],
)
def test_inferences_are_noted(text, note):
    assert any(note in line for line in parse_capacity(text).notes)


@pytest.mark.parametrize(
    "text", ["", None, "新建步道、吊桥、栈道、康养步道等。", "总用地面积约 500 亩。"]
)
def test_nothing_to_find(text):
    assert parse_capacity(text) == Capacity()
