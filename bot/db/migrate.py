"""Apply Alembic migrations from code (`dondoc db upgrade`, and the bot on start)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from bot.db.engine import Database
from bot.db.leadership import one_migration_at_a_time

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def _run(db: Database, action: str, revision: str) -> None:
    def run_sync(connection: Connection) -> None:
        config = alembic_config(db.url)
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)

    async with db.engine.begin() as connection:
        await one_migration_at_a_time(connection)
        await connection.run_sync(run_sync)


async def upgrade(db: Database, revision: str = "head") -> None:
    await _run(db, "upgrade", revision)


async def downgrade(db: Database, revision: str = "base") -> None:
    await _run(db, "downgrade", revision)


async def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with db.engine.connect() as connection:
        return await connection.run_sync(read)


async def autogenerate_revision(db: Database, message: str, revision_id: str | None = None) -> None:
    """Write a new migration from the difference between the models and the database (for
    developers: `dondoc db revision -m "…"`, run against a database at head)."""

    def run_sync(connection: Connection) -> None:
        config = alembic_config(db.url)
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, rev_id=revision_id)

    async with db.engine.begin() as connection:
        await connection.run_sync(run_sync)
