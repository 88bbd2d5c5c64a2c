"""The SQLite database as dondoc opens it (`bot.db.sqlite_driver.LoopConnection`): forms, bulk
inserts, RETURNING, many rows and rollbacks behave as on the stock driver; a long read, a bulk
write and a lock held by another connection go to a worker thread, so the event loop keeps
running other tasks meanwhile."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import threading
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError

from bot.db.engine import open_database
from bot.db.models import Agency
from bot.db.sqlite_driver import LoopConnection
from bot.settings import Settings
from tests.chat.conftest import enrol, make_app, seed_plan, stored_updates


@pytest.fixture
async def run_database(tmp_path: Path, sqlite_template: Path):
    path = tmp_path / "run.db"
    shutil.copy(sqlite_template, path)
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{path}")  # type: ignore[call-arg]
    db = open_database(settings)
    yield db
    await db.dispose()


async def test_a_full_form_on_the_run_database(run_database) -> None:
    async with run_database.engine.connect() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.driver_connection, LoopConnection)
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
    app = make_app(run_database)
    seed = await seed_plan(run_database)
    focal = await enrol(app, seed.industry, "111")
    for answer in ("/update", None, "70%", "Đã tổ chức 2 hội thảo", "bỏ qua", "bỏ qua", "bỏ qua"):
        if answer is None:
            await focal.pick("Đang thực hiện")
        else:
            await focal.send(answer)
    await focal.pick("Gửi")
    [update] = await stored_updates(run_database)
    assert update.percent == 70 and update.result == "Đã tổ chức 2 hội thảo"


async def test_bulk_rows_returning_and_rollback(run_database) -> None:
    async with run_database.session() as session:
        await session.execute(insert(Agency), [{"name": f"Sở {i}"} for i in range(150)])
        ids = (
            await session.scalars(insert(Agency).returning(Agency.id), [{"name": "Sở mới"}])
        ).all()
        assert len(ids) == 1
    async with run_database.session() as session:
        names = (await session.scalars(select(Agency.name).order_by(Agency.id))).all()
        assert len(names) == 151 and names[0] == "Sở 0"
        streamed = [row async for row in await session.stream_scalars(select(Agency.id))]
        assert len(streamed) == 151
    with pytest.raises(RuntimeError):
        async with run_database.session() as session:
            session.add(Agency(name="Sở không lưu"))
            await session.flush()
            raise RuntimeError("a failure mid-transaction")
    async with run_database.session() as session:
        assert await session.scalar(select(func.count(Agency.id))) == 151


async def _ticks_while(work: Awaitable[Any]) -> tuple[Any, int]:
    """What `work` gave, and how often another task ran on the event loop meanwhile."""
    ticks = 0
    done = asyncio.Event()

    async def tick() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0)
    ticks = 0
    try:
        return await work, ticks
    finally:
        done.set()
        await ticker


SLOW_COUNT = (
    "SELECT count(*), thread() FROM (WITH RECURSIVE n(i) AS "
    "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT i FROM n)"
)


@pytest.fixture
async def probed(run_database):
    """A connection whose SQL function `thread()` names the thread running the statement."""
    async with run_database.engine.connect() as connection:
        await connection.run_sync(
            lambda sync: sync.connection.dbapi_connection.create_function(  # type: ignore[union-attr]
                "thread", 0, threading.get_ident
            )
        )
        yield connection


async def test_a_short_read_runs_on_the_loop_thread(probed) -> None:
    assert (await probed.exec_driver_sql("SELECT thread()")).scalar() == threading.get_ident()


async def test_a_long_read_goes_on_in_a_worker(probed) -> None:
    result, ticks = await _ticks_while(probed.exec_driver_sql(SLOW_COUNT))
    count, thread = result.one()
    assert count == 3_000_000
    assert thread != threading.get_ident()
    assert ticks > 0  # the loop ran other tasks meanwhile


async def test_bulk_statements_run_in_a_worker(probed) -> None:
    many_values = ", ".join("?" * 150)
    thread = await probed.exec_driver_sql(
        f"SELECT thread() WHERE 0 NOT IN ({many_values})", tuple(range(1, 151))
    )
    assert thread.scalar() != threading.get_ident()
    await probed.exec_driver_sql("CREATE TEMP TABLE probe (thread INTEGER)")
    await probed.exec_driver_sql("INSERT INTO probe VALUES (thread())", [(), ()])  # executemany
    threads = (await probed.exec_driver_sql("SELECT DISTINCT thread FROM probe")).scalars().all()
    assert len(threads) == 1 and threads[0] != threading.get_ident()


async def test_bulk_rows_land_whole(run_database) -> None:
    async with run_database.session() as session:
        await session.execute(insert(Agency), [{"name": f"Sở {i}"} for i in range(500)])
    async with run_database.session() as session:
        assert await session.scalar(select(func.count(Agency.id))) == 500


async def test_a_locked_database_is_waited_for_in_a_worker(run_database, tmp_path: Path) -> None:
    """Another process holds the write lock: the write waits for it (the busy timeout) off the
    loop, other tasks keep running, and it lands once the lock is gone."""
    holder = sqlite3.connect(tmp_path / "run.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute(
        "INSERT INTO agency (name, kind, active, verified, created_at)"
        " VALUES ('Sở A', 'department', 1, 0, '2026-01-05 08:00:00')"
    )

    async def write() -> None:
        async with run_database.session() as session:
            session.add(Agency(name="Sở B"))

    async def release_later() -> None:
        for _ in range(20):
            await asyncio.sleep(0.01)
        holder.execute("COMMIT")

    release = asyncio.create_task(release_later())
    _, ticks = await _ticks_while(write())
    await release
    holder.close()
    assert ticks > 0
    async with run_database.session() as session:
        names = (await session.scalars(select(Agency.name).order_by(Agency.id))).all()
    assert names == ["Sở A", "Sở B"]


async def test_a_failing_statement_is_reported_and_rolled_back(run_database) -> None:
    with pytest.raises(IntegrityError):
        async with run_database.session() as session:
            session.add(Agency(name="Sở trùng"))
            await session.flush()
            session.add(Agency(name="Sở trùng"))
            await session.flush()
    async with run_database.session() as session:
        assert await session.scalar(select(func.count(Agency.id))) == 0
