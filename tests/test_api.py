"""The JSON API mirrors the pages: same parameters, same results."""


def test_facility_search_returns_results_with_their_facts(loaded_client):
    # (莲都 托育 finds nothing for under-threes: 莲都's 托育领域 rows are kindergartens and a
    # children's hospital building, 001:340-398.)
    data = loaded_client.get("/api/v1/facilities?q=莲都 养老").get_json()
    assert data["total"] > 0
    first = data["results"][0]
    for key in (
        "id",
        "name",
        "kind",
        "audience",
        "status",
        "region",
        "coordinates",
        "precision",
        "capacity",
        "score",
        "status_statement",
    ):
        assert key in first
    for key in ("medical_beds", "care_beds", "kindergarten_classes", "nursery_classes"):
        assert key in first["capacity"]
    assert first["region"]["county"] == "331102"  # 莲都区
    assert first["precision"] != "exact"
    assert {"code": "331102", "name": "莲都区"} in data["interpreted_regions"]


def test_filters_and_facets_in_json(loaded_client):
    every = loaded_client.get("/api/v1/facilities").get_json()
    infants = loaded_client.get("/api/v1/facilities?audience=infants").get_json()
    assert infants["total"] == every["facets"]["audience"]["infants"]
    assert {r["audience"] for r in infants["results"]} == {"infants"}


def test_distance_sort_from_a_district(loaded_client):
    data = loaded_client.get("/api/v1/facilities?near=331102&sort=distance").get_json()
    distances = [r["distance_km"] for r in data["results"] if r["distance_km"] is not None]
    assert distances == sorted(distances) and distances[0] < 5


def test_suggest(loaded_client):
    assert loaded_client.get("/api/v1/suggest?q=台州").get_json()["suggestions"]


def test_subsidy_check_json_matches_the_page(loaded_client):
    args = "applicant=child&region=331102&child_age_months=20"
    data = loaded_client.get(f"/api/v1/subsidies/check?{args}").get_json()
    national = [s for s in data["applies"] if s["place"] == "全国"]
    assert national and national[0]["yearly_estimate_yuan"] == 3600


def test_subsidy_check_json_reports_bad_answers(loaded_client):
    response = loaded_client.get("/api/v1/subsidies/check?applicant=older&older_age=300")
    assert response.status_code == 400
    assert "older_age" in response.get_json()["errors"]
