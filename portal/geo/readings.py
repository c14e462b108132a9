"""How place names are read aloud: pinyin with tone marks, one syllable per character.

pypinyin reads a name character by character where its phrase list lacks the name, and several
characters are read differently in place names than in everyday words: 莲都 is Liándū, not
Liándōu; 天台 and 台州 are Tiāntāi and Tāizhōu; 单县 is Shàn Xiàn. The gazetteer keeps each
place's reading in its ``pinyin`` column (built with :func:`place_reading`); a staff row
without one gets it from the same function when loaded.

The readings below were checked by hand against the places' official romanised names
(Liandu District, Tiantai County, Taizhou, Yueqing, Shan County …).
"""

import re

from pypinyin import Style, lazy_pinyin

# Characters whose place-name reading differs from pypinyin's everyday default.
CHARACTER_READINGS = {
    "都": "dū",  # 莲都, 成都, 都昌, 都江堰: "capital", never dōu ("all") in a place name
}
# Whole words whose place-name reading neither pypinyin nor the rule above gets right.
WORD_READINGS = {
    "天台": "tiān tāi",
    "台州": "tāi zhōu",
    "乐清": "yuè qīng",
    "乐亭": "lào tíng",
    "单县": "shàn xiàn",
    "长子": "zhǎng zǐ",
    "六安": "lù ān",
    "六合": "lù hé",
    "铅山": "yán shān",
    "洪洞": "hóng tóng",
    "涡阳": "guō yáng",
    "大埔": "dà bù",
    "蚌埠": "bèng bù",
    "番禺": "pān yú",
}
_CJK = re.compile(r"[\u3400-\u9fff]")


def place_reading(name: str) -> str:
    """Spaced pinyin syllables with tone marks for a Chinese place name (``莲都区`` →
    ``lián dū qū``); characters that are not Chinese are left out."""
    syllables: list[str] = []
    i = 0
    while i < len(name):
        word = next((w for w in WORD_READINGS if name.startswith(w, i)), None)
        if word is not None:
            syllables.extend(WORD_READINGS[word].split())
            i += len(word)
            continue
        end = i
        while end < len(name) and not any(name.startswith(w, end) for w in WORD_READINGS):
            end += 1
        syllables.extend(_plain_reading(name[i:end]))
        i = end
    return " ".join(syllables)


def _plain_reading(text: str) -> list[str]:
    chars = [c for c in text if _CJK.match(c)]
    readings = lazy_pinyin("".join(chars), style=Style.TONE)
    if len(readings) != len(chars):  # pypinyin kept a run whole: read it per character
        readings = [lazy_pinyin(c, style=Style.TONE)[0] for c in chars]
    return [CHARACTER_READINGS.get(c, r) for c, r in zip(chars, readings, strict=True)]


def reading_table(name: str, reading: str) -> list[list[str]] | None:
    """``reading`` as pypinyin's phrase format (``[["lián"], ["dū"]]``) when it has one
    syllable per Chinese character of ``name``; ``None`` when it does not fit."""
    syllables = reading.split()
    if not name or len(syllables) != len(name) or not all(_CJK.match(c) for c in name):
        return None
    return [[s] for s in syllables]
