"""The migrations create exactly the models' schema, and undo it, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db.engine import Database
from bot.db.migrate import current_revision, downgrade, upgrade
from bot.db.models import Base


async def _table_names(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    return set(names) - {"alembic_version"}


async def test_upgrade_to_head_then_downgrade_to_base(empty_database: Database) -> None:
    assert await _table_names(empty_database) == set()

    await upgrade(empty_database)
    assert await current_revision(empty_database) is not None
    assert await _table_names(empty_database) == set(Base.metadata.tables)

    await downgrade(empty_database)
    assert await current_revision(empty_database) is None
    assert await _table_names(empty_database) == set()

    await upgrade(empty_database)  # and up again: the downgrade left nothing behind
    assert await _table_names(empty_database) == set(Base.metadata.tables)


async def test_models_and_migrations_agree(empty_database: Database) -> None:
    await upgrade(empty_database)

    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with empty_database.engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == []
