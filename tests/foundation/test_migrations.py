"""The migrations create exactly the models' schema, and undo it, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db.engine import Database
from bot.db.migrate import create_at_head, current_revision, downgrade, head_revisions, upgrade
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


def _schema(connection: Connection) -> dict[str, object]:
    """What a database's tables are made of, as the inspector reads it back. The columns are
    sorted: a column a migration adds comes last in its table, the model may declare it earlier."""
    inspector = inspect(connection)
    schema: dict[str, object] = {}
    for table in sorted(inspector.get_table_names()):
        schema[table] = (
            sorted(
                (c["name"], str(c["type"]), c["nullable"], c["default"])
                for c in inspector.get_columns(table)
            ),
            inspector.get_pk_constraint(table),
            sorted(map(repr, inspector.get_foreign_keys(table))),
            sorted(map(repr, inspector.get_indexes(table))),
            sorted(map(repr, inspector.get_unique_constraints(table))),
        )
    return schema


async def test_a_new_database_built_from_the_models_is_the_migrated_one(
    empty_database: Database,
) -> None:
    """`dondoc run` builds a new database from the models and stamps the head: the same tables,
    columns, keys and indexes as the migrations make, and a revision they carry on from."""
    await create_at_head(empty_database)
    assert await current_revision(empty_database) == "".join(head_revisions() or ())
    async with empty_database.engine.connect() as connection:
        built = await connection.run_sync(_schema)

    await downgrade(empty_database)  # the migrations undo it, from the stamped head
    assert await _table_names(empty_database) == set()
    await upgrade(empty_database)
    async with empty_database.engine.connect() as connection:
        migrated = await connection.run_sync(_schema)
    assert built == migrated

    await create_at_head(empty_database)  # at head: nothing to do
    assert await current_revision(empty_database) == "".join(head_revisions() or ())
