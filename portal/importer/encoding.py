"""Turn the bytes of an uploaded plan into text, or refuse them with a clear reason.

Order matters: UTF-16 with its byte-order mark (Excel's "Unicode text"), then a strict UTF-8
decode (most of our plans, with or without BOM), then the Chinese legacy encodings (GB18030 is a
superset of GBK and GB2312; Big5 for traditional characters). Bytes of one legacy encoding often
decode without error in another, into nonsense: each candidate that decodes is scored by the
share of its Han characters that are common ones (GB2312 level 1, after converting traditional
to simplified), and the best wins only if it reads like real Chinese. Anything else is rejected
rather than decoded with replacement characters, because a silently garbled plan is worse than
none.
"""

from dataclasses import dataclass
from functools import cache

import opencc
from charset_normalizer import from_bytes

from portal.importer.problems import DocumentError

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CHINESE_ENCODINGS = ("gb18030", "gbk", "gb2312", "big5")
_LEGACY_CANDIDATES = ("gb18030", "big5")
_SCORE_SAMPLE_CHARS = 20_000
# Real plans score 0.95–1.0; Big5 read as GB18030 (or the reverse) scores far lower.
_MIN_COMMON_SHARE = 0.8
# Magic numbers of files staff upload by mistake instead of the extracted text.
_BINARY_MAGIC = {
    b"%PDF": "这是 PDF 文件，请先导出为文本（.txt）再导入",
    b"PK\x03\x04": "这是压缩包或 Office 文件（如 .docx/.xlsx），不是文本文件",
    b"\xd0\xcf\x11\xe0": "这是旧版 Office 文件（.doc/.xls），不是文本文件",
}


@dataclass(frozen=True)
class DecodedText:
    """The text of a document and the encoding it was stored in (``utf-8``, ``gb18030`` …)."""

    text: str
    encoding: str


def decode_document(data: bytes, source: str) -> DecodedText:
    """Decode a plan file's bytes to text.

    :raise DocumentError: if the file is empty, is binary (NUL bytes, PDF/ZIP/OLE magic), or is
        neither valid UTF-8 nor a confirmed Chinese legacy encoding.
    """
    if not data.strip():
        raise DocumentError(source, "文件为空")
    if data.startswith(_UTF16_BOMS):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise DocumentError(source, "文件标明为 UTF-16 编码，但内容已损坏") from error
    for magic, message in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise DocumentError(source, message)
    if b"\x00" in data:
        raise DocumentError(
            source,
            "文件含有二进制内容（NUL 字节），不是文本文件"
            "（若是 UTF-16 文本，请另存为带 BOM 的 UTF-16 或 UTF-8）",
        )
    try:
        body = data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data
        return DecodedText(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, source)


def _decode_legacy(data: bytes, source: str) -> DecodedText:
    """The Chinese legacy encoding whose decoding reads most like real Chinese text."""
    best = from_bytes(data).best()
    guessed = best.encoding.lower().replace("_", "") if best is not None else None
    candidates = [guessed] if guessed in _CHINESE_ENCODINGS else []
    candidates += [enc for enc in _LEGACY_CANDIDATES if enc not in candidates]
    scored = []
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_chinese(text):
            scored.append((common_hanzi_share(text), encoding, text))
    if not scored:
        raise DocumentError(source, "无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK 或 Big5")
    share, encoding, text = max(scored, key=lambda item: item[0])
    if share < _MIN_COMMON_SHARE:
        raise DocumentError(
            source,
            "无法可靠识别文件编码（GB18030/GBK 与 Big5 读出的都不像正常中文），"
            "请另存为 UTF-8 后再导入",
        )
    return DecodedText(text, encoding)


def common_hanzi_share(text: str) -> float:
    """The share of a text's non-ASCII letters that are common Chinese characters (0–1)."""
    sample = _to_simplified(text[:_SCORE_SAMPLE_CHARS])
    letters = [ch for ch in sample if not ch.isascii() and ch.isalpha()]
    if not letters:
        return 0.0
    common = _common_hanzi()
    return sum(1 for ch in letters if ch in common) / len(letters)


@cache
def _common_hanzi() -> frozenset[str]:
    """GB2312 level 1: the 3,755 most common simplified characters (rows 0xB0–0xD7)."""
    found = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(found)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    return _converter().convert(text)


def _looks_like_chinese(text: str) -> bool:
    """True when the decoded text is mostly CJK and printable, as a real plan is."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n\f")
    return cjk > 0 and controls == 0
