"""The floor of the load benchmark: a bare Flask route, served by the same gunicorn config."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
