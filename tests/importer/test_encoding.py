"""decode_document: UTF-8 first, confirmed Chinese legacy encodings next, clear refusals."""

from pathlib import Path

import pytest

from portal.importer.encoding import decode_document
from portal.importer.problems import DocumentError

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
LISHUI = PLANS / "001_4999b758cfac438e.txt"


def test_real_plan_is_utf8() -> None:
    data = LISHUI.read_bytes()
    decoded = decode_document(data, LISHUI.name)
    assert decoded.encoding == "utf-8"
    assert "丽水市养老托育项目清单" in decoded.text


def test_bom_is_dropped() -> None:
    decoded = decode_document(b"\xef\xbb\xbf" + "附件 1".encode(), "bom.txt")
    assert decoded == decode_document("附件 1".encode(), "plain.txt")
    assert decoded.text == "附件 1"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_legacy_chinese_encodings(encoding: str) -> None:
    text = LISHUI.read_text(encoding="utf-8")[:4000]
    decoded = decode_document(text.encode(encoding), "legacy.txt")
    assert decoded.encoding == "gb18030"  # GB18030 is a superset of GBK
    assert decoded.text == text


def test_short_gbk_text() -> None:
    decoded = decode_document("序号\t项目名称\t建设期限".encode("gbk"), "short.txt")
    assert decoded.text == "序号\t项目名称\t建设期限"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "文件为空"),
        (b"  \r\n\n", "文件为空"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "压缩包"),
        ("一老一小".encode("utf-16"), "二进制"),
        (b"caf\xe9 cr\xe8me br\xfbl\xe9e", "无法识别文件编码"),
    ],
)
def test_refusals(data: bytes, words: str) -> None:
    with pytest.raises(DocumentError) as caught:
        decode_document(data, "bad.txt")
    assert caught.value.source == "bad.txt"
    assert words in caught.value.message
