"""Engine behaviour that the rest of dondoc relies on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.db.engine import Database
from bot.db.models import Agency, AuditLog


async def test_sqlite_pragmas(sqlite_database: Database) -> None:
    async with sqlite_database.engine.connect() as connection:
        journal = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
        foreign_keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        busy = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    assert (journal, foreign_keys) == ("wal", 1)
    # Never wait on the event loop's thread: a lock is waited for in a worker thread, with the
    # driver's own timeout (tests/chat/test_loop_sqlite.py).
    assert busy == 0


async def test_sqlite_folder_created_on_first_run(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'new' / 'folder' / 'x.db'}")
    async with db.engine.connect() as connection:
        await connection.exec_driver_sql("SELECT 1")
    await db.dispose()
    assert (tmp_path / "new" / "folder" / "x.db").exists()


async def test_session_is_one_transaction(database: Database) -> None:
    with pytest.raises(IntegrityError):
        async with database.session() as session:
            session.add(Agency(name="Sở Công Thương"))
            await session.flush()
            session.add(Agency(name="Sở Công Thương"))  # unique name: the whole block rolls back
            await session.flush()
    async with database.session() as session:
        assert (await session.scalars(select(Agency))).all() == []


async def test_instants_round_trip_as_aware_utc(database: Database) -> None:
    hanoi = timezone(timedelta(hours=7))
    moment = datetime(2026, 1, 15, 8, 0, tzinfo=hanoi)
    async with database.session() as session:
        session.add(AuditLog(action="test", created_at=moment))
    async with database.session() as session:
        stored = (await session.scalars(select(AuditLog))).one().created_at
    assert stored == moment
    assert stored.tzinfo is UTC


async def test_naive_datetimes_are_refused(sqlite_database: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        async with sqlite_database.session() as session:
            session.add(AuditLog(action="test", created_at=datetime(2026, 1, 1)))
            await session.flush()
