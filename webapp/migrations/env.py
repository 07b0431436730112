"""Alembic environment. Run programmatically by webapp.db.migrate with an open connection."""

from alembic import context

from webapp import db as _db

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only programmatic use is supported
    raise RuntimeError("run migrations through webapp.db.migrate(engine)")

context.configure(connection=connection, target_metadata=_db.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
