"""The scheduler only wakes the planner and the sender; the database decides what is due."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from apscheduler.jobstores.memory import MemoryJobStore
from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models import OutboxMessage, Role
from schedules.scheduler import (
    run_weekly_summaries,
    start_scheduler,
    weekly_summary_due,
)
from tests.fakes.telegram_api import FakeTelegram
from tests.reports.conftest import build_plan, person
from tests.schedules.conftest import make_app

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


async def test_two_interval_jobs_coalesced_in_memory(sqlite_database, telegram) -> None:
    app = make_app(sqlite_database, telegram.base_url)
    scheduler = start_scheduler(app)
    every = app.settings.planner_every_seconds
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {"reminders-planner", "weekly-summaries", "outbox-sender"}
        assert all(job.coalesce and job.max_instances == 1 for job in jobs.values())
        assert all(job.next_run_time is not None for job in jobs.values())  # none paused
        assert jobs["reminders-planner"].misfire_grace_time == every
        assert jobs["outbox-sender"].trigger.interval.total_seconds() < every
        assert isinstance(scheduler._jobstores["default"], MemoryJobStore)  # nothing pickled
    finally:
        scheduler.shutdown(wait=False)


@pytest.mark.parametrize(
    ("local", "due"),
    [
        (datetime(2026, 1, 19, 7, 59), False),  # Monday before 08:00
        (datetime(2026, 1, 19, 8, 0), True),  # Monday 08:00
        (datetime(2026, 1, 21, 15, 0), True),  # later that week: a missed Monday catches up
        (datetime(2026, 1, 18, 23, 0), True),  # Sunday: still the week that began on Monday 12th
    ],
)
def test_weekly_summary_time(local: datetime, due: bool) -> None:
    assert weekly_summary_due(local.replace(tzinfo=HANOI), "mon", "08:00") is due


def test_weekly_summary_on_another_day() -> None:
    wednesday_morning = datetime(2026, 1, 21, 9, 0, tzinfo=HANOI)
    assert not weekly_summary_due(wednesday_morning, "thu", "08:00")
    assert weekly_summary_due(wednesday_morning, "wed", "08:30")


async def test_weekly_summaries_queued_once_their_time_has_come(
    database: Database, telegram: FakeTelegram
) -> None:
    fixture = await build_plan(database)
    async with database.session() as session:
        session.add(person(Role.COORDINATOR, fixture.agencies["sct"], "900"))
    app = make_app(database, telegram.base_url)

    async def weekly_rows() -> int:
        async with database.session() as session:
            query = select(func.count()).where(OutboxMessage.kind == "weekly")
            return int(await session.scalar(query) or 0)

    with time_machine.travel(datetime(2026, 1, 19, 7, 30, tzinfo=HANOI), tick=False):
        assert await run_weekly_summaries(app) == 0
        assert await weekly_rows() == 0
    with time_machine.travel(datetime(2026, 1, 19, 8, 5, tzinfo=HANOI), tick=False):
        assert await run_weekly_summaries(app) == 1
        assert await run_weekly_summaries(app) == 0  # a second pass the same week: nothing more
        assert await weekly_rows() == 1


async def test_stopping_lets_a_running_job_finish_its_transaction() -> None:
    import asyncio
    from datetime import UTC

    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from schedules.scheduler import RUNNING_JOBS, stop_scheduler, tracked

    finished: list[bool] = []
    started = asyncio.Event()

    async def slow_pass() -> None:
        started.set()
        await asyncio.sleep(0.3)
        finished.append(True)

    scheduler = AsyncIOScheduler()
    running: set[asyncio.Task[object]] = set()
    RUNNING_JOBS[scheduler] = running
    job = tracked(slow_pass, running)
    scheduler.add_job(job, "interval", seconds=60, next_run_time=datetime.now(UTC))
    scheduler.start()
    await asyncio.wait_for(started.wait(), 10)
    await stop_scheduler(scheduler)
    assert finished == [True]  # not cancelled mid-way
