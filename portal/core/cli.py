"""Command-line tools: ``flask --app portal <command>``."""

import json
import sys
from functools import partial
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlmodel import select

from portal import indexing
from portal.core import db, translation_cli


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Write the plan to the database.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.option("--user", default="cli", show_default=True, help="Recorded as who imported.")
@with_appcontext
def import_command(files: tuple[Path, ...], apply_: bool, as_json: bool, user: str) -> None:
    """Preview (default) or apply the import of project lists: plan text, CSV or XLSX."""
    from portal.curation.corrections import keep_corrections, protect_plan
    from portal.importer.pipeline import apply_import, plan_import
    from portal.importer.report import plan_as_json, plan_as_table

    outputs, failed = [], False
    for path in files:
        data = read_bytes(path)
        if apply_:  # corrections made by staff are kept (the web preview offers overrides)
            keep = partial(keep_corrections, overrides=set(), user=user)
            plan, run = apply_import(path.name, data, user=user, adjust=keep)
        else:
            with db.transaction() as session:
                plan, run = plan_import(path.name, data, session), None
                if plan.ok:
                    protect_plan(plan, session)
        failed |= not plan.ok
        if as_json:
            outputs.append(plan_as_json(plan, applied=run is not None))
        else:
            click.echo(plan_as_table(plan))
            if run is not None:
                click.echo(_("Applied (import run #%(id)s).", id=run.id))
            elif not plan.ok:
                pass  # the report already says why nothing was written
            elif apply_:
                click.echo(
                    _("Not applied: the file has errors; the database is unchanged."), err=True
                )
            else:
                click.echo(_("Preview only: nothing was written. Add --apply to write it."))
    if as_json:
        click.echo(json.dumps(outputs if len(outputs) > 1 else outputs[0], ensure_ascii=False))
    if failed:
        sys.exit(1)


def read_bytes(path: Path) -> bytes:
    """Read a file to import; one far too large to be a project list is not read whole."""
    from portal.importer.limits import check_file_size
    from portal.importer.problems import DocumentError

    if not path.exists():
        raise click.ClickException(_("%(path)s: no such file", path=path))
    try:
        check_file_size(path.name, path.stat().st_size)
    except DocumentError as error:
        raise click.ClickException(f"{error.source}: {error.message}") from error
    return path.read_bytes()


@click.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the search index from the database."""
    with db.transaction() as session:
        count = indexing.rebuild(session)
    click.echo(_("Indexed %(num)d facilities.", num=count))


@click.command("load-data")
@with_appcontext
def load_data_command() -> None:
    """Reload regions, subsidies and services from data/ (plans are imported with `import`)."""
    from portal.core.data_loader import load_reference_data

    with db.transaction() as session:
        summary = load_reference_data(session, Path(current_app.config["DATA_DIR"]))
    click.echo(summary)


@click.command("create-staff")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice(["editor", "admin"]),
    default="editor",
    show_default=True,
    help="editor: corrections and imports; admin: accounts too.",
)
@click.password_option()
@with_appcontext
def create_staff_command(username: str, role: str, password: str) -> None:
    """Create a staff account (asks for its password; there is no default)."""
    from portal.curation import audit
    from portal.curation.accounts import AccountError, check_password, check_username
    from portal.models import StaffUser

    try:
        check_username(username)
        check_password(password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    with db.transaction() as session:
        if session.exec(select(StaffUser).where(StaffUser.username == username)).first():
            raise click.ClickException(
                _(
                    "%(name)s exists already: use set-password to change its password.",
                    name=username,
                )
            )
        user = StaffUser(username=username, password_hash="", role=role)
        user.set_password(password)
        session.add(user)
        audit.record("account_created", "cli", username, {"role": role}, session=session)
    click.echo(_("Staff account %(name)s is ready.", name=username))


@click.command("set-password")
@click.argument("username")
@click.password_option()
@with_appcontext
def set_password_command(username: str, password: str) -> None:
    """Set a staff account's password (and make it active again)."""
    from portal.curation import audit
    from portal.curation.accounts import AccountError, check_password

    try:
        check_password(password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    with db.transaction() as session:
        user = _staff_user(session, username)
        user.set_password(password)
        user.active = True
        session.add(user)
        audit.record("account_changed", "cli", username, {"action": "password"}, session=session)
    click.echo(_("The password of %(name)s is set.", name=username))


@click.command("deactivate")
@click.argument("username")
@with_appcontext
def deactivate_command(username: str) -> None:
    """Deactivate a staff account: it can no longer log in (its history stays)."""
    from portal.curation import audit

    with db.transaction() as session:
        user = _staff_user(session, username)
        user.active = False
        session.add(user)
        audit.record("account_changed", "cli", username, {"action": "deactivate"}, session=session)
    click.echo(_("%(name)s is deactivated.", name=username))


def _staff_user(session, username: str):
    from portal.models import StaffUser

    user = session.exec(select(StaffUser).where(StaffUser.username == username)).first()
    if user is None:
        raise click.ClickException(_("There is no staff account %(name)s.", name=username))
    return user


def init_app(app: Flask) -> None:
    for command in (
        import_command,
        reindex_command,
        load_data_command,
        create_staff_command,
        set_password_command,
        deactivate_command,
    ):
        app.cli.add_command(command)
    translation_cli.init_app(app)
