"""The staff work pages beyond the import: one blueprint per job, registered together."""

from flask import Blueprint, Flask


def blueprints() -> list[Blueprint]:
    from portal.staff.accounts import bp as accounts
    from portal.staff.audit_log import bp as audit
    from portal.staff.corrections import bp as corrections
    from portal.staff.registers import bp as registers
    from portal.staff.worklist import bp as worklist

    return [corrections, registers, worklist, audit, accounts]


def register(app: Flask) -> None:
    from portal.curation.fields import field_label, value_label
    from portal.staff.worklist import register_counts

    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    register_counts(app)
    # Staff pages and the public facility page write corrected fields and values the same way.
    app.jinja_env.globals.update(correction_field=field_label, correction_value=value_label)
