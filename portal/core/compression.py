"""Compressed responses: pages, CSS, JS and JSON leave gzip/brotli-encoded when the browser
accepts it, which keeps a results page with its map well under the phone budget."""

from flask import Flask, Response
from flask_compress import Compress

COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
]


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    # Static files are streamed, and streamed responses use br/zstd/deflate (never gzip):
    # browsers accept deflate over plain HTTP too, so every visitor gets them compressed.
    Compress(app)
    # Registered after Compress, so it runs before it (Flask runs after_request in reverse).
    app.after_request(close_streamed_body_on_close)


def close_streamed_body_on_close(response: Response) -> Response:
    """Flask-Compress swaps a streamed body (a static file) for its compressing generator and
    never closes the file; make closing the response close it."""
    body = response.response
    if response.is_streamed and hasattr(body, "close"):
        response.call_on_close(body.close)
    return response
