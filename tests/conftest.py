"""Shared fixtures: real databases (a SQLite file, and PostgreSQL on 127.0.0.1:5432 if it answers).

`database` is parametrised over both backends, both migrated to head with Alembic. Each SQLite
test gets a copy of a file migrated once. On PostgreSQL each test process migrates one schema of
its own once, and every test finds it empty: its tables are truncated (identities restarted) after
each test. Migrating a fresh schema cost about 2 s of server time a test; emptying it costs a
few milliseconds. When PostgreSQL is not reachable its variant is skipped with the reason shown in
the summary.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from bot.db.engine import Database
from bot.db.migrate import upgrade

# The CLI's Rich console reads its width once, from COLUMNS or the terminal; a test process may
# have neither (an xdist worker), so every test sees the same wide console.
os.environ["COLUMNS"] = "200"

POSTGRES_URL = os.environ.get(
    "DONDOC_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
FIXTURES = Path(__file__).parent / "fixtures"


def _postgres_problem() -> str | None:
    """None when PostgreSQL answers, else why not (checked once per run)."""
    import asyncpg

    async def probe() -> None:
        dsn = POSTGRES_URL.replace("postgresql+asyncpg", "postgresql")
        connection = await asyncpg.connect(dsn, timeout=3)
        await connection.close()

    try:
        asyncio.run(probe())
    except Exception as exc:  # any failure means: not available here
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.__class__.__name__}: {exc}"
    return None


def without_postgres(problem: str) -> NoReturn:
    """A test that needs the PostgreSQL server where it does not answer: a failure where the
    server is part of the machine (.ci/run sets DONDOC_REQUIRE_POSTGRES=1), elsewhere a skip
    that says why (a laptop without the server still runs every test on SQLite)."""
    if os.environ.get("DONDOC_REQUIRE_POSTGRES") == "1":
        pytest.fail(problem)
    pytest.skip(problem)


@pytest.fixture(scope="session")
def postgres_problem() -> str | None:
    return _postgres_problem()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; each test copies it (much faster than migrating)."""
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def build() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        await upgrade(db)
        async with db.engine.connect() as connection:
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        await db.dispose()

    asyncio.run(build())
    return path


@pytest.fixture(scope="session")
def postgres_schema(postgres_problem: str | None) -> Iterator[str | None]:
    """This test process's migrated PostgreSQL schema (None when PostgreSQL is not reachable)."""
    if postgres_problem:
        yield None
        return

    async def create() -> str:
        db, schema = await make_postgres_database(None)
        await upgrade(db)
        await db.dispose()
        return schema

    schema = asyncio.run(create())
    yield schema
    asyncio.run(drop_postgres_schema(schema))


async def empty_postgres_schema(schema: str) -> None:
    """Delete every row but Alembic's and restart the sequences: as freshly migrated. DELETE,
    not TRUNCATE: TRUNCATE rebuilds each index, and PostgreSQL syncs every rebuilt index file to
    disk, which on a busy disk took seconds."""
    admin = Database(POSTGRES_URL)
    async with admin.engine.begin() as connection:
        await connection.exec_driver_sql("SET LOCAL lock_timeout = '30s'")
        # Rows are deleted in any order: foreign keys are not checked for this transaction.
        await connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        tables = await connection.exec_driver_sql(
            f"SELECT tablename FROM pg_tables WHERE schemaname = '{schema}' "
            "AND tablename <> 'alembic_version'"
        )
        for table in tables.scalars().all():
            await connection.exec_driver_sql(f'DELETE FROM "{schema}"."{table}"')
        await connection.exec_driver_sql(
            "SELECT setval(format('%I.%I', schemaname, sequencename), 1, false) "
            f"FROM pg_sequences WHERE schemaname = '{schema}'"
        )
    await admin.dispose()


async def make_postgres_database(problem: str | None) -> tuple[Database, str]:
    if problem:
        without_postgres(problem)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = Database(POSTGRES_URL)
    async with admin.engine.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    await admin.dispose()
    return postgres_in(schema), schema


def postgres_in(schema: str) -> Database:
    """An engine whose connections work in `schema`. Commits do not wait for the disk (a test
    database need not survive a crash of the server; waiting for it dominated on a busy disk)."""
    settings = {"search_path": schema, "synchronous_commit": "off"}
    return Database(POSTGRES_URL, connect_args={"server_settings": settings})


async def drop_postgres_schema(schema: str) -> None:
    admin = Database(POSTGRES_URL)
    async with admin.engine.begin() as connection:
        await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    await admin.dispose()


@pytest.fixture
async def sqlite_database(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[Database]:
    """A migrated SQLite database in a file of its own."""
    path = tmp_path / "dondoc.db"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite+aiosqlite:///{path}")
    yield db
    await db.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
async def database(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_problem: str | None,
    postgres_schema: str | None,
) -> AsyncIterator[Database]:
    """A migrated, empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "dondoc.db"
        shutil.copy(sqlite_template, path)
        db = Database(f"sqlite+aiosqlite:///{path}")
        yield db
        await db.dispose()
        return
    if postgres_schema is None:
        without_postgres(postgres_problem or "PostgreSQL not reachable")
    db = postgres_in(postgres_schema)
    try:
        yield db
    finally:
        await db.dispose()
        await empty_postgres_schema(postgres_schema)


@pytest.fixture(params=["sqlite", "postgres"])
async def empty_database(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_problem: str | None
) -> AsyncIterator[Database]:
    """An empty (unmigrated) database on each backend, for migration tests."""
    if request.param == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
        yield db
        await db.dispose()
        return
    db, schema = await make_postgres_database(postgres_problem)
    yield db
    await db.dispose()
    await drop_postgres_schema(schema)
