"""Engine and sessions.

`Database.session()` is the unit of work: one transaction, committed when the block ends and rolled
back on any exception, so an import or a submission is all-or-nothing. A SQLite file is opened
through `bot.db.sqlite_driver`, which runs short statements on the event loop's thread.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.db.sqlite_driver import connector

if TYPE_CHECKING:
    from bot.settings import Settings


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database URL (None: another database, or SQLite in memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database).expanduser()
    return None


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; SQLite gets WAL and foreign keys on every connection, and a SQLite file
    is opened as a `LoopConnection`, which waits for another connection's lock in a worker (an
    in-memory database keeps stock aiosqlite: it is one connection that all its sessions share,
    so there is no lock to wait for). A file's folder is made on first run."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("async_creator", connector(str(path)))
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


class Database:
    """The engine and a session factory, shared by the whole process."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = create_engine(url, **engine_kwargs)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One transaction: commit on success, roll back on any exception."""
        async with self.sessionmaker() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


def open_database(settings: Settings) -> Database:
    """The database of a long-running `dondoc run`. On SQLite the pool's reset-on-return (a
    ROLLBACK on every connection given back) is skipped: every unit of work there is a
    `Database.session()` block that commits or rolls back itself, and that extra statement is a
    noticeable share of a chat message's cost (see bench/bench_forms.py)."""
    if settings.is_sqlite:
        return Database(settings.database_url, pool_reset_on_return=None)
    return Database(settings.database_url)
