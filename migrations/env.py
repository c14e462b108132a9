"""Alembic's environment: the portal's tables, on the connection the portal hands over.

The portal runs ``upgrade head`` itself on start (:mod:`portal.core.schema`) and passes its own
connection in ``config.attributes["connection"]``. From the command line (``alembic …`` in the
project folder) the database is the app's: ``PORTAL_DATABASE_URL`` or the instance SQLite file.
"""

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from portal import models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
if config.config_file_name:  # the command line (alembic.ini): show what runs
    from logging.config import fileConfig

    fileConfig(config.config_file_name, disable_existing_loggers=False)
target_metadata = SQLModel.metadata


def configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite alters a table by copying it; batch mode writes migrations that do so.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from portal import create_app

    app = create_app({"BOOTSTRAP_ON_START": False})
    with app.extensions["db_engine"].begin() as connection:
        configure(connection)
        with context.begin_transaction():
            context.run_migrations()


def run_migrations_offline() -> None:
    """``alembic upgrade head --sql``: print the SQL for a database administrator to run."""
    import os

    context.configure(
        url=os.environ.get("PORTAL_DATABASE_URL", "sqlite://"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
