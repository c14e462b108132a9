"""Turn the bytes of an uploaded plan into text, or refuse them with a clear reason.

Order matters: a strict UTF-8 decode first (most of our plans, with or without BOM), then the
Chinese legacy encodings (GB18030 is a superset of GBK and GB2312) guessed by
charset-normalizer and confirmed by a strict decode. Anything else is rejected rather than
decoded with replacement characters, because a silently garbled plan is worse than none.
"""

from dataclasses import dataclass

from charset_normalizer import from_bytes

from portal.importer.problems import DocumentError

_UTF8_BOM = b"\xef\xbb\xbf"
_CHINESE_ENCODINGS = ("gb18030", "gbk", "gb2312", "big5")
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
    for magic, message in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise DocumentError(source, message)
    if b"\x00" in data:
        raise DocumentError(source, "文件含有二进制内容（NUL 字节），不是文本文件")
    try:
        body = data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data
        return DecodedText(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, source)


def _decode_legacy(data: bytes, source: str) -> DecodedText:
    """Try the encoding charset-normalizer proposes if it is a Chinese one, then GB18030."""
    best = from_bytes(data).best()
    guessed = best.encoding.lower().replace("_", "") if best is not None else None
    candidates = [guessed] if guessed in _CHINESE_ENCODINGS else []
    # GB18030 decodes every GBK/GB2312 file; try it even when the guess was something else,
    # since short Chinese texts are often guessed as a Western code page.
    candidates += [enc for enc in ("gb18030",) if enc not in candidates]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_chinese(text):
            return DecodedText(text, encoding)
    raise DocumentError(source, "无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK")


def _looks_like_chinese(text: str) -> bool:
    """True when the decoded text is mostly CJK and printable, as a real plan is."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n\f")
    return cjk > 0 and controls == 0
