"""Headers that tell clients what they may do and keep: Allow on 405, no-store on staff pages,
HSTS only when production settings ask for it."""

from tests.conftest import make_app


def test_a_405_answer_says_which_methods_are_allowed(loaded_client):
    response = loaded_client.post("/facilities/")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
    response = loaded_client.get("/staff/logout")  # logout is POST only
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


def test_staff_pages_are_never_stored_by_a_browser_or_proxy(loaded_client, staff):
    for client, url in (
        (loaded_client, "/staff/login"),
        (staff, "/staff/"),
        (staff, "/staff/import"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    redirect = loaded_client.get("/staff/")
    assert redirect.status_code == 302 and redirect.headers["Cache-Control"] == "no-store"
    assert "no-store" not in loaded_client.get("/sources").headers.get("Cache-Control", "")


def test_production_settings_make_cookies_secure_and_send_hsts(tmp_path):
    plain = make_app(tmp_path / "dev", BOOTSTRAP_ON_START=False)
    assert plain.config["SESSION_COOKIE_SECURE"] is False
    with plain.test_client() as client:
        assert "Strict-Transport-Security" not in client.get("/staff/login").headers
    production = make_app(tmp_path / "prod", BOOTSTRAP_ON_START=False, PRODUCTION=True)
    assert production.config["SESSION_COOKIE_SECURE"] is True
    with production.test_client() as client:
        response = client.get("/staff/login", base_url="https://localhost")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
