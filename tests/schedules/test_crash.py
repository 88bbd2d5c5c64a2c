"""Crashes and concurrency: a sender process killed mid-batch and restarted; two senders at once.

Sends are counted at the fake Bot API server, so a duplicate cannot hide.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import time_machine
from sqlalchemy import func, select

from bot.db.models import OutboxMessage, OutboxStatus
from schedules.scheduler import run_planner
from tests.schedules.conftest import fast_sender, make_app, second_database
from tests.schedules.factory import make_world

ROOT = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 2.0


async def count(db, status: OutboxStatus) -> int:
    async with db.session() as session:
        return int(
            await session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.status == status)
            )
            or 0
        )


async def start_worker(url: str, base_url: str, name: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.schedules.sender_worker",
        url,
        base_url,
        name,
        str(LEASE_SECONDS),
        "40",
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


async def test_a_sender_killed_mid_batch_and_restarted_sends_everything_once(
    sqlite_database, telegram
) -> None:
    planned_count = 60
    world = await make_world(sqlite_database, agencies=planned_count, tasks_per_agency=1)
    app = make_app(sqlite_database, telegram.base_url)
    # Plan "now" (real time): a reminder planned for an instant already past is due at once.
    now = datetime.now(UTC)
    with time_machine.travel(datetime(2027, 1, 8, 2, 0, tzinfo=UTC), tick=False):
        assert await run_planner(app) == planned_count
    async with sqlite_database.session() as session:
        rows = list(await session.scalars(select(OutboxMessage)))
        for row in rows:
            row.due_at = now
    worker = await start_worker(sqlite_database.url, telegram.base_url, "first")
    await telegram.wait_for("sendMessage", count=22, timeout=30)
    os.kill(worker.pid, signal.SIGKILL)
    await worker.wait()
    sent_before_restart = len(telegram.sent())
    assert 22 <= sent_before_restart < planned_count  # killed in the middle of the batch
    in_flight = await count(sqlite_database, OutboxStatus.SENDING)
    await asyncio.sleep(LEASE_SECONDS + 0.2)  # the dead worker's lease runs out
    restarted = await start_worker(sqlite_database.url, telegram.base_url, "second")
    assert await asyncio.wait_for(restarted.wait(), 60) == 0
    per_chat = Counter(call.chat_id for call in telegram.sent())
    assert set(per_chat) == set(world.focal_chats.values())  # sent == planned
    duplicates = sum(per_chat.values()) - planned_count
    assert duplicates <= in_flight  # only rows claimed and not yet recorded can go twice
    assert await count(sqlite_database, OutboxStatus.SENT) == planned_count


async def test_two_senders_on_one_database_send_each_reminder_once(database, telegram) -> None:
    world = await make_world(database, agencies=40, tasks_per_agency=1)
    app = make_app(database, telegram.base_url)
    other = make_app(await second_database(database), telegram.base_url)
    with time_machine.travel(datetime(2027, 1, 8, 2, 0, tzinfo=UTC), tick=True):
        assert await run_planner(app) == 40
        one = fast_sender(app, name="one", batch_size=4, record_every=2)
        two = fast_sender(other, name="two", batch_size=4, record_every=2)
        handled = await asyncio.gather(one.drain(), two.drain(), one.drain(), two.drain())
    await other.db.dispose()
    async with database.session() as session:
        rows = list(await session.scalars(select(OutboxMessage)))
    # A row sent again after a platform error would be a retry, not a double claim: name it.
    assert [row.last_error for row in rows if row.last_error] == []
    assert {row.status for row in rows} == {OutboxStatus.SENT}
    assert {row.attempts for row in rows} == {1}  # every row claimed exactly once
    assert sum(handled) == 40
    per_chat = Counter(call.chat_id for call in telegram.sent())
    assert set(per_chat) == set(world.focal_chats.values())
    assert max(per_chat.values()) == 1
    assert {row.claimed_by for row in rows} <= {"one", "two"}
    assert all(row.lease_until is None for row in rows)  # leases released once recorded
