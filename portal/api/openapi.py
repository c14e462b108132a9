"""The API's OpenAPI 3.1 description, kept by hand in ``openapi.yaml`` beside this module."""

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from portal.domain import Audience, FacilityKind, FacilityStatus, Precision, RegionLevel

DOCUMENT = Path(__file__).with_name("openapi.yaml")

# The vocabularies come from the domain, so the document cannot fall behind a new class.
ENUMS = {
    "FacilityKind": FacilityKind,
    "Audience": Audience,
    "FacilityStatus": FacilityStatus,
    "Precision": Precision,
    "RegionLevel": RegionLevel,
}


@cache
def _loaded() -> dict[str, Any]:
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    for name, vocabulary in ENUMS.items():
        schemas[name]["enum"] = [member.value for member in vocabulary]
    return document


def openapi_document(server_url: str) -> dict[str, Any]:
    """The document, with this host as its server (``""`` keeps the relative ``/``)."""
    document = copy.deepcopy(_loaded())
    if server_url:
        document["servers"] = [{"url": server_url}]
    return document
