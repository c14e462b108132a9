"""Error pages: friendly words, the right status, never a stack trace."""

from tests.conftest import make_app


def test_unknown_page_is_a_friendly_404(loaded_client):
    response = loaded_client.get("/no/such/page?lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in html and 'type="search"' in html


def test_unknown_facility_is_404(loaded_client):
    assert loaded_client.get("/facilities/999999").status_code == 404
    assert loaded_client.get("/subsidies/no-such-subsidy").status_code == 404
    assert loaded_client.get("/cities/999999").status_code == 404


def test_api_errors_are_json(loaded_client):
    response = loaded_client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_a_crash_shows_an_apology_and_no_traceback(tmp_path):
    # TESTING off: the production error path, with exceptions handled, not propagated.
    app = make_app(tmp_path, BOOTSTRAP_ON_START=False, TESTING=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals: /etc/passwd")

    response = app.test_client().get("/boom?lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "Traceback" not in html and "secret internals" not in html


def test_a_form_without_its_csrf_token_is_refused(client):
    response = client.post("/preferences", data={"lang": "en"})
    assert response.status_code == 400
    assert "lang" not in response.headers.get("Set-Cookie", "")


def test_pages_carry_security_headers(loaded_client):
    response = loaded_client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_imported_names_are_escaped(app, client):
    """A hostile project name in an imported list reaches pages only as text."""
    import csv
    import io

    from portal.importer.pipeline import apply_import
    from portal.importer.tabular import TEMPLATE_COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow(
        [
            "1",
            "丽水市",
            "养老",
            "<script>alert(1)</script>养老院",
            "新建",
            "2023",
            "莲都区",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    with app.app_context():
        plan, run = apply_import("hostile.csv", buffer.getvalue().encode(), user="t")
    assert run is not None
    html = client.get("/facilities/?q=养老院").get_data(as_text=True)
    assert "&lt;script&gt;alert" in html
    assert "<script>alert" not in html
