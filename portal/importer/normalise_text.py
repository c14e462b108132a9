"""Clean the text of one table cell taken from a plan.

The plans were extracted from Word/PDF files and carry their artefacts: bold markers (``**``),
Word bookmarks (``[bookmark: _Toc…]``), hard wraps that leave a space inside a word
(``福利中 心``) or a number (``14667. 4``), full-width and ASCII brackets mixed in one list,
and a few recurring typos. :func:`clean_cell` removes them so every later parser and the
search index see one spelling; :func:`to_halfwidth` is the narrower fold used for queries.
This is the importer's one ``clean_cell``: the table readers only undo layout
(``table_cells.tidy_layout``, which keeps meaningful line breaks) before it.
"""

import re

from portal.importer.table_cells import strip_markup

# Full-width ASCII block (！ … ～) sits exactly 0xFEE0 above its ASCII twin.
_FULLWIDTH_OFFSET = 0xFEE0
_HALFWIDTH_ALL = {cp: cp - _FULLWIDTH_OFFSET for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# In Chinese cell text only letters and digits are folded: full-width ，。；：（） are the
# correct punctuation for Chinese and stay.
_HALFWIDTH_ALNUM = {
    cp: cp - _FULLWIDTH_OFFSET
    for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
} | {0x3000: 0x20, 0xFF0E: ord(".")}

# Han ideographs, CJK punctuation, full-width forms and the quotes/dots used in Chinese text.
_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’·•"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")

# A wrap inside a decimal number: "14667. 4", "1. 3 倍", "16 .92".
_SPLIT_DECIMAL = re.compile(r"(?<=\d)\s*\.\s+(?=\d)|(?<=\d)\s+\.(?=\d)")

_WHITESPACE = re.compile(r"\s+")

# Invisible characters that change how text is displayed or matched: bidi embeddings and
# overrides (U+202A–U+202E; U+202E turns "养老院\u202eexe.txt" around on screen), bidi
# isolates (U+2066–U+2069), the directional marks, and zero-width spaces and joiners
# (U+200B–U+200D, U+2060, the BOM U+FEFF). No plan needs them; a name holding them could pose
# as another, so they are removed, never displayed.
_INVISIBLE = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
    + [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
)

# Recurring misspellings in the sources. 畚 (a basket) is typed for 畲 (the She people of
# 景宁畲族自治县) in 丽水's project list; only the unambiguous compounds are corrected.
KNOWN_TYPOS = {
    "畚族": "畲族",
    "畚家": "畲家",
}


def to_halfwidth(text: str) -> str:
    """Fold full-width ASCII letters, digits, punctuation and the ideographic space to ASCII.

    ``"ＡＢＣ１２３（）"`` becomes ``"ABC123()"``. Other characters are unchanged; ``None``-like
    empty input gives ``""``.
    """
    return (text or "").translate(_HALFWIDTH_ALL)


def clean_cell(text: str | None) -> str:
    """Return the cell text with extraction artefacts removed; never raises.

    In order: drop ``**`` and ``[bookmark:…]``; remove invisible bidi controls and zero-width
    characters (:data:`_INVISIBLE`); fold full-width letters and digits to ASCII;
    collapse runs of whitespace (including the newlines of hard wraps) to one space; join
    decimals split by a wrap (``14667. 4`` → ``14667.4``); remove spaces between two Chinese
    characters or punctuation marks (``福利中 心`` → ``福利中心``) while keeping spaces around
    numbers and Latin words; write brackets in Chinese text as full-width ``（）``; correct
    :data:`KNOWN_TYPOS`; strip the ends.
    """
    if not text:
        return ""
    text = strip_markup(text)
    text = text.translate(_INVISIBLE)
    text = text.translate(_HALFWIDTH_ALNUM)
    text = _WHITESPACE.sub(" ", text)
    text = _SPLIT_DECIMAL.sub(".", text)
    if _HAS_CJK.search(text):
        text = text.replace("(", "（").replace(")", "）")
    text = _SPACE_BETWEEN_CJK.sub("", text)
    for wrong, right in KNOWN_TYPOS.items():
        text = text.replace(wrong, right)
    return text.strip()
