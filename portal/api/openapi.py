"""The API's OpenAPI 3.1 description, kept by hand in ``openapi.yaml`` beside this module."""

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DOCUMENT = Path(__file__).with_name("openapi.yaml")


@cache
def _loaded() -> dict[str, Any]:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


def openapi_document(server_url: str) -> dict[str, Any]:
    """The document, with this host as its server (``""`` keeps the relative ``/``)."""
    document = copy.deepcopy(_loaded())
    if server_url:
        document["servers"] = [{"url": server_url}]
    return document
