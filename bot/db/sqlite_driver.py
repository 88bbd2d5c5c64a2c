"""SQLite through aiosqlite with fewer hand-overs to the connection's thread per statement.

aiosqlite runs each DB-API call (make a cursor, execute, fetch, close) as its own hand-over to the
thread that owns the SQLite connection; on an embedded database those hand-overs cost about as
much as the statements (see bench/bench_forms.py). `OneTripCursor` skips the first: it executes on
the connection (`Connection.execute`, which makes the cursor in the same trip), fetches only when
the statement returns rows, and closes. Only aiosqlite's public API is used, so any aiosqlite
version works; tests/chat/test_one_trip_sqlite.py covers forms, bulk inserts, RETURNING,
streaming and rollback through it.

Measured with bench/bench_forms.py (300 people, median of 3, on this shared 2-core machine): 297
updates per CPU second through the public API against 295 with the former single hand-over
through aiosqlite's internals (1,000 people, one run: 293 against 304): no difference beyond
noise, so the internals went, and with them the pin on aiosqlite.
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
    """An aiosqlite cursor that costs one hand-over fewer per statement: three for a SELECT, two
    for an UPDATE, instead of four and three. Every row is fetched at once, which is what
    SQLAlchemy's adapter does anyway (then it closes the cursor). Transactions and commits are
    untouched: the same statements run on the same connection.
    """

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self.description: Any = None
        self.lastrowid: int | None = None
        self.rowcount = -1
        self._rows: list[Any] = []

    async def _trip(self, sql: str, parameters: Any, many: bool) -> OneTripCursor:
        run = self._connection.executemany if many else self._connection.execute
        cursor = await run(sql, parameters)
        try:
            self.description = cursor.description
            self.lastrowid = cursor.lastrowid
            self.rowcount = cursor.rowcount
            self._rows = list(await cursor.fetchall()) if cursor.description else []
        finally:
            await cursor.close()
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
    task asked); the pool keeps the connections as usual. The connection's thread is not a
    daemon (that would take aiosqlite's internals): whoever opens the database disposes of it,
    as `dondoc run` does on its way out."""

    async def connect() -> aiosqlite.Connection:
        connection = OneTripConnection(
            partial(sqlite3.connect, path, check_same_thread=False), iter_chunk_size=64
        )
        return await connection

    return connect


def open_database(settings: Settings) -> Database:
    """The process's database. On SQLite the pool's reset-on-return (a ROLLBACK on every
    connection given back) is skipped: every unit of work is a `Database.session()` block that
    commits or rolls back itself, and on an embedded database that extra round trip is a
    noticeable share of a chat message's cost (see bench/bench_forms.py); and each statement
    makes one hand-over fewer to the connection's thread (`OneTripCursor`)."""
    if settings.is_sqlite:
        path = make_url(settings.database_url).database
        extra: dict[str, Any] = {}
        if path and path != ":memory:":
            extra["async_creator"] = one_trip_connector(str(Path(path).expanduser()))
        return Database(settings.database_url, pool_reset_on_return=None, **extra)
    return Database(settings.database_url)
