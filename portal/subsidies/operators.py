"""Who runs a facility, as far as the plan says: a government body, or public/private ownership.

Grants for private providers (民办养老机构 …) exclude government bodies, and a facility page
shows no operator grants at all when a bureau, a town government or a street office runs it.
Only clear cases are classified; anything else stays unknown (``None``), never guessed.
"""

import re

# Names of government bodies end with one of these (市民政局, 温峤镇人民政府, 罗星街道办事处,
# 开发区社管局, 莲都区峰源乡, 遂昌县各中心敬老院所在乡镇 …).
GOVERNMENT_ENDINGS = (
    "局",
    "人民政府",
    "政府",
    "办事处",
    "管委会",
    "委员会",
    "卫健委",
    "残联",
    "街道",
    "镇",
    "乡",
)
# "…街道（招商项目）": the street office looks for an investor, who will run it.
INVESTOR_WANTED = ("招商",)
OWNERSHIP_WORDS = (  # the plan's ownership column, most specific first
    ("公建民营", "public_private"),
    ("公办民营", "public_private"),
    ("民办", "private"),
    ("社会办", "private"),
    ("公办", "public"),
)
_SEPARATORS = re.compile(r"[、，,/；;]")


def is_government_body(operator: str | None) -> bool:
    """Whether every organiser named in ``operator`` is a government body."""
    text = (operator or "").strip()
    if not text or any(word in text for word in INVESTOR_WANTED):
        return False
    names = [n.strip() for n in _SEPARATORS.split(text) if n.strip()]
    return all(name.endswith(GOVERNMENT_ENDINGS) for name in names)


def ownership_of(ownership: str | None, operator: str | None) -> str | None:
    """``private``, ``public_private`` or ``public`` when the plan says so (its ownership column,
    or a government body as organiser); ``None`` when it does not."""
    for word, value in OWNERSHIP_WORDS:
        if word in (ownership or ""):
            return value
    return "public" if is_government_body(operator) else None
