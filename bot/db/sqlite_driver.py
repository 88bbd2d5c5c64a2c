"""SQLite through aiosqlite with one hand-over to the connection's thread per statement.

aiosqlite runs each DB-API call (make a cursor, execute, fetch, close) as its own hand-over to the
thread that owns the SQLite connection; on an embedded database those hand-overs cost more than
the statements (see bench/bench_forms.py). `OneTripCursor` runs a whole statement in one. It leans
on aiosqlite's internals (`_conn`, `_execute`, `_thread`), which is why pyproject pins aiosqlite
below 0.23 and tests/chat/test_one_trip_sqlite.py covers forms, bulk inserts, RETURNING,
streaming and rollback through it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy.engine import make_url

from bot.db.engine import Database
from bot.settings import Settings


class OneTripCursor:
    """An aiosqlite cursor whose statement makes one trip to the connection's thread.

    aiosqlite runs each call (make a cursor, execute, fetch, close) as its own hand-over to the
    thread that owns the SQLite connection, and each hand-over (a queue, a thread wake-up, an event
    loop wake-up) costs more than the statement itself: four for a SELECT, three for an UPDATE.
    Here the whole statement runs in one hand-over and the rows come back with it, which is what
    SQLAlchemy's adapter does anyway (it fetches every row at once, then closes the cursor).
    Transactions and commits are untouched: the same statements run on the same connection.
    """

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self.description: Any = None
        self.lastrowid: int | None = None
        self.rowcount = -1
        self._rows: list[Any] = []

    def _run(self, sql: str, parameters: Any, many: bool) -> tuple[Any, list[Any], Any, int]:
        """In the connection's thread: execute, fetch every row, close."""
        cursor = self._connection._conn.cursor()
        try:
            if many:
                cursor.executemany(sql, parameters)
            else:
                cursor.execute(sql, parameters)
            rows = cursor.fetchall() if cursor.description else []
            return cursor.description, rows, cursor.lastrowid, cursor.rowcount
        finally:
            cursor.close()

    async def _trip(self, sql: str, parameters: Any, many: bool) -> OneTripCursor:
        (
            self.description,
            self._rows,
            self.lastrowid,
            self.rowcount,
        ) = await self._connection._execute(self._run, sql, parameters, many)
        return self

    async def execute(self, sql: str, parameters: Any = ()) -> OneTripCursor:
        return await self._trip(sql, parameters, False)

    async def executemany(self, sql: str, parameters: Any) -> OneTripCursor:
        return await self._trip(sql, parameters, True)

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = len(self._rows) if size is None else size
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def close(self) -> None:
        self._rows = []


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection handing out `OneTripCursor`s (no trip to make the cursor)."""

    async def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)


def one_trip_connector(path: str) -> Callable[[], Awaitable[aiosqlite.Connection]]:
    """SQLAlchemy's `async_creator` for a SQLite file, with the arguments its aiosqlite dialect
    would give (`check_same_thread=False`: the connection's own thread uses it, whichever
    task asked); the pool keeps the connections as usual."""

    async def connect() -> aiosqlite.Connection:
        connection = OneTripConnection(
            partial(sqlite3.connect, path, check_same_thread=False), iter_chunk_size=64
        )
        connection._thread.daemon = True  # as SQLAlchemy does: never block the exit
        return await connection

    return connect


def open_database(settings: Settings) -> Database:
    """The process's database. On SQLite the pool's reset-on-return (a ROLLBACK on every
    connection given back) is skipped: every unit of work is a `Database.session()` block that
    commits or rolls back itself, and on an embedded database that extra round trip is a
    noticeable share of a chat message's cost (see bench/bench_forms.py); and each statement
    makes one trip to the connection's thread instead of three or four (`OneTripCursor`)."""
    if settings.is_sqlite:
        path = make_url(settings.database_url).database
        extra: dict[str, Any] = {}
        if path and path != ":memory:":
            extra["async_creator"] = one_trip_connector(str(Path(path).expanduser()))
        return Database(settings.database_url, pool_reset_on_return=None, **extra)
    return Database(settings.database_url)
