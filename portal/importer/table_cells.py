"""Clean the text of one table cell without interpreting it.

Plans are extracted from PDFs and Word files, so cells carry layout artefacts: hard wraps in the
middle of a word (``卫生健`` / ``康委``), spaces where a wrapped line was glued back (``福利中 心``,
``14667. 4``), and markup left by the converter (``**``, ``[bookmark: …]``). These functions
undo only those artefacts; values (money, periods, capacities) stay text for the normalisers.
"""

import re

_MARKUP = re.compile(r"\*\*|\[bookmark:[^\]]*\]")
# CJK ideographs, CJK punctuation and full-width forms: a space between two of these is a
# wrap artefact, because Chinese text does not separate words with spaces.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
_BROKEN_DECIMAL = re.compile(r"(?<=\d)\. +(?=\d)")
# An organisation name ends in one of these; if the next piece starts like a new organisation
# (``市…``, ``区…``, ``台州市…``), the break separates two organisations and must survive.
_ORG_END = "委局府办院会部厅队所站心司处团室"
_ORG_START = re.compile(r"^(市|县|区|省|各|[\u4e00-\u9fff]{1,3}[市县区])")
_SENTENCE_END = "。；;！!？?"
_ALNUM = re.compile(r"[0-9A-Za-z%]")


def strip_markup(text: str) -> str:
    """Remove converter markup (``**`` bold marks, ``[bookmark: …]`` anchors)."""
    return _MARKUP.sub("", text)


def _separates_organisations(left: str, right: str) -> bool:
    """True when ``left`` ends an organisation name and ``right`` starts another one."""
    return bool(left) and left[-1] in _ORG_END and bool(_ORG_START.match(right))


def close_stray_spaces(text: str) -> str:
    """Remove spaces inside words and numbers.

    ``福利中 心`` → ``福利中心``, ``14667. 4`` → ``14667.4``.

    A space between two organisation names (``市卫生健康委 市人力社保局``) is kept, and so are
    spaces between a number and a Chinese word (``设计床位 300 张``), which are the source's own.
    """
    text = _BROKEN_DECIMAL.sub(".", text)

    def join(match: re.Match[str]) -> str:
        left, right = text[: match.start()], text[match.end() :]
        return " " if _separates_organisations(left, right) else ""

    return _CJK_SPACE.sub(join, text)


def join_wrapped(left: str, right: str) -> str:
    """Join a cell's text with the next physical line of the same cell.

    A wrap inside a word joins without a space (``卫生健`` + ``康委``); a space is kept between
    two numbers or latin words; a newline is kept where the source starts a new sentence or a new
    organisation on its own line, since those breaks carry meaning.
    """
    left, right = left.rstrip(), right.strip()
    if not left:
        return right
    if not right:
        return left
    if left[-1] in _SENTENCE_END or _separates_organisations(left, right):
        return f"{left}\n{right}"
    if _ALNUM.match(left[-1]) and _ALNUM.match(right[0]):
        return f"{left} {right}"
    return left + right


def tidy_layout(text: str) -> str:
    """Undo the extraction's layout only: markup removed, stray spaces closed, each line
    stripped, empty lines dropped. Line breaks that carry meaning stay; spelling is the
    normaliser's job (``portal.importer.normalise_text.clean_cell``), after the table is read.
    """
    lines = [close_stray_spaces(strip_markup(part).strip()) for part in text.split("\n")]
    return "\n".join(line for line in lines if line)
