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


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_its_byte_order_mark_is_read(encoding: str) -> None:
    """Excel's "Unicode text" export: UTF-16 with a BOM (it was called binary)."""
    text = LISHUI.read_text(encoding="utf-8")[:4000]
    data = text.encode(encoding)
    if encoding != "utf-16":  # the explicit-endian codecs write no BOM of their own
        data = "\ufeff".encode(encoding) + data
    decoded = decode_document(data, "unicode.txt")
    assert decoded.text == text and decoded.encoding == "utf-16"


def test_big5_is_read_as_big5_not_garbled_as_gbk() -> None:
    """Traditional text in Big5 decodes without error as GB18030 too, into nonsense."""
    import opencc

    simplified = LISHUI.read_text(encoding="utf-8")[:6000]
    traditional = opencc.OpenCC("s2t").convert(simplified)
    lines = [line for line in traditional.splitlines() if _encodes(line, "big5")]
    text = "\n".join(lines)
    assert "麗水市" in text  # the plan's 丽水市 (line 1 of 001_…txt) in traditional characters
    decoded = decode_document(text.encode("big5"), "big5.txt")
    assert decoded.encoding == "big5" and decoded.text == text


def test_a_short_big5_list_is_not_garbled_as_gbk() -> None:
    """Too short for charset-normalizer: its GB18030 reading is 兜ヘ嘿 緄ρ皘 (nonsense)."""
    text = "項目名稱\n養老院\n"
    decoded = decode_document(text.encode("big5"), "short-big5.csv")
    assert decoded.encoding == "big5" and decoded.text == text


def test_text_no_legacy_encoding_reads_as_chinese_is_refused() -> None:
    garbled = bytes(range(0xA1, 0xFF)) * 20  # decodes in both, as a table of symbols
    with pytest.raises(DocumentError) as caught:
        decode_document(garbled, "odd.txt")
    assert "编码" in caught.value.message


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


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
        ("一老一小".encode("utf-16-le"), "二进制"),  # no BOM: cannot be told from binary
        (b"caf\xe9 cr\xe8me br\xfbl\xe9e", "无法识别文件编码"),
    ],
)
def test_refusals(data: bytes, words: str) -> None:
    with pytest.raises(DocumentError) as caught:
        decode_document(data, "bad.txt")
    assert caught.value.source == "bad.txt"
    assert words in caught.value.message
