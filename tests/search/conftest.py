"""Search tests on the real pipeline: documents made by the production ``to_document``.

The plans are imported by the real first start (``loaded_app``); the documents are what
``portal.indexing.documents`` makes of the imported rows, with regions from the production
gazetteer, and the index recognises places through the production ``place_words``. Nothing
here is typed by hand but the choice of rows.

The rows are an edge-case set of 32 projects chosen to cover the four project lists and
the search's hard cases, named as the plans write them (``ROW_NAMES``): 1-9 from 000 台州
附件1 (streets only, 托班 in kindergartens), 10-23 from 001 丽水 附件1 (养老/托育领域,
kindergartens for ages 3–6, a proposed project), 24-28 from 002 嘉兴 附表一 (no status
column, Latin letters in a name), 29-32 from 003 景德镇 五、附件 (names wrapped with spaces,
a centre for old and young). Tests refer to rows by name; ids are the database's.
"""

import pytest
from sqlmodel import select

from portal.core import db
from portal.indexing import documents as indexed_documents
from portal.models import Facility
from portal.places import place_words
from portal.search import FacilityDocument, SearchIndex

ROW_NAMES = (
    "台州市社会福利院",
    "椒江区社会福利院改造项目",
    "椒江区医养中心",
    "心海社区幼儿园示范性托育服务中心项目",
    "中央花园小区示范性托育服务中心",
    "椒江区前洪幼儿园托育服务设施项目",
    "黄岩区养老机构建设",
    "黄岩红豆杉颐养苑养老院（三期）",
    "台州市路桥区南官实验幼儿园",
    "丽水市合众养护院项目",
    "莲都区峰源乡居家养老服务中心",
    "青田县第二养老中心",
    "遂昌县北界中心敬老院迁建工程",
    "景宁县老年综合服务中心",
    "莲都区幸福养老院项目",
    "丽水市医养结合社区老年公寓",
    "缙云县壶镇养老院建设工程",
    "龙泉市养生养老中心",
    "浙西南中医养老护理康复中心工程",
    "丽水市天宸一号幼儿园",
    "丽水市莲都区星星幼儿园",
    "缙云县妇幼保健院托育服务中心大楼项目",
    "云和县小徐区块配套幼儿园建设项目",
    "嘉兴市湘家荡颐养中心（二、三期）",
    "秀洲区康养中心",
    "嘉兴市南湖区peagym英语成长中心托育服务设施项目",
    "新丰镇托育服务点",
    "嘉善县魏塘街道健康颐养中心",
    "景德镇市社会福利中心项目",
    "景德镇市昌江国信护理院（医养结合）建设项目",
    "乐平市乡镇敬老院功能提升建设项目",
    "景德镇市凤凰幼儿园建设项目",
)


def _squashed(name: str) -> str:
    return "".join(name.split())


@pytest.fixture(scope="session")
def documents(loaded_app) -> list[FacilityDocument]:
    """The chosen rows as production makes their index documents, in ``ROW_NAMES`` order."""
    with loaded_app.app_context():
        session = db.get_session()
        ids = {_squashed(f.name): f.id for f in session.exec(select(Facility)).all()}
        wanted = [ids[_squashed(name)] for name in ROW_NAMES]
        made = {doc.id: doc for doc in indexed_documents(session, wanted)}
    return [made[i] for i in wanted]


@pytest.fixture(scope="session")
def id_of(documents):
    """A row's database id from its name as ``ROW_NAMES`` writes it."""
    ids = {name: doc.id for name, doc in zip(ROW_NAMES, documents, strict=True)}
    return ids.__getitem__


@pytest.fixture(scope="session")
def places() -> dict[str, tuple[str, str]]:
    return place_words()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, documents, places) -> SearchIndex:
    """A read-only index of the chosen rows, shared by the query tests."""
    index = SearchIndex(tmp_path_factory.mktemp("search"), places=places)
    index.rebuild(documents)
    return index


@pytest.fixture
def fresh_index(tmp_path, documents, places) -> SearchIndex:
    """An index the test may write to."""
    index = SearchIndex(tmp_path / "index", places=places)
    index.rebuild(documents)
    return index
