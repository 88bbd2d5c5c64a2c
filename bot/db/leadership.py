"""Which process may do what on one database.

SQLite: one `dondoc run` per database file. The run holds an OS lock (`flock`) on a file beside
the database (`dondoc.db` → `dondoc.db.lock`) and writes its pid and start time into it; a second
run finds the lock taken and refuses with one line naming the first. The kernel drops the lock
when the holder's process ends, however it ends, so a crashed run never blocks the next start.
Other commands (import, report, …) take no lock and keep working while the bot runs.

PostgreSQL: several processes may run (webhook workers behind a proxy). All of them send (the
outbox claims are leases taken with FOR UPDATE SKIP LOCKED), but only the holder of a session-level
advisory lock plans reminders and queues weekly summaries (`Leadership`). The lock lives on a
connection of its own: when the holder dies its connection goes, PostgreSQL releases the lock, and
the next process to ask takes it. Planning stays correct even if two passes ever overlap (every
row has a dedupe key); the lock keeps the work, and its log lines, in one place. Migrations, which
every `dondoc run` applies on start, take turns under another (transaction-level) advisory lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.engine import Database
from bot.i18n import format_datetime, t
from bot.settings import Settings

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
# First half of the advisory lock's key ("dond" in ASCII); the second half is the schema's hash,
# so two deployments in two schemas of one database each have their own leader.
LOCK_CLASS = 0x646F6E64
MIGRATION_LOCK_CLASS = LOCK_CLASS + 1
# A host that vanishes without closing its connection (power cut, network gone) holds the lock
# until the server notices: with these keepalives that is about a minute, not the OS's two hours.
KEEPALIVES = {"tcp_keepalives_idle": 30, "tcp_keepalives_interval": 10, "tcp_keepalives_count": 3}


async def one_migration_at_a_time(connection: AsyncConnection) -> None:
    """On PostgreSQL, wait for any other process's migration to end before this one starts (a
    transaction-level advisory lock, released at commit): several processes starting together on
    an old schema would otherwise run the same CREATE TABLE at once, and all but one fail."""
    if connection.dialect.name == "postgresql":
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:class, hashtext(coalesce(current_schema(), '')))"),
            {"class": MIGRATION_LOCK_CLASS},
        )


class AlreadyRunning(Exception):
    """Another `dondoc run` holds this SQLite database; the message is one line naming it."""


def lock_path(database_url: str) -> Path | None:
    """The lock file beside a SQLite database file; None for PostgreSQL or an in-memory one."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    database = Path(url.database).expanduser().resolve()
    return database.with_name(database.name + LOCK_SUFFIX)


@contextlib.contextmanager
def single_run(settings: Settings) -> Iterator[None]:
    """Hold the SQLite database for this run, or raise `AlreadyRunning`; no-op on PostgreSQL.

    Hand-written over `fcntl.flock` rather than the `filelock` package: filelock opens the lock
    file with O_TRUNC, which would erase the running process's pid before a second run could read
    it to name it. (fcntl is POSIX: imported here so that the other commands, which import this
    module through the migrations, do not depend on it.)
    """
    import fcntl

    path = lock_path(settings.database_url)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(_refusal(settings, path, _read_holder(descriptor))) from None
        holder = {"pid": os.getpid(), "started": datetime.now(UTC).isoformat()}
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps(holder).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)  # the file stays (deleting it would race a new run)
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock


def _read_holder(descriptor: int) -> dict[str, object]:
    """What the running process wrote; it writes just after locking, so wait a moment for it."""
    for _ in range(20):
        raw = os.pread(descriptor, 4096, 0)
        if raw:
            with contextlib.suppress(ValueError):
                found = json.loads(raw)
                if isinstance(found, dict):
                    return found
        time.sleep(0.05)
    return {}


def _refusal(settings: Settings, path: Path, holder: dict[str, object]) -> str:
    locale = settings.default_locale
    started = "?"
    if isinstance(holder.get("started"), str):
        with contextlib.suppress(ValueError):
            instant = datetime.fromisoformat(str(holder["started"]))
            started = format_datetime(instant, settings.tz, locale)
    database = str(path.with_name(path.name.removesuffix(LOCK_SUFFIX)))
    pid = str(holder.get("pid") or "?")
    return t(locale, "run-already-running", database=database, pid=pid, started=started)


class Leadership:
    """Whether this process is the one that plans (reminders, weekly summaries) right now.

    `lead()` is asked before every planning pass. On SQLite it is always yes (`single_run` already
    keeps one process per file). On PostgreSQL a follower tries `pg_try_advisory_lock` on its
    dedicated connection and the leader checks that its connection (hence its lock) is still
    alive; every change is logged in one line.
    """

    def __init__(self, db: Database, *, name: str | None = None) -> None:
        self.db = db
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.leading = False
        self._told: bool | None = None  # what the log last said, so only changes are logged
        self._connection: AsyncConnection | None = None
        self._key: int | None = None
        self._lock = asyncio.Lock()

    async def lead(self) -> bool:
        if self.db.dialect != "postgresql":
            return True
        async with self._lock:
            try:
                self.leading = await self._check()
            except Exception as exc:  # the connection failed: whatever we held is gone
                await self._drop()
                if self._told:
                    log.warning(
                        "scheduler leader: %s lost the planning lock (%s); it only sends until "
                        "it takes the lock again",
                        self.name,
                        exc.__class__.__name__,
                    )
                    self._told = False
                self.leading = False
                return False
            if self.leading != self._told:
                await self._tell()
            return self.leading

    async def close(self) -> None:
        """Give the lock up (closing its connection), so another process takes over at once."""
        async with self._lock:
            if self.leading:
                log.info("scheduler leader: %s released the planning lock", self.name)
            self.leading = False
            await self._drop()

    async def _check(self) -> bool:
        connection = await self._connect()
        if self.leading:
            await connection.execute(text("SELECT 1"))
            return True
        taken = await connection.scalar(
            text("SELECT pg_try_advisory_lock(:class, :key)"),
            {"class": LOCK_CLASS, "key": self._key},
        )
        return bool(taken)

    async def _connect(self) -> AsyncConnection:
        if self._connection is None:
            connection = await self.db.engine.connect()
            try:
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                for setting, value in KEEPALIVES.items():
                    await connection.execute(text(f"SET {setting} = {int(value)}"))
                await connection.execute(
                    text("SELECT set_config('application_name', :name, false)"),
                    {"name": f"dondoc {self.name}"[:63]},
                )
                self._key = await connection.scalar(
                    text("SELECT hashtext(coalesce(current_schema(), '')) & 2147483647")
                )
            except BaseException:
                await connection.close()
                raise
            self._connection = connection
        return self._connection

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.invalidate()  # not back to the pool: the session must end
            with contextlib.suppress(Exception):
                await connection.close()

    async def _tell(self) -> None:
        if self.leading:
            log.info("scheduler leader: %s now plans reminders and weekly summaries", self.name)
        else:
            log.info(
                "scheduler leader: %s plans reminders and weekly summaries; %s only sends",
                await self._holder() or "another process",
                self.name,
            )
        self._told = self.leading

    async def _holder(self) -> str | None:
        """The application name of the connection holding the lock (`dondoc host:pid`)."""
        if self._connection is None:
            return None
        return await self._connection.scalar(
            text(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
                " AND l.classid = :class AND l.objid = :key LIMIT 1"
            ),
            {"class": LOCK_CLASS, "key": self._key},
        )
