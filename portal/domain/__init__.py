"""The portal's vocabulary: the fixed values a facility, subsidy or region can take.

Stored as their string values (``StrEnum``) so the database, the index, the JSON API
and the templates all speak the same words, and a PostgreSQL deployment needs no enum types.

Imports nothing of the portal: every layer may import it.
"""

from enum import StrEnum


class Audience(StrEnum):
    ELDERLY = "elderly"
    INFANTS = "infants"
    PRESCHOOL = "preschool"  # 幼儿园 without 托班: ages 3–6, not care for under-threes
    BOTH = "both"  # 一老一小 combined projects (e.g. 托养融合 centres)
    UNKNOWN = "unknown"  # the source does not say (e.g. only a health commission organises it)


class FacilityKind(StrEnum):
    CARE_HOME = "care_home"  # 养老院, 敬老院, 福利院, 养老机构, 颐养中心
    HOME_CARE_CENTRE = "home_care_centre"  # 居家养老服务中心/站, 养老服务综合体
    DAY_CARE_CENTRE = "day_care_centre"  # 日间照料中心
    MEDICAL_CARE = "medical_care"  # 医养结合, 护理院, 康复医院, 安宁疗护
    ELDER_OTHER = "elder_other"  # platforms, training bases, 老年大学 …
    CHILDCARE_CENTRE = "childcare_centre"  # 托育机构/中心, 托育服务中心
    COMMUNITY_CHILDCARE = "community_childcare"  # 社区托育点, 嵌入式托育
    NURSERY_CLASS = "nursery_class"  # 幼儿园托班 (托幼一体)
    KINDERGARTEN = "kindergarten"  # 幼儿园 (ages 3–6, not childcare for under-threes)
    CHILD_OTHER = "child_other"  # 妇幼保健, 儿童活动中心 …
    COMBINED = "combined"  # one project serving both old and young
    RELATED_PROJECT = "related_project"  # in a plan's list, but no care place (sports, tourism …)
    OTHER = "other"  # the source does not say what kind of care


class FacilityStatus(StrEnum):
    OPERATING = "operating"
    UNDER_CONSTRUCTION = "under_construction"  # 在建, 续建
    PLANNED = "planned"  # 新建, 前期
    PROPOSED = "proposed"  # 谋划
    UNKNOWN = "unknown"  # the source does not say


class Precision(StrEnum):
    """How precisely a facility's coordinates are known; only EXACT may be drawn as a pin."""

    EXACT = "exact"
    TOWN = "town"
    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"
    NONE = "none"


class RegionLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWN = "town"


class Beneficiary(StrEnum):
    FAMILY = "family"
    OLDER_PERSON = "older_person"
    PROVIDER = "provider"
    CARE_WORKER = "care_worker"


class DocumentStatus(StrEnum):
    ISSUED = "issued"
    DRAFT = "draft"  # 征求意见稿, 送审稿 …


ELDERLY_KINDS = frozenset(
    {
        FacilityKind.CARE_HOME,
        FacilityKind.HOME_CARE_CENTRE,
        FacilityKind.DAY_CARE_CENTRE,
        FacilityKind.MEDICAL_CARE,
        FacilityKind.ELDER_OTHER,
    }
)
INFANT_KINDS = frozenset(
    {
        FacilityKind.CHILDCARE_CENTRE,
        FacilityKind.COMMUNITY_CHILDCARE,
        FacilityKind.NURSERY_CLASS,
        FacilityKind.KINDERGARTEN,
        FacilityKind.CHILD_OTHER,
    }
)
# Kinds a search for care leaves out unless the visitor asks for them by name.
NOT_CARE_KINDS = frozenset({FacilityKind.RELATED_PROJECT})


class JobState(StrEnum):
    """Where a staff import stands: previewed, then queued, running and done or failed."""

    PREVIEWED = "previewed"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
