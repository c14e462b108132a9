"""What visitors read for each value of the vocabulary, in their language."""

from flask_babel import lazy_gettext as _l

from portal.domain import Audience, Beneficiary, FacilityKind, FacilityStatus, Precision

KIND_LABELS = {
    FacilityKind.CARE_HOME: _l("Care home"),
    FacilityKind.HOME_CARE_CENTRE: _l("Home-care service centre"),
    FacilityKind.DAY_CARE_CENTRE: _l("Day-care centre"),
    FacilityKind.MEDICAL_CARE: _l("Combined medical and elder care"),
    FacilityKind.ELDER_OTHER: _l("Other elder-care project"),
    FacilityKind.CHILDCARE_CENTRE: _l("Childcare centre"),
    FacilityKind.COMMUNITY_CHILDCARE: _l("Community childcare point"),
    FacilityKind.NURSERY_CLASS: _l("Kindergarten nursery class"),
    FacilityKind.KINDERGARTEN: _l("Kindergarten"),
    FacilityKind.CHILD_OTHER: _l("Other childcare project"),
    FacilityKind.COMBINED: _l("Care for old and young"),
    FacilityKind.RELATED_PROJECT: _l("Other related project (not a care facility)"),
    FacilityKind.OTHER: _l("Kind of care not stated"),
}

STATUS_LABELS = {
    FacilityStatus.OPERATING: _l("Operating"),
    FacilityStatus.UNDER_CONSTRUCTION: _l("Under construction"),
    FacilityStatus.PLANNED: _l("Planned"),
    FacilityStatus.PROPOSED: _l("Proposed"),
    FacilityStatus.UNKNOWN: _l("Status not stated"),
}

AUDIENCE_LABELS = {
    Audience.ELDERLY: _l("Older people"),
    Audience.INFANTS: _l("Infants and toddlers"),
    Audience.PRESCHOOL: _l("Children aged 3–6 (kindergarten)"),
    Audience.BOTH: _l("Old and young"),
    Audience.UNKNOWN: _l("Not stated"),
}

PRECISION_LABELS = {
    Precision.EXACT: _l("Exact address"),
    Precision.TOWN: _l("Approximate: town or street"),
    Precision.COUNTY: _l("Approximate: county or district"),
    Precision.CITY: _l("Approximate: city"),
    Precision.PROVINCE: _l("Approximate: province"),
    Precision.NONE: _l("Location unknown"),
}

BENEFICIARY_LABELS = {
    Beneficiary.FAMILY: _l("Families with young children"),
    Beneficiary.OLDER_PERSON: _l("Older people and their families"),
    Beneficiary.PROVIDER: _l("Care providers"),
    Beneficiary.CARE_WORKER: _l("Care workers"),
}


def label(mapping: dict, value: str | None) -> str:
    """The label of ``value``; an unknown value is shown as itself, never hidden."""
    if value is None:
        return ""
    for key, text in mapping.items():
        if key == value:
            return str(text)
    return str(value)


def register(app) -> None:
    app.jinja_env.globals.update(
        kind_label=lambda v: label(KIND_LABELS, v),
        status_label=lambda v: label(STATUS_LABELS, v),
        audience_label=lambda v: label(AUDIENCE_LABELS, v),
        precision_label=lambda v: label(PRECISION_LABELS, v),
        beneficiary_label=lambda v: label(BENEFICIARY_LABELS, v),
        action_label=lambda v: label(ACTION_LABELS, v),
    )


ACTION_LABELS = {
    "new": _l("New"),
    "changed": _l("Changed"),
    "unchanged": _l("Unchanged"),
    "withdrawn": _l("Withdrawn"),
    "rejected": _l("Rejected"),
    "duplicate": _l("Duplicate (imported once)"),
}
