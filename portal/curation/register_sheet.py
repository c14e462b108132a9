"""Reading a register of operating facilities (养老机构名录, 托育机构备案名单 …) from CSV/XLSX.

Bureaus publish these sheets in many shapes: a title row above the header, 机构名称 or 名称,
床位数 or 核定托位 … Headers are matched by the words below (documented in
data/templates/README.md, "Registers"); the header is the first of the top rows naming the
facility and at least one other known column. Cells are read by the importer's own reader
(UTF-8/GBK CSV, the first sheet of an XLSX).
"""

import re
from dataclasses import dataclass, field

from portal.importer.normalise_text import clean_cell
from portal.importer.problems import DocumentError
from portal.importer.tabular import read_grid

TEMPLATE_COLUMNS = (
    "名称",
    "类型",
    "地址",
    "电话",
    "床位/托位",
    "运营单位",
    "备案/许可编号",
    "状态",
)
# Column → header words, most specific first; a header cell matches a word exactly, or
# contains it (机构详细地址 → 地址).
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "name": (
        "名称",
        "机构名称",
        "单位名称",
        "养老机构名称",
        "托育机构名称",
        "服务机构名称",
        "机构全称",
    ),
    "kind": ("类型", "机构类型", "服务类型", "类别", "机构性质"),
    "address": ("地址", "机构地址", "详细地址", "服务地址", "住所", "注册地址"),
    "phone": ("电话", "联系电话", "咨询电话", "联系方式", "服务电话"),
    "capacity": (
        "床位/托位",
        "床位数",
        "床位",
        "托位数",
        "托位",
        "核定床位",
        "核定托位",
        "收托规模",
    ),
    "operator": ("运营单位", "运营机构", "运营主体", "举办单位", "举办者", "主办单位"),
    "licence": (
        "备案/许可编号",
        "备案编号",
        "备案号",
        "许可证号",
        "许可证编号",
        "登记证号",
        "统一社会信用代码",
    ),
    "status": ("状态", "运营状态", "营业状态", "备案状态"),
    "place": ("所属区县", "区县", "所在区县", "所属地区", "行政区划", "辖区"),
}
HEADER_SEARCH_ROWS = 10
MAX_ROWS = 5000
_NUMBER = re.compile(r"\d{1,6}")


@dataclass
class RegisterRow:
    line: int
    name: str
    kind_text: str = ""
    address: str = ""
    phone: str = ""
    capacity: int | None = None
    operator: str = ""
    licence: str = ""
    status_text: str = ""
    place_text: str = ""
    problems: list[str] = field(default_factory=list)


def _normal_header(text: str) -> str:
    text = "".join((text or "").split()).replace("（", "(").replace("）", ")")
    return re.sub(r"\(.*?\)", "", text)  # 床位数(张) → 床位数


def header_columns(cells: list[str]) -> dict[int, str]:
    """Column index → our column for a header row (exact words first, then containment)."""
    found: dict[int, str] = {}
    normal = [_normal_header(c) for c in cells]
    for exact in (True, False):
        for index, text in enumerate(normal):
            if index in found or not text:
                continue
            for column, words in HEADER_WORDS.items():
                if column in found.values():
                    continue
                if any(text == w if exact else (w in text and len(w) >= 2) for w in words):
                    found[index] = column
                    break
    return found


def read_register(file_name: str, data: bytes) -> list[RegisterRow]:
    """The rows of a register sheet. :raise DocumentError: with the file (and line) at fault."""
    grid = read_grid(file_name, data)
    if not grid:
        raise DocumentError(file_name, "表格中没有任何内容。")
    header_at, columns = None, {}
    for position, (_line, cells) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found = header_columns(cells)
        if "name" in found.values() and len(found) >= 2:
            header_at, columns = position, found
            break
    if header_at is None:
        raise DocumentError(
            file_name,
            f"前 {HEADER_SEARCH_ROWS} 行中没有找到表头（至少需要“名称”和另一列）。"
            f"模板的列为：{'、'.join(TEMPLATE_COLUMNS)}。",
        )
    rows = []
    for line, cells in grid[header_at + 1 :]:
        values = {col: clean_cell(cells[i]) if i < len(cells) else "" for i, col in columns.items()}
        if not any(values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise DocumentError(file_name, f"名录超过 {MAX_ROWS} 行，请分开上传。", line)
        row = RegisterRow(
            line=line,
            name=values.get("name", "")[:200],
            kind_text=values.get("kind", "")[:100],
            address=values.get("address", "")[:200],
            phone=values.get("phone", "")[:60],
            operator=values.get("operator", "")[:200],
            licence=values.get("licence", "")[:100],
            status_text=values.get("status", "")[:50],
            place_text=values.get("place", "")[:100],
        )
        capacity = values.get("capacity", "")
        number = _NUMBER.search(capacity)
        row.capacity = int(number.group()) if number else None
        if capacity and number is None:
            row.problems.append(f"第 {line} 行“床位/托位”不是数字：{capacity}")
        if not row.name:
            row.problems.append(f"第 {line} 行没有名称，不导入。")
        rows.append(row)
    return rows


_CLOSED = ("停业", "歇业", "注销", "关闭", "撤销", "暂停", "终止")


def says_open(row: RegisterRow) -> bool:
    """A register lists operating facilities; a row marked 停业/注销 … is not one."""
    return not any(word in row.status_text for word in _CLOSED)
