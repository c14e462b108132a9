"""What a phone downloads: pages and assets travel compressed when the browser accepts it."""

import re
import zlib

BROWSER = {"Accept-Encoding": "gzip, deflate"}  # what Chromium sends over plain HTTP
_TOKEN = re.compile(rb'name="csrf_token" value="[^"]*"')


def strip_tokens(html: bytes) -> bytes:
    return _TOKEN.sub(b"", html)


def test_pages_and_assets_are_compressed_for_browsers_that_accept_it(loaded_client):
    for url in ("/facilities/?q=托育", "/static/vendor/leaflet-1.9.3/leaflet.js"):
        with loaded_client.get(url) as plain, loaded_client.get(url, headers=BROWSER) as packed:
            assert packed.headers["Content-Encoding"] in ("gzip", "deflate")
            assert "Accept-Encoding" in packed.headers["Vary"]
            body = zlib.decompress(packed.get_data(), wbits=47)  # gzip or zlib-wrapped deflate
            # Pages carry a fresh CSRF token each time: compare them without it.
            assert strip_tokens(body) == strip_tokens(plain.get_data())
            assert len(packed.get_data()) < len(body) / 2


def test_clients_that_do_not_ask_get_plain_responses(loaded_client):
    response = loaded_client.get("/")
    assert "Content-Encoding" not in response.headers
    assert b"<html" in response.get_data()
