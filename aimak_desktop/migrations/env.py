"""Alembic environment: runs on the connection handed over by `aimak_desktop.db.migrate`."""

from alembic import context

from aimak_desktop.models import Base, load_all

load_all()

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # pragma: no cover - `alembic` CLI use by developers
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
    transaction_per_migration=True,  # each step commits together with its version bump
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
if connection.in_transaction():
    connection.commit()
