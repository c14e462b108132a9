"""The open-data page and its downloads (``/open-data/``)."""

from datetime import date

from flask import Blueprint, Response, abort, render_template, request, send_file
from flask_babel import gettext as _

from portal.api.versioning import request_data_version
from portal.core.db import get_session
from portal.errors.handlers import render_error
from portal.facilities.search_page import parse_search_args
from portal.opendata.package import build_package
from portal.opendata.results_csv import MAX_ROWS, results_csv

bp = Blueprint("opendata", __name__, url_prefix="/open-data")


@bp.get("/")
def index():
    """The downloads with their dates, sizes and checksums, and the API's documentation."""
    package = build_package(get_session(), request_data_version())
    return render_template("opendata/index.html", package=package, max_rows=MAX_ROWS)


@bp.get("/results.csv")
def results():
    """The results page's search as CSV (the same parameters), every match up to a bound.

    :raise 400: if a parameter was refused: the results page's links never carry one, and a
        file must not silently hold another search than the one asked for.
    """
    search = parse_search_args(request.args)
    if search.errors:
        return render_error(400, _("Bad request"), " ".join(search.errors.values()))
    export = results_csv(search)
    name = f"carefinder-results-{date.today():%Y%m%d}.csv"
    response = Response(
        (line.encode("utf-8") for line in export.lines),  # rows made above, sent as they go
        mimetype="text/csv",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Total-Count"] = str(export.total)
    response.headers["X-Exported-Count"] = str(export.exported)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/<any('carefinder-hsds.json', 'carefinder-hsds-csv.zip', 'SHA256SUMS'):name>")
def download(name: str):
    """A file of the current package, named by its checksum (``ETag``).

    :raise 404: if the package lacks the file (only the listed names are routed here).
    """
    package = build_package(get_session(), request_data_version())
    path = package.folder / name
    if not path.is_file():
        abort(404)
    listed = package.file(name)
    if listed and request.if_none_match.contains(listed.sha256):
        # Answered before the file is opened: a 304 has no body to close.
        response = Response(status=304)
        response.set_etag(listed.sha256)
        return response
    return send_file(
        path,
        mimetype=listed.media_type if listed else "text/plain",
        as_attachment=name != "SHA256SUMS",
        download_name=name,
        etag=listed.sha256 if listed else True,
        conditional=True,
        max_age=60,
    )
