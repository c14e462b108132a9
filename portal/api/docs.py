"""The readable API page (``/api/v1/docs``): the OpenAPI document as a list of operations.

Summaries and parameter explanations visitors read are translated here (the YAML speaks
English to machines and tools); names, types and bounds come from the document itself.
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

SUMMARIES = {
    "index": _l("Where the description, the documentation and the exports are"),
    "openapi": _l("This API's OpenAPI 3.1 description"),
    "searchFacilities": _l(
        "Search facilities with the filters, sort and pages of the results page"
    ),
    "getFacility": _l("One facility"),
    "suggest": _l("Facility names for as-you-type suggestions"),
    "listSubsidies": _l("Subsidies, by place and category"),
    "checkSubsidies": _l("What can we get? The subsidy check"),
    "getSubsidy": _l("One subsidy"),
    "listServices": _l("Service packages"),
    "getService": _l("One service package"),
    "listRegions": _l("Regions of the gazetteer, by parent and level"),
    "getRegion": _l("One region"),
    "listSources": _l("The documents the data was imported from"),
    "exportResults": _l("The facilities of a search as CSV (the results page's parameters)"),
    "exportHsdsJson": _l("The whole data set as an Open Referral HSDS 3.0 data package (JSON)"),
    "exportHsdsCsv": _l("The whole data set as HSDS 3.0 CSV files with a datapackage.json, zipped"),
    "exportChecksums": _l("SHA-256 of each download"),
}

EXAMPLES = {
    "searchFacilities": "/api/v1/facilities?q=莲都 托育&audience=infants",
    "getFacility": "/api/v1/facilities/1",
    "suggest": "/api/v1/suggest?q=lian",
    "listSubsidies": "/api/v1/subsidies?place=331102",
    "checkSubsidies": "/api/v1/subsidies/check?applicant=child&region=331102&child_age_months=20",
    "listRegions": "/api/v1/regions?parent=331100",
    "getRegion": "/api/v1/regions/331102",
    "exportResults": "/open-data/results.csv?q=莲都 托育",
    "exportHsdsJson": "/open-data/carefinder-hsds.json",
    "exportHsdsCsv": "/open-data/carefinder-hsds-csv.zip",
    "exportChecksums": "/open-data/SHA256SUMS",
}


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    type: str  # integer, string, one of: …, list of …
    bounds: str  # 1–100, ≤ 100 characters …
    required: bool


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    parameters: tuple[Parameter, ...]
    statuses: tuple[str, ...]
    example: str | None


def _resolve(document: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in item:
        node: Any = document
        for part in item["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        item = node
    return item


def _type(document: dict[str, Any], schema: dict[str, Any]) -> tuple[str, str]:
    schema = _resolve(document, schema)
    if schema.get("type") == "array":
        kind, bounds = _type(document, schema.get("items", {}))
        return f"[{kind}]", bounds
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"])), ""
    bounds = ""
    if "minimum" in schema or "maximum" in schema:
        bounds = f"{schema.get('minimum', '')}–{schema.get('maximum', '')}"
    elif "maxLength" in schema:
        bounds = f"≤ {schema['maxLength']}"
    return str(schema.get("type", "string")), bounds


def operations(document: dict[str, Any]) -> list[Operation]:
    """Every operation of the document, in its order."""
    found = []
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            params = []
            for raw in spec.get("parameters", []):
                param = _resolve(document, raw)
                kind, bounds = _type(document, param.get("schema", {}))
                required = param.get("required", False)
                params.append(Parameter(param["name"], param["in"], kind, bounds, required))
            op_id = spec["operationId"]
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    operation_id=op_id,
                    summary=str(SUMMARIES.get(op_id, spec.get("summary", ""))),
                    parameters=tuple(params),
                    statuses=tuple(spec.get("responses", {})),
                    example=EXAMPLES.get(op_id),
                )
            )
    return found
