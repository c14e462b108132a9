"""clean_cell and to_halfwidth on artefacts copied from the five plans."""

from pathlib import Path

import pytest

from portal.importer.normalise_text import clean_cell, to_halfwidth

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # 001 (丽水) 附件1 rows 13, 15, 16: wrap spaces inside names.
        ("遂昌县北界中心敬老院 迁建工程", "遂昌县北界中心敬老院迁建工程"),
        ("遂昌县黄沙腰中心敬老 院迁建工程", "遂昌县黄沙腰中心敬老院迁建工程"),
        ("遂昌县康复医院建设项 目", "遂昌县康复医院建设项目"),
        # 003 (景德镇) rows 1 and 17: a split word and a split decimal.
        ("景德镇市社会福利中 心项目", "景德镇市社会福利中心项目"),
        ("总建筑面积 14667. 4 平方米", "总建筑面积 14667.4 平方米"),
        # 001 row 52: 畚族 typed for 畲族.
        ("景宁县畚族风情康养度假综合体", "景宁县畲族风情康养度假综合体"),
        # 003 line 225 bold markers; 004 line 268 a Word bookmark.
        (
            "[市**自规局、市发** 改委、市住建局按职责分工负责]",
            "[市自规局、市发改委、市住建局按职责分工负责]",
        ),
        ("[bookmark: OLE_LINK1]（8）“物业+养老”。", "（8）“物业+养老”。"),
        # 001 附件1 row 20 uses ASCII brackets; Chinese text gets full-width ones.
        ("丽水市水阁中心幼儿园迁建项目(吴垵幼儿园)", "丽水市水阁中心幼儿园迁建项目（吴垵幼儿园）"),
        ("黄岩红豆杉颐养苑养老院(三期)", "黄岩红豆杉颐养苑养老院（三期）"),
        # 000 附件1 row 36: a cell hard-wrapped over lines, and blank lines inside a cell.
        ("温岭市\n\n妇幼保健院", "温岭市妇幼保健院"),
        ("卫生健\n康委", "卫生健康委"),
        # Spaces around numbers and Latin words stay.
        (
            "总用地面积 21250 平方米, 总建筑面积 50270 平方米",
            "总用地面积 21250 平方米, 总建筑面积 50270 平方米",
        ),
        (
            "地上建筑面积54869.75 m², 地下 建筑面积6900.00 m²",
            "地上建筑面积54869.75 m², 地下建筑面积6900.00 m²",
        ),
        ("嘉兴市南湖区peagym英语成长中心", "嘉兴市南湖区peagym英语成长中心"),
        ("  900 ", "900"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_cell(raw, clean):
    assert clean_cell(raw) == clean


def test_clean_cell_folds_fullwidth_digits_but_keeps_chinese_punctuation():
    assert clean_cell("新增托位１２０个，（已下达）") == "新增托位120个，（已下达）"


def test_clean_cell_is_idempotent_on_a_real_row():
    row = "遂昌县康养600—高坪乡 “花林天府小镇”"
    assert clean_cell(clean_cell(row)) == clean_cell(row) == "遂昌县康养600—高坪乡“花林天府小镇”"


def test_the_typo_really_occurs_in_lishui():
    text = (PLANS / "001_4999b758cfac438e.txt").read_text(encoding="utf-8")
    assert "畚族" in text
    assert "畚族" not in clean_cell(text)


@pytest.mark.parametrize(
    ("raw", "half"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("（托位）", "(托位)"),
        ("２０２２－２０２５", "2022-2025"),
        ("托\u3000位", "托 位"),
        ("托育", "托育"),
        ("", ""),
    ],
)
def test_to_halfwidth(raw, half):
    assert to_halfwidth(raw) == half
