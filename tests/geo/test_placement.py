"""Placing real 建设地点 cells from the five plans (expected values read from the plans)."""

import pytest

from portal.domain import Precision
from portal.geo.gazetteer import load_default
from portal.geo.placement import place_location

TAIZHOU, LISHUI, JIAXING, JINGDEZHEN, HAILING = "331000", "331100", "330400", "360200", "321202"

# (plan region, 建设地点, project name, organiser, expected primary, precision, multi-site)
# The primary is the region the point stands for; towns have no point in any licensed source, so
# a town is shown at its county's point with COUNTY precision.
CASES = [
    # 000 台州 附件1
    (TAIZHOU, "章安街道", "台州市社会福利院", "台州市社发集团", "章安街道", "county", False),
    (TAIZHOU, "葭沚街道", "椒江区社会福利院改造项目", "椒江区民政局", "葭沚街道", "county", False),
    (TAIZHOU, "海门街道", "椒江区医养中心", "椒江区社发集团", "海门街道", "county", False),
    (TAIZHOU, "下陈街道", "下陈街道机场路以东、洪三路以北地块项目托育服务", "台州和昌置业有限公司",
     "下陈街道", "county", False),
    (TAIZHOU, "洪家街道", "椒江区前洪幼儿园托育服务设施项目", "", "洪家街道", "county", False),
    (TAIZHOU, "各乡镇街道", "黄岩区养老机构建设", "黄岩区政府", "黄岩区", "county", True),
    (TAIZHOU, "江口街道", "黄岩医养结合红豆杉颐养苑养老院(二期)", "", "江口街道", "county", False),
    (TAIZHOU, "螺洋街道", "路桥区康养项目", "路桥区螺洋街道（招商项目）", "螺洋街道", "county",
     False),
    (TAIZHOU, "太平街道\n\n城东街道\n\n城西街道\n\n城北街道\n\n横峰街道", "温岭市养老中心",
     "温岭市民政局", "温岭市", "county", True),
    (TAIZHOU, "城南镇", "温岭市沁溪源颐养城（一期）", "余姚市夕阳红老年公寓投资有限公司", "城南镇",
     "county", False),
    (TAIZHOU, "温岭市", "温岭南洋国际幼儿园托育服务项目", "", "温岭市", "county", False),
    (TAIZHOU, "城西街道/\n城东街道新院区", "温岭市妇幼保健院托育中心", "温岭市\n\n妇幼保健院",
     "温岭市", "county", True),
    # 台州 has no 城南街道 (温岭 has 城南镇): the cell is not a known place; the name places it.
    (TAIZHOU, "城南街道", "温岭市第五人民医院托育中心", "温岭市第五人民医院", "温岭市", "county",
     False),
    (TAIZHOU, "大洋街道、大田街道、邵家渡街道", "临海市浙东健康城项目", "", "临海市", "county",
     True),
    (TAIZHOU, "临海市杜桥镇", "临海市杜桥镇敬老院建设工程项目", "", "杜桥镇", "county", False),
    (TAIZHOU, "台州学院临海校区东侧", "临海市大孚幼儿园有限公司托育中心项目", "", "临海市",
     "county", False),
    (TAIZHOU, "台州医院", "恩泽托育园", "浙江省台州医院", "台州市", "city", False),
    (TAIZHOU, "坎门街道", "玉环市坎门东风未来社区配套幼儿园", "", "坎门街道", "county", False),
    (TAIZHOU, "平桥镇\n坦头镇", "天台县医共体公共卫生防控中心医养结合部", "", "天台县", "county",
     True),
    (TAIZHOU, "安洲街道", "仙居县社会福利中心（二期）", "仙居县民政局", "安洲街道", "county",
     False),
    (TAIZHOU, "海润街道 \n浦坝港镇 \n亭旁镇", "三门县综合养老服务体系提升工程", "三门县民政局",
     "三门县", "county", True),
    (TAIZHOU, "海虹街道", "台州湾新区社会福利院", "台州湾新区管委会", "海虹街道", "county", False),
    (TAIZHOU, "各县（市、区）、台州湾新区", "公办纯托育机构", "", "台州市", "city", True),
    # 001 丽水 附件1
    (LISHUI, "莲都区", "丽水市合众养护院项目", "浙江润康养老服务有限公司", "莲都区", "county",
     False),
    (LISHUI, "景宁县", "景宁县老年综合服务中心", "景宁县民政局", "景宁畲族自治县", "county", False),
    (LISHUI, "龙泉市", "龙泉市养生养老中心", "龙泉市民政局", "龙泉市", "county", False),
    (LISHUI, "莲都区", "莲都区峰源乡居家养老服务中心", "莲都区峰源乡", "峰源乡", "county", False),
    (LISHUI, "缙云县", "缙云县壶镇养老院建设工程", "缙云县壶镇镇", "壶镇镇", "county", False),
    (LISHUI, "开发区", "丽水市富岭东六园新建工程", "开发区社管局", "丽水经济技术开发区", "city",
     False),
    # 002 嘉兴 附表一
    (JIAXING, "南湖区", "嘉兴市湘家荡颐养中心（二、三期）", "", "南湖区", "county", False),
    (JIAXING, "经开区", "嘉兴市经济技术开发区“大树•银杏养怡中心”二期", "", "嘉兴经济技术开发区",
     "city", False),
    (JIAXING, "南湖区新丰镇", "新丰镇托育服务点", "新丰镇人民政府", "新丰镇", "county", False),
    (JIAXING, "秀洲区王江泾镇", "王江泾镇托育服务点", "", "王江泾镇", "county", False),
    (JIAXING, "经开区长水街道", "石雪幼儿园托育服务设施项目", "", "长水街道", "county", False),
    (JIAXING, "嘉善县罗星街道", "罗星街道四季江南社区托育园", "", "罗星街道", "county", False),
    # The plan writes 海州街道; NBS spells the street 海洲街道, so only 海宁市 is certain.
    (JIAXING, "海宁市海州街道", "海宁麦希托育有限公司", "海州街道办事处", "海宁市", "county",
     False),
    (JIAXING, "桐乡市高桥街道", "桐乡市经济开发区幼儿园高新园区托育部", "", "高桥街道", "county",
     False),
    # 003 景德镇
    (JINGDEZHEN, "景德镇市", "景德镇市社会福利中心项目", "", "景德镇市", "city", False),
    (JINGDEZHEN, "乐平市", "乐平市社会福利中心", "", "乐平市", "county", False),
    (JINGDEZHEN, "珠山区", "莲花山社区医院医养结合建设项目", "", "珠山区", "county", False),
    (JINGDEZHEN, "高新区", "航空小镇学前教育中心", "", "景德镇高新区", "county", False),
    (JINGDEZHEN, "昌南新区", "昌南新区医养结合服务中心建设项目", "", "昌南新区", "city", False),
    # 004 泰州市海陵区 (no project list): a task owned by the district
    (HAILING, "全区", "", "区民政局", "海陵区", "county", True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("region", "location", "name", "organiser", "primary", "precision", "multi_site"), CASES
)
def test_real_location_cells(region, location, name, organiser, primary, precision, multi_site):
    placement = place_location(
        location, name=name, organiser=organiser, plan_region_code=region,
        gazetteer=load_default(),
    )  # fmt: skip
    assert placement.primary is not None
    assert placement.primary.name == primary
    assert placement.precision == Precision(precision)
    assert placement.multi_site is multi_site
    assert placement.lat is not None and placement.lon is not None
    gaz = load_default()
    # the point is that of the primary region or of its nearest ancestor that has one
    shown = next(p for p in [placement.primary, *gaz.ancestors(placement.primary.code)]
                 if p.has_point)  # fmt: skip
    assert (placement.lat, placement.lon) == (shown.lat, shown.lon)


def test_lists_keep_every_site():
    placement = place_location(
        "海门街道、白云街道", plan_region_code=TAIZHOU, gazetteer=load_default()
    )
    assert [p.name for p in placement.places] == ["海门街道", "白云街道"]
    assert placement.primary.name == "椒江区"


def test_fallbacks_are_noted():
    placement = place_location(
        "城南街道", name="温岭市第五人民医院托育中心", plan_region_code=TAIZHOU,
        gazetteer=load_default(),
    )  # fmt: skip
    assert any("不是已知地名" in note for note in placement.notes)
    assert any("根据项目名称" in note for note in placement.notes)
    nothing = place_location("待定", plan_region_code=LISHUI, gazetteer=load_default())
    assert nothing.primary.name == "丽水市"
    assert nothing.precision is Precision.CITY
    assert any("方案所属地区" in note for note in nothing.notes)


def test_development_zone_is_noted():
    placement = place_location("开发区", plan_region_code=LISHUI, gazetteer=load_default())
    assert any("开发区" in note and "本地地名表" in note for note in placement.notes)


def test_organiser_outside_the_plan_city_is_ignored():
    # 余姚 is in Ningbo: the organiser's seat must not move a Taizhou project there.
    placement = place_location(
        "", organiser="余姚市夕阳红老年公寓投资有限公司", plan_region_code=TAIZHOU,
        gazetteer=load_default(),
    )  # fmt: skip
    assert placement.primary.name == "台州市"


def test_never_exact_and_unknown_plan_region():
    for case in CASES:
        placement = place_location(
            case[1], name=case[2], organiser=case[3], plan_region_code=case[0],
            gazetteer=load_default(),
        )  # fmt: skip
        assert placement.precision is not Precision.EXACT
    with pytest.raises(ValueError, match="unknown plan region"):
        place_location("莲都区", plan_region_code="999999", gazetteer=load_default())


@pytest.mark.parametrize(
    ("region", "location", "primary", "multi_site"),
    [
        ("331024", "下各镇", "下各镇", False),  # 000:955: 仙居县 has a town called 下各
        ("331003", "各乡镇街道", "黄岩区", True),  # 000:411: every town of 黄岩区
        ("331003", "黄岩区各乡镇", "黄岩区", True),  # an aggregate after its county's name
    ],
)
def test_aggregate_words_are_words_not_parts_of_names(region, location, primary, multi_site):
    placement = place_location(location, plan_region_code=region, gazetteer=load_default())
    assert placement.primary.name == primary
    assert placement.multi_site is multi_site


@pytest.mark.parametrize(
    ("location", "written"),
    [
        # 000:481-489: one street a line in one cell, joined by the reader.
        (
            "太平街道城东街道城西街道城北街道横峰街道",
            "太平街道、城东街道、城西街道、城北街道、横峰街道",
        ),
        ("海润街道浦坝港镇亭旁镇", "海润街道、浦坝港镇、亭旁镇"),  # 000:1015-1019
        ("临海市杜桥镇", "临海市杜桥镇"),  # a town after its county stays one place
        ("海门街道、白云街道", "海门街道、白云街道"),
    ],
)
def test_wrapped_lists_are_split_on_the_gazetteers_names(location, written):
    placement = place_location(location, plan_region_code="331000", gazetteer=load_default())
    assert placement.text == written
