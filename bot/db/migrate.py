"""Apply Alembic migrations from code (`dondoc db upgrade`, and the bot on start).

Every start asks for the newest schema, and almost always the database has it already; loading
Alembic (and Mako, and every migration script) only to learn that costs a third of a second. So an
upgrade to head first compares the database's `alembic_version` with the heads written in the
migration files (read as text), and calls Alembic only when they differ or cannot be read.

`dondoc run` on a new database (the quick start's first run) builds the models' tables and stamps
the head instead (`create_at_head`, Alembic's cookbook "create_all + stamp"): running the
migrations one by one took a quarter of a second and left Alembic and Mako in the bot's memory.
The tests keep the two roads in step (tests/foundation/test_migrations.py): the migrations build
the models' schema, and a database built from the models is one they carry on from.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, inspect, text

from bot.db.engine import Database
from bot.db.leadership import one_migration_at_a_time
from bot.db.models import Base

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
VERSION_TABLE = "alembic_version"  # Alembic's default; migrations/env.py does not change it
# Alembic's version table as Alembic creates it (alembic.ddl.impl.DefaultImpl.version_table_impl)
_VERSION = Table(
    VERSION_TABLE,
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name=f"{VERSION_TABLE}_pkc"),
)
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revisions(versions: Path = MIGRATIONS_DIR / "versions") -> set[str] | None:
    """The heads of the migration files (revisions no other file revises), read as text; None
    when a migration does not say `revision = "…"` and `down_revision = …` in the usual way."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in versions.glob("*.py"):
        found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if not found:  # not a migration (Alembic skips it too)
            continue
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        revised.update([down] if isinstance(down, str) else down or ())
    return revisions - revised


async def database_revisions(db: Database) -> set[str]:
    """The revisions the database says it is at (none when it has no version table yet)."""

    def read(connection: Connection) -> set[str]:
        if not inspect(connection).has_table(VERSION_TABLE):
            return set()
        return set(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())

    async with db.engine.connect() as connection:
        return await connection.run_sync(read)


async def _run(db: Database, action: str, revision: str) -> None:
    from alembic import command

    def run_sync(connection: Connection) -> None:
        config = alembic_config(db.url)
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)

    async with db.engine.begin() as connection:
        await one_migration_at_a_time(connection)
        await connection.run_sync(run_sync)


async def upgrade(db: Database, revision: str = "head") -> None:
    if revision == "head":
        heads = head_revisions()
        if heads and heads == await database_revisions(db):
            return
    await _run(db, "upgrade", revision)


async def create_at_head(db: Database) -> None:
    """Bring the database to the newest schema for `dondoc run`: as `upgrade` does, except that
    a database without any table gets the models' tables and the head revision written in
    `alembic_version` (so a later `dondoc db upgrade` carries on from there), without Alembic."""
    heads = head_revisions()
    if heads:
        if heads == await database_revisions(db):
            return
        if await _create_if_empty(db, heads):
            return
    await _run(db, "upgrade", "head")


async def _create_if_empty(db: Database, heads: set[str]) -> bool:
    """Create the models' tables and stamp `heads` when the database has no table at all (looked
    at under the migrations' lock: two runs starting together on PostgreSQL create it once)."""

    def create(connection: Connection) -> bool:
        if inspect(connection).get_table_names():
            return False
        Base.metadata.create_all(connection)
        _VERSION.create(connection)
        connection.execute(_VERSION.insert(), [{"version_num": head} for head in sorted(heads)])
        return True

    async with db.engine.begin() as connection:
        await one_migration_at_a_time(connection)
        return await connection.run_sync(create)


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
    from alembic import command

    def run_sync(connection: Connection) -> None:
        config = alembic_config(db.url)
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, rev_id=revision_id)

    async with db.engine.begin() as connection:
        await connection.run_sync(run_sync)
