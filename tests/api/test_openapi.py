"""The OpenAPI document is valid 3.1, describes every API route, and every documented route,
asked over HTTP on the imported plans, answers as the document says (status and body)."""

import re

import pytest
from jsonschema import FormatChecker
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from portal.api.openapi import openapi_document

# One request per documented (path, method, status); the last test checks none is missing.
# Expected statuses follow the documented behaviour: 400 for a refused parameter, 404 for an
# unknown record or a page past the last one, 304 when the client holds the current answer.
CASES = [
    ("/api/v1/", 200),
    ("/api/v1/openapi.json", 200),
    ("/api/v1/facilities?q=莲都 托育&audience=infants&per_page=5", 200),
    ("/api/v1/facilities?near=331102&sort=distance&kind=care_home&kind=day_care_centre", 200),
    ("/api/v1/facilities?q=托育&page=99999", 404),
    ("/api/v1/facilities/1", 200),
    ("/api/v1/facilities/999999", 404),
    ("/api/v1/suggest?q=台州", 200),
    ("/api/v1/subsidies", 200),
    ("/api/v1/subsidies?place=331100&lang=en", 200),
    ("/api/v1/subsidies?place=999999", 400),
    ("/api/v1/subsidies/check?applicant=child&region=331102&child_age_months=20", 200),
    ("/api/v1/subsidies/check?applicant=older&region=330411&older_age=100&care_level=full", 200),
    ("/api/v1/subsidies/check?applicant=older&older_age=300", 400),
    ("/api/v1/subsidies/national-childcare-subsidy", 200),  # data/subsidies.yaml:7
    ("/api/v1/subsidies/no-such-subsidy", 404),
    ("/api/v1/services", 200),
    ("/api/v1/services/home-community-elder-services", 200),  # data/services.yaml:4
    ("/api/v1/services/no-such-package", 404),
    ("/api/v1/regions?parent=331100", 200),
    ("/api/v1/regions?level=city&per_page=500", 200),
    ("/api/v1/regions?level=galaxy", 400),
    ("/api/v1/regions/331102", 200),
    ("/api/v1/regions/999999", 404),
    ("/api/v1/sources", 200),
    ("/open-data/results.csv?q=莲都&kind=care_home", 200),
    ("/open-data/results.csv?region=999999", 400),
    ("/open-data/carefinder-hsds.json", 200),
    ("/open-data/carefinder-hsds-csv.zip", 200),
    ("/open-data/SHA256SUMS", 200),
]


@pytest.fixture(scope="module")
def document():
    return openapi_document("")


def _operation(document: dict, url: str) -> tuple[str, dict]:
    path = url.split("?")[0]
    for template, methods in document["paths"].items():
        pattern = re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            return template, methods["get"]
    raise AssertionError(f"{path} is not documented")


def _validate(document: dict, schema: dict, body) -> None:
    # The response schema with the document's components beside it, so its $refs resolve.
    root = {"allOf": [schema], "components": document["components"]}
    OAS31Validator(root, format_checker=FormatChecker()).validate(body)


def _response_spec(document: dict, operation: dict, status: int) -> dict:
    spec = operation["responses"][str(status)]
    while "$ref" in spec:
        spec = document["components"]["responses"][spec["$ref"].rsplit("/", 1)[1]]
    return spec


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises with the offending path on an invalid document


def test_every_api_route_is_documented_and_nothing_else(loaded_app, document):
    served = set()
    for rule in loaded_app.url_map.iter_rules():
        if not rule.rule.startswith(("/api/v1/", "/open-data/")) or "GET" not in rule.methods:
            continue
        if "<any(" in rule.rule:  # one rule for the listed downloads
            prefix = rule.rule.split("<", 1)[0]
            served |= {prefix + name for name in re.findall(r"'([^']+)'", rule.rule)}
        else:
            served.add(re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule))
    # HTML pages for people (the API's docs, the downloads page) are not API routes.
    assert served - {"/api/v1/docs", "/open-data/"} == set(document["paths"])


@pytest.mark.parametrize(("url", "status"), CASES)
def test_each_documented_answer_matches_its_schema(loaded_client, document, url, status):
    response = loaded_client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    _template, operation = _operation(document, url)
    spec = _response_spec(document, operation, status)
    (media_type, content), *_others = spec["content"].items()
    assert response.mimetype == media_type
    if media_type == "application/json":
        _validate(document, content["schema"], response.get_json())
    response.close()


def test_each_documented_not_modified_answer(loaded_client, document):
    """Every operation that documents 304 gives it for the ETag it just handed out."""
    for url, status in CASES:
        _template, operation = _operation(document, url)
        if status != 200 or "304" not in operation["responses"]:
            continue
        with loaded_client.get(url) as first:
            etag = first.headers["ETag"]
        again = loaded_client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.get_data() == b"" and again.headers["ETag"] == etag


def test_the_cases_cover_every_documented_answer(document):
    covered = {(_operation(document, url)[0], str(status)) for url, status in CASES}
    # 304: every operation that documents it is asked by the test above.
    covered |= {(t, "304") for t in document["paths"]}
    documented = {
        (template, status)
        for template, methods in document["paths"].items()
        for status in methods["get"]["responses"]
    }
    assert documented - covered == set()
