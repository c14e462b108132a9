"""CareFinder: elder care and childcare from Chinese cities' 一老一小 plans."""

from pathlib import Path
from typing import Any

from flask import Flask

from portal.core import config as default_config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the portal: config, database, search, languages, logins, pages, commands."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_object(default_config)
    app.config.from_prefixed_env("PORTAL")  # PORTAL_DATABASE_URL=…, PORTAL_INDEX_DIR=…
    if test_config:
        app.config.update(test_config)
    apply_production_settings(app)
    resolve_instance_paths(app)
    from portal.core.json_provider import HtmlSafeJSONProvider

    app.json = HtmlSafeJSONProvider(app)  # issue 15: hostile text stays inert in JSON answers

    from portal import indexing
    from portal.core import bootstrap, caching, cli, compression, db, i18n, page_cache, security
    from portal.errors import handlers as errors
    from portal.indexing.request_version import indexed_token, request_data_token
    from portal.staff import auth

    db.init_app(app)
    indexing.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    security.init_app(app)
    compression.init_app(app)
    caching.init_app(app)
    register_blueprints(app)
    errors.register(app)
    # Last: its after_request sees pages before compression.
    page_cache.init_app(app, data_token=request_data_token, index_token=indexed_token)
    cli.init_app(app)
    if app.config["BOOTSTRAP_ON_START"]:
        bootstrap.ensure_ready(app)
    return app


def register_blueprints(app: Flask) -> None:
    """Each feature's package serves its pages; labels and preferences reach every template."""
    from portal.api.routes import bp as api
    from portal.api.routes import legacy as api_unversioned
    from portal.cities.routes import bp as cities
    from portal.domain import labels
    from portal.facilities.routes import bp as facilities
    from portal.home import routes as home
    from portal.opendata.routes import bp as opendata
    from portal.services.routes import bp as services
    from portal.staff import workspace as staff_workspace
    from portal.staff.routes import bp as staff
    from portal.subsidies import labels as subsidy_labels
    from portal.subsidies.routes import bp as subsidies

    labels.register(app)
    subsidy_labels.register(app)
    home.register_context(app)
    for blueprint in (
        home.bp,
        facilities,
        subsidies,
        services,
        cities,
        staff,
        api,
        api_unversioned,
        opendata,
    ):
        app.register_blueprint(blueprint)
    staff_workspace.register(app)  # corrections, registers, worklist, audit log, accounts


def apply_production_settings(app: Flask) -> None:
    """Behind HTTPS (``PRODUCTION``): cookies only over HTTPS, and browsers told to stay there."""
    if app.config.get("PRODUCTION"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        if not app.config.get("STRICT_TRANSPORT_SECURITY"):
            app.config["STRICT_TRANSPORT_SECURITY"] = app.config["PRODUCTION_HSTS_SECONDS"]


def resolve_instance_paths(app: Flask) -> None:
    """Place the SQLite file, the index and a generated secret in the instance folder."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'carefinder.sqlite'}"
    if not app.config.get("INDEX_DIR"):
        app.config["INDEX_DIR"] = str(instance / "index")
    if not app.config.get("UPLOAD_DIR"):
        app.config["UPLOAD_DIR"] = str(instance / "uploads")
    if not app.config.get("SECRET_KEY"):
        from portal.core.instance_secret import instance_secret

        app.config["SECRET_KEY"] = instance_secret(instance / "secret_key")
