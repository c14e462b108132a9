"""Command-line tools: ``flask --app portal <command>``."""

import json
import sys
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
    from portal.importer.pipeline import apply_import, plan_import
    from portal.importer.report import plan_as_json, plan_as_table

    outputs, failed = [], False
    for path in files:
        data = read_bytes(path)
        if apply_:
            plan, run = apply_import(path.name, data, user=user)
        else:
            with db.transaction() as session:
                plan, run = plan_import(path.name, data, session), None
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
@click.password_option()
@with_appcontext
def create_staff_command(username: str, password: str) -> None:
    """Create a staff account for the import pages, or reset its password."""
    from portal.models import StaffUser

    with db.transaction() as session:
        user = session.exec(select(StaffUser).where(StaffUser.username == username)).first()
        user = user or StaffUser(username=username, password_hash="")
        user.set_password(password)
        session.add(user)
    click.echo(_("Staff account %(name)s is ready.", name=username))


def init_app(app: Flask) -> None:
    for command in (import_command, reindex_command, load_data_command, create_staff_command):
        app.cli.add_command(command)
    translation_cli.init_app(app)
