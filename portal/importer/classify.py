"""Decide what a project row is: its status, its ownership, its audience and its kind.

The plans have no category column. 丽水 splits its list into 一、养老领域 / 二、托育领域,
嘉兴 writes 养老 / 托育 in the 项目类型 column, 台州 and 景德镇 say nothing: there the
name, the content and the organiser decide. Each answer carries a ``reason`` so staff can see
why a row landed where it did.

This module is the one place the classes are decided; every rule below names the plan
phrases that decide it:

* **Other related project** (``RELATED_PROJECT``): the plans' lists also carry sports,
  culture and tourism developments, hospital buildings and disability services. A row is one
  when a phrase of ``RELATED_PHRASES`` is in its name or content; development and hospital
  phrases give way when the row states beds (``床位``), which only care places count.
* **Old and young** (``COMBINED``): 一老一小, 托养融合, 老幼 anywhere, or a welfare centre
  whose content builds both 养老 and 儿童养育 areas.
* **Kindergarten** (``KINDERGARTEN``, audience ``PRESCHOOL``): 幼儿园 / 学前教育 without
  any childcare word; with 托班/托育/托位 it is a kindergarten's nursery class
  (``NURSERY_CLASS``), never a childcare centre.
* **Combined medical and elder care** (``MEDICAL_CARE``): 医养结合, or medical beds
  (医疗/医院…床位) listed beside elder-care beds, or medical words in the name.
"""

import re
from dataclasses import dataclass

from portal.domain import Audience, FacilityKind, FacilityStatus

# 项目类型 words → status; the first word found wins. Bare 建成 is left out: 拟建成 is a plan.
_STATUS_WORDS = [
    ("在建", FacilityStatus.UNDER_CONSTRUCTION),
    ("续建", FacilityStatus.UNDER_CONSTRUCTION),
    ("谋划", FacilityStatus.PROPOSED),
    ("前期", FacilityStatus.PLANNED),
    ("新建", FacilityStatus.PLANNED),
    ("已建成", FacilityStatus.OPERATING),
    ("运营", FacilityStatus.OPERATING),
]
# Longest first, so 公办民营 is not read as 公办.
_OWNERSHIP_WORDS = ["公办民营", "公建民营", "民办公助", "公办", "民办", "国有"]

_BOTH_WORDS = ("一老一小", "托养融合", "老幼")
_ELDER_WORDS = (
    "养老", "敬老", "老年", "颐养", "康养", "医养", "护理院", "养护院", "福利院",
    "福利中心", "安养", "静养", "失能", "长者",
)  # fmt: skip
_INFANT_WORDS = (
    "托育", "托位", "托班", "托儿", "托婴", "托幼", "幼儿园", "婴幼儿", "学前", "妇幼", "儿童",
)  # fmt: skip

# (words, kind) in the order they are tried; the first rule with a word present wins.
_ELDER_RULES = [
    (("步道", "小镇", "文创", "健身", "文化园", "旅游", "度假", "文旅", "体验园", "公园",
      "养生园", "基地", "老年大学", "老年活动中心", "平台", "发展中心"), FacilityKind.ELDER_OTHER),
    (("医养", "护理院", "康复", "安宁疗护", "医院"), FacilityKind.MEDICAL_CARE),
    (("日间照料",), FacilityKind.DAY_CARE_CENTRE),
    (("居家养老", "照料中心", "养老服务综合体", "养老服务站"), FacilityKind.HOME_CARE_CENTRE),
    (("养老院", "敬老院", "福利院", "福利中心", "养老中心", "养老服务中心", "颐养", "康养院",
      "康养中心", "养护院", "安养院", "静养院", "养老机构", "老年公寓", "托养中心", "养老社区",
      "养老综合体", "照护服务中心", "床位"), FacilityKind.CARE_HOME),
]  # fmt: skip
_KINDERGARTEN_WORDS = ("幼儿园", "学前教育")

# (phrase, what it shows): the row is a plan project that is not a care place.
RELATED_PHRASES = (
    ("全民健身", "体育设施"), ("体育场", "体育设施"), ("体育馆", "体育设施"),
    ("游泳馆", "体育设施"), ("文化园", "文化设施"), ("博物馆", "文化设施"),
    ("市民发展中心", "文化体育设施"), ("文创", "文化创意项目"), ("旅游", "旅游项目"),
    ("文旅", "文化旅游项目"), ("康旅", "旅游项目"), ("度假", "度假项目"), ("观光", "旅游项目"),
    ("游客", "旅游项目"), ("探秘公园", "旅游项目"), ("体验园", "旅游项目"),
    ("避暑山庄", "旅游项目"), ("步道", "森林步道"), ("森林康养", "森林康养旅游项目"),
    ("康养小镇", "开发片区（小镇）"), ("健康城", "健康产业片区"),
    ("健康管理中心", "健康管理机构"), ("中医药康养", "中医药产业项目"),
    ("服务能力提升", "医院的医疗服务能力建设"), ("旧址改造", "医院旧址改造"),
    ("门诊", "医院门诊住院楼"), ("病区", "医院病区"),
)  # fmt: skip
# Disability services decide even when beds are stated (a 托养中心 for disabled people).
DISABILITY_PHRASES = (("残疾人", "残疾人服务"), ("残联", "残疾人联合会实施"))
# Both old and young in one welfare centre (景德镇市社会福利中心: 养老服务功能区、儿童养育功能区).
_BOTH_CONTENT = re.compile(r"养老.{0,12}儿童养育|儿童养育.{0,12}养老")
# Medical beds listed beside elder-care beds (嘉善 罗星/魏塘: 卫生医疗服务用房共设300张床位).
_MEDICAL_BEDS = re.compile(r"(?:医疗|医院)[^，,。；;]{0,12}床位")
_INFANT_RULES = [
    (("社区托育", "托育点", "托育服务点", "嵌入式"), FacilityKind.COMMUNITY_CHILDCARE),
    (("托育中心", "托育服务中心", "托育机构", "托育园", "托婴机构"), FacilityKind.CHILDCARE_CENTRE),
]  # fmt: skip
_CHILDCARE_WORDS = ("托育", "托儿所", "托婴", "托位", "托班", "托幼")


@dataclass(frozen=True)
class Classification:
    """Who a project serves and what kind of place it is, with the words that decided it.

    ``audience`` and ``kind`` are ``None`` when nothing in the row says (the domain has no
    "unknown" audience, and guessing would show a project under the wrong heading).
    """

    audience: Audience | None
    kind: FacilityKind | None
    reason: str


def status_from_project_type(text: str | None) -> tuple[FacilityStatus, str | None]:
    """Map a 项目类型 cell to a status, with a note when the word does not say.

    在建/续建 → under construction; 新建/前期 → planned; 谋划 → proposed; 已建成/运营 →
    operating. Anything else (改扩建, 单位自建, 实施类, 养老 …) is UNKNOWN with a note
    quoting the cell; an empty cell is UNKNOWN with no note. Never raises.
    """
    compact = "".join((text or "").split())
    for word, status in _STATUS_WORDS:
        if word in compact:
            return status, None
    if not compact:
        return FacilityStatus.UNKNOWN, None
    return FacilityStatus.UNKNOWN, f"项目类型“{compact}”未说明建设进度"


def ownership_from_text(text: str | None) -> str | None:
    """Return the ownership term named in the text (公办民营, 公建民营, 民办公助, 公办, 民办,
    国有), the earliest-appearing one when several occur; ``None`` when there is none."""
    compact = "".join((text or "").split())
    found = []
    for word in _OWNERSHIP_WORDS:
        position = compact.find(word)
        # Skip a short word that only occurs inside a longer one already found (公办 in 公办民营).
        if position >= 0 and not any(word in longer for _, longer in found):
            found.append((position, word))
    return min(found)[1] if found else None


def classify_facility(
    name: str | None, content: str | None, organiser: str | None, section: str | None
) -> Classification:
    """Classify one project row; never raises.

    The audience comes from the section (养老 / 托育 / 一老一小) when there is one, else from
    the name, then the content, then the organiser (民政 → elderly, 教育/教体 → infants;
    卫健 alone decides nothing). The kind comes from words in the name, then in the name and
    content together, using the audience's own vocabulary.
    """
    name, content, organiser = name or "", content or "", organiser or ""
    audience, audience_reason = _audience(name, content, organiser, section or "")
    related = related_reason(name, content, organiser)
    if related:
        reason = f"{audience_reason}；{related}" if audience else related
        return Classification(audience, FacilityKind.RELATED_PROJECT, reason)
    if audience is None:
        return Classification(None, None, audience_reason)
    if audience is Audience.BOTH:
        return Classification(audience, FacilityKind.COMBINED, audience_reason)
    if audience is Audience.ELDERLY:
        kind, kind_reason = _elder_kind(name, content)
    else:
        kind, kind_reason = _infant_kind(name, content, organiser)
        if kind is FacilityKind.KINDERGARTEN:
            audience = Audience.PRESCHOOL  # ages 3–6: not care for under-threes
    return Classification(audience, kind, f"{audience_reason}；{kind_reason}")


def related_reason(name: str, content: str, organiser: str = "") -> str | None:
    """Why a row is a related project and not a care place, or ``None`` when it is care."""
    for label, text in (("名称", name), ("建设内容", content), ("实施单位", organiser)):
        for phrase, shows in DISABILITY_PHRASES:
            if phrase in text:
                return f"{label}含“{phrase}”：{shows}，不是养老托育机构"
    if "床位" in name + content:
        return None
    for label, text in (("名称", name), ("建设内容", content)):
        hit = _first(text, tuple(phrase for phrase, _ in RELATED_PHRASES))
        if hit:
            shows = dict(RELATED_PHRASES)[hit]
            return f"{label}含“{hit}”：{shows}，不是养老托育机构"
    return None


def _audience(name: str, content: str, organiser: str, section: str) -> tuple[Audience | None, str]:
    if any(word in section for word in _BOTH_WORDS):
        return Audience.BOTH, f"所在部分“{section}”"
    both = _BOTH_CONTENT.search(content)
    if both:
        return Audience.BOTH, f"建设内容含“{both.group(0)}”"
    if "养老" in section:
        return Audience.ELDERLY, f"所在部分“{section}”"
    if "托育" in section or "幼" in section:
        return Audience.INFANTS, f"所在部分“{section}”"
    for label, text in (("名称", name), ("建设内容", content)):
        both = _first(text, _BOTH_WORDS)
        if both:
            return Audience.BOTH, f"{label}含“{both}”"
        elder, infant = _first(text, _ELDER_WORDS), _first(text, _INFANT_WORDS)
        if elder and not infant:
            return Audience.ELDERLY, f"{label}含“{elder}”"
        if infant and not elder:
            return Audience.INFANTS, f"{label}含“{infant}”"
    if "民政" in organiser:
        return Audience.ELDERLY, f"实施单位“{organiser}”"
    if "教育" in organiser or "教体" in organiser:
        return Audience.INFANTS, f"实施单位“{organiser}”"
    return None, "名称、内容和实施单位都不能判断服务对象"


def _elder_kind(name: str, content: str) -> tuple[FacilityKind, str]:
    # 医养结合 names the model of care wherever it is written (颐养城 … 医养结合型养老机构);
    # the other words are trusted in the name first, as contents list many side facilities.
    if "医养结合" in name + content:
        return FacilityKind.MEDICAL_CARE, "含“医养结合”"
    medical_beds = _MEDICAL_BEDS.search(content)
    if medical_beds and "养老" in content:
        return FacilityKind.MEDICAL_CARE, f"医疗床位与养老床位并列（“{medical_beds.group(0)}”）"
    # In the content a care home's own words (床位, 敬老院) outweigh a side building such as
    # 康复楼, so medical words are tried last there.
    content_rules = [rule for rule in _ELDER_RULES if rule[1] is not FacilityKind.MEDICAL_CARE]
    content_rules += [rule for rule in _ELDER_RULES if rule[1] is FacilityKind.MEDICAL_CARE]
    for label, text, rules in (
        ("名称", name, _ELDER_RULES),
        ("名称和内容", name + content, content_rules),
    ):
        for words, kind in rules:
            word = _first(text, words)
            if word:
                return kind, f"{label}含“{word}”"
    return FacilityKind.ELDER_OTHER, "未见养老设施类型用语"


def _infant_kind(name: str, content: str, organiser: str) -> tuple[FacilityKind, str]:
    text = name + content
    community = _first(text, _INFANT_RULES[0][0])
    if community:
        return FacilityKind.COMMUNITY_CHILDCARE, f"含“{community}”"
    # A kindergarten's 托班 is a nursery class, whatever the project calls its building
    # (心海社区幼儿园示范性托育服务中心: 幼儿园18班、幼儿托育3个班).
    kindergarten, childcare = _first(text, _KINDERGARTEN_WORDS), _first(text, _CHILDCARE_WORDS)
    if kindergarten and childcare:
        return FacilityKind.NURSERY_CLASS, f"含“{kindergarten}”和“{childcare}”"
    for words, kind in _INFANT_RULES[1:]:
        word = _first(text, words)
        if word:
            return kind, f"含“{word}”"
    if childcare:
        return FacilityKind.CHILDCARE_CENTRE, f"含“{childcare}”"
    if kindergarten:
        return FacilityKind.KINDERGARTEN, f"含“{kindergarten}”且无托育"
    if "教育" in organiser or "教体" in organiser:
        return FacilityKind.KINDERGARTEN, f"实施单位“{organiser}”且无托育"
    return FacilityKind.CHILD_OTHER, "未见托育或幼儿园用语"


def _first(text: str, words: tuple[str, ...]) -> str | None:
    """The word of ``words`` that appears earliest in ``text``."""
    hits = [(text.find(word), word) for word in words if word in text]
    return min(hits)[1] if hits else None
