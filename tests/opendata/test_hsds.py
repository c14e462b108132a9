"""The whole data set as an Open Referral HSDS 3.0 package validates against the published
schema (vendored in data/hsds-3.0/) and says only what the plans say."""

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parents[2] / "data" / "hsds-3.0"
TABLES = ("organization", "service", "location", "service_at_location")
# 台州市社会福利院: /work/shared/seeds/000_4fe4d2000453b318.txt:276-284 — 续建 (not operating),
# 章安街道 (a town, not an address), 1500 beds, 组织实施单位 台州市社发集团.
TAIZHOU_HOME = "台州市社会福利院"


@pytest.fixture(scope="module")
def package(loaded_client) -> dict:
    with loaded_client.get("/open-data/carefinder-hsds.json") as response:
        assert response.status_code == 200
        return {"bytes": response.get_data(), "etag": response.headers["ETag"]}


@pytest.fixture(scope="module")
def tables(package) -> dict[str, list[dict]]:
    data = json.loads(package["bytes"])
    return {r["name"]: r["data"] for r in data["resources"]}


def _validator(table: str) -> Draft202012Validator:
    resources = [
        (
            p.name,
            Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT202012),
        )
        for p in SCHEMAS.glob("*.json")
    ]
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / f"{table}.json").read_text())
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


@pytest.mark.parametrize("table", TABLES)
def test_every_record_validates_against_the_hsds_schema(tables, table):
    validator = _validator(table)
    assert tables[table]
    for record in tables[table]:
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, (record, errors[0].message)


def test_the_schema_check_refuses_a_broken_record():
    """The validator really checks: a service without a status, or with a status HSDS does
    not know, and an id that is not a UUID are refused."""
    validator = _validator("service")
    assert not validator.is_valid({"id": "1", "name": "x", "status": "active"})
    assert not validator.is_valid(
        {"id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "name": "x", "status": "planned"}
    )
    assert validator.is_valid(
        {"id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "name": "x", "status": "inactive"}
    )


def test_links_hold_and_ids_are_unique(tables, loaded_client):
    ids = {t: [r["id"] for r in tables[t]] for t in TABLES}
    for table in TABLES:
        assert len(ids[table]) == len(set(ids[table]))
    services, locations = set(ids["service"]), set(ids["location"])
    for link in tables["service_at_location"]:
        assert link["service_id"] in services and link["location_id"] in locations
    organizations = set(ids["organization"])
    linked = [s["organization_id"] for s in tables["service"] if "organization_id" in s]
    assert linked and set(linked) <= organizations
    # One service per facility the portal lists (withdrawn projects are not in the package).
    # Searches leave related projects out unless asked for; the package has them all.
    care = loaded_client.get("/api/v1/facilities").get_json()["total"]
    related = loaded_client.get("/api/v1/facilities?kind=related_project").get_json()["total"]
    total = care + related
    assert len(tables["service"]) == total


def test_a_facility_is_as_its_plan_line_says(tables):
    service = next(s for s in tables["service"] if s["name"] == TAIZHOU_HOME)
    assert service["status"] == "inactive"  # 续建: being built, not operating
    assert service["x_status"] == "under_construction" and service["x_beds"] == 1500
    assert service["x_source_document"] == "000_4fe4d2000453b318"
    assert 276 <= service["x_source_line"] <= 284
    organization = next(o for o in tables["organization"] if o["id"] == service["organization_id"])
    assert organization["name"] == "台州市社发集团"
    location = next(
        loc for loc in tables["location"] if loc["x_facility_id"] == service["x_facility_id"]
    )
    # 章安街道 names a street, not an address: never an exact point, so no latitude/longitude.
    assert location["x_precision"] != "exact"
    assert "latitude" not in location and "longitude" not in location


def test_coordinates_only_where_exact(tables):
    for location in tables["location"]:
        assert ("latitude" in location) == (location["x_precision"] == "exact")


def test_each_download_has_its_date_and_checksum(loaded_client, package):
    with loaded_client.get("/open-data/SHA256SUMS") as response:
        sums = response.get_data(as_text=True)
    listed = dict(reversed(line.split("  ")) for line in sums.splitlines())
    assert listed["carefinder-hsds.json"] == hashlib.sha256(package["bytes"]).hexdigest()
    with loaded_client.get("/open-data/carefinder-hsds-csv.zip") as response:
        archive = response.get_data()
    assert listed["carefinder-hsds-csv.zip"] == hashlib.sha256(archive).hexdigest()
    page = loaded_client.get("/open-data/?lang=en").get_data(as_text=True)
    for digest in listed.values():
        assert digest in page
    assert "Built " in page
    again = loaded_client.get(
        "/open-data/carefinder-hsds.json", headers={"If-None-Match": package["etag"]}
    )
    assert again.status_code == 304
    created = json.loads(package["bytes"])["created"]
    assert created[:4].isdigit() and "T" in created


def test_the_csv_package_matches_the_json_and_its_own_checksums(loaded_client, tables):
    with loaded_client.get("/open-data/carefinder-hsds-csv.zip") as response:
        archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    descriptor = json.loads(archive.read("datapackage.json"))
    for resource in descriptor["resources"]:
        raw = archive.read(resource["path"])
        assert resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert len(rows) == len(tables[resource["name"]])
        schema = json.loads((SCHEMAS / f"{resource['name']}.json").read_text())
        header = [f["name"] for f in resource["schema"]["fields"]]
        hsds_columns = [h for h in header if not h.startswith("x_")]
        assert set(hsds_columns) <= set(schema["properties"])
        assert set(schema["required"]) <= set(header)
    sources = {s["x_slug"] for s in descriptor["sources"]}
    assert "000_4fe4d2000453b318" in sources
