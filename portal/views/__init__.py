"""The portal's blueprints and error pages."""

from flask import Flask

from portal import labels, subsidy_labels
from portal.views import api, cities, errors, facilities, public, services, staff, subsidies


def register_blueprints(app: Flask) -> None:
    labels.register(app)
    subsidy_labels.register(app)
    public.register_context(app)
    for blueprint in (
        public.bp,
        facilities.bp,
        subsidies.bp,
        services.bp,
        cities.bp,
        staff.bp,
        api.bp,
    ):
        app.register_blueprint(blueprint)


def register_error_pages(app: Flask) -> None:
    errors.register(app)
