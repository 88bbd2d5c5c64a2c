"""SQLite for the event loop: short statements run on the loop's own thread, the rest in a worker.

The stock aiosqlite driver hands every DB-API call (make a cursor, execute, fetch, close, commit)
to the connection's thread and back. On an embedded database that round trip costs far more than
the statement: measured here, ~100 µs of CPU per hand-over against ~7 µs for reading one row and
~22 µs for a whole read + update + commit done directly. A chat message is a handful of one-row
statements, so the hand-overs were most of its cost (bench/bench_forms.py).

`LoopConnection` keeps SQLAlchemy's aiosqlite dialect (its `async_creator` hook) and the same
sqlite3 connection, transactions and statements, but decides per statement where it runs:

- on the loop's thread, directly: single statements with few parameters, COMMIT and ROLLBACK;
- in a worker thread (`asyncio.to_thread`): `executemany` and statements with many parameters
  (a bulk insert), a read that is still running after `INLINE_READ_SECONDS` (SQLite's progress
  handler stops it, and it runs again in the worker: a SELECT can be stopped and rerun safely),
  and any statement that found the database locked by another connection.

The loop must never wait on SQLite, so the connection's own busy timeout is 0: a statement that
meets another writer's lock fails at once on the loop's thread and is run again in the worker with
the real busy timeout (`SQLITE_BUSY_TIMEOUT_MS`), where waiting blocks only that thread. Writes are
never stopped midway (SQLite would roll the whole transaction back); they are one-row statements
here, and bulk writes go to the worker anyway. A transaction that runs many statements in a row
lets other tasks in every `YIELD_EVERY_SECONDS` (`asyncio.sleep(0)`), as the hand-overs used to.

Result rows are fetched at once, as SQLAlchemy's aiosqlite adapter does anyway; server-side
("stream") cursors therefore read the whole result too. tests/chat/test_loop_sqlite.py covers the
fall-backs; the whole SQLite half of the test suite runs through this connection.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import closing
from typing import Any

INLINE_READ_SECONDS = 0.004  # a read still running after this goes on in the worker
INLINE_PARAMETERS = 100  # a statement with more bound values (a bulk insert) runs in the worker
YIELD_EVERY_SECONDS = 0.005  # a long transaction lets other tasks run at least this often
PROGRESS_STEPS = 1000  # SQLite virtual-machine steps between two looks at the read's deadline
SQLITE_BUSY_TIMEOUT_MS = 10_000  # how long a worker waits for another connection's lock

_Rows = list[Any]
_Outcome = tuple[Any, int | None, int, _Rows]  # description, lastrowid, rowcount, rows


def _is_locked(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


def _is_read(sql: str) -> bool:
    return sql.lstrip()[:6].upper() == "SELECT"


class LoopCursor:
    """The cursor SQLAlchemy's adapter asks for: one `execute`, its rows kept until fetched."""

    def __init__(self, connection: LoopConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.lastrowid: int | None = None
        self.rowcount = -1
        self._rows: _Rows = []

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> LoopCursor:
        outcome = await self._connection.run(sql, parameters, many=False)
        self.description, self.lastrowid, self.rowcount, self._rows = outcome
        return self

    async def executemany(self, sql: str, parameters: Any) -> LoopCursor:
        outcome = await self._connection.run(sql, parameters, many=True)
        self.description, self.lastrowid, self.rowcount, self._rows = outcome
        return self

    async def fetchall(self) -> _Rows:
        rows, self._rows = self._rows, []
        return rows

    async def fetchmany(self, size: int | None = None) -> _Rows:
        count = len(self._rows) if size is None else size
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def close(self) -> None:
        self._rows = []


class LoopConnection:
    """A sqlite3 connection with the awaitable methods SQLAlchemy's aiosqlite adapter calls."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._deadline = 0.0  # when a read on the loop's thread is stopped
        self._yielded_at = time.perf_counter()

    def _past_deadline(self) -> int:
        """SQLite's progress handler, set only while a read runs on the loop's thread (in a
        worker, each call would wait for the interpreter's lock): non-zero stops the read."""
        return 1 if time.perf_counter() > self._deadline else 0

    def _execute(self, sql: str, parameters: Any, many: bool) -> _Outcome:
        with closing(self._connection.cursor()) as cursor:
            if many:
                cursor.executemany(sql, parameters)
            else:
                cursor.execute(sql, parameters)
            rows = cursor.fetchall() if cursor.description else []
            return cursor.description, cursor.lastrowid, cursor.rowcount, rows

    def _execute_waiting(self, sql: str, parameters: Any, many: bool) -> _Outcome:
        """In the worker: the statement with the busy timeout on, so a lock is waited for."""
        self._connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        try:
            return self._execute(sql, parameters, many)
        finally:
            self._connection.execute("PRAGMA busy_timeout=0")

    async def run(self, sql: str, parameters: Any, many: bool) -> _Outcome:
        if many or len(parameters) > INLINE_PARAMETERS:
            return await asyncio.to_thread(self._execute_waiting, sql, parameters, many)
        read = _is_read(sql)
        if read:
            self._deadline = time.perf_counter() + INLINE_READ_SECONDS
            self._connection.set_progress_handler(self._past_deadline, PROGRESS_STEPS)
        try:
            outcome = self._execute(sql, parameters, many)
        except sqlite3.OperationalError as error:
            stopped = read and str(error) == "interrupted"
            if not (stopped or _is_locked(error)):
                raise
        else:
            await self._let_others_in()
            return outcome
        finally:
            if read:
                self._connection.set_progress_handler(None, 0)
        return await asyncio.to_thread(self._execute_waiting, sql, parameters, many)

    async def _let_others_in(self) -> None:
        now = time.perf_counter()
        if now - self._yielded_at > YIELD_EVERY_SECONDS:
            await asyncio.sleep(0)
            self._yielded_at = time.perf_counter()

    async def cursor(self) -> LoopCursor:
        return LoopCursor(self)

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> LoopCursor:
        return await LoopCursor(self).execute(sql, parameters)

    async def commit(self) -> None:
        self._connection.commit()

    async def rollback(self) -> None:
        self._connection.rollback()

    async def close(self) -> None:
        self._connection.close()

    def stop(self) -> None:
        """SQLAlchemy's forced close (a connection given up on while in use)."""
        self._connection.close()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._connection.create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        return self._connection.isolation_level


def connector(path: str) -> Callable[[], Awaitable[LoopConnection]]:
    """SQLAlchemy's `async_creator` for a SQLite file: a `LoopConnection` on it, with the
    arguments SQLAlchemy's aiosqlite dialect would give (`check_same_thread=False`: the worker
    threads use it too, one statement at a time) and no busy timeout of its own (see above)."""

    async def connect() -> LoopConnection:
        return LoopConnection(sqlite3.connect(path, check_same_thread=False, timeout=0))

    return connect
