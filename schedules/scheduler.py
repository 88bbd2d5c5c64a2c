"""APScheduler wiring: it only wakes the planner, the weekly summaries and the sender; the outbox
table decides what is due, so no job state is pickled and a restart picks up exactly where the
database says.

Planning (reminders, weekly summaries) runs only while this process leads (`Leadership`: always on
SQLite, one process at a time on PostgreSQL); sending runs in every process.

Contract 4 also lives behind this module for the chat core: `coming_deadlines` (/deadlines) and
`nudge_missing` (/nudge).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta
from functools import partial

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.util import undefined

from bot.app import App
from bot.db.leadership import Leadership
from schedules.deadlines import Deadline, coming_deadlines, nudge_missing
from schedules.planner import plan_reminders
from schedules.sender import OutboxSender

log = logging.getLogger(__name__)

RUNNING_JOBS: dict[AsyncIOScheduler, set[asyncio.Task[object]]] = {}
LEADERSHIP: dict[AsyncIOScheduler, Leadership] = {}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

__all__ = [
    "Deadline",
    "coming_deadlines",
    "nudge_missing",
    "run_planner",
    "run_weekly_summaries",
    "start_scheduler",
    "stop_scheduler",
    "weekly_summary_due",
]


def weekly_summary_due(local_now: datetime, day: str, at: str) -> bool:
    """Whether this week's summary time (WEEKLY_SUMMARY_DAY at WEEKLY_SUMMARY_TIME, local) has come.

    Checked on every planner pass rather than by a cron job, so that it follows the application
    clock (the console demo moves it) and a process that was down at 08:00 on Monday still queues
    the week's summary when it comes back; the ISO-week dedupe key makes it once a week.
    """
    hour, minute = (int(part) for part in at.split(":"))
    week_start = local_now.date() - timedelta(days=local_now.weekday())
    due_day = week_start + timedelta(days=WEEKDAYS.index(day))
    due = datetime.combine(due_day, time(hour, minute), tzinfo=local_now.tzinfo)
    return local_now >= due


async def run_planner(app: App) -> int:
    """One planning pass in one transaction; returns how many rows were planned."""
    async with app.db.session() as session:
        planned = await plan_reminders(session, now=app.clock.now(), tz=app.clock.tz)
    if planned:
        log.info("planned %d reminders", planned)
    return planned


async def run_weekly_summaries(app: App) -> int:
    """Queue this week's summaries once their time has come; how many were queued."""
    from bot.reports import queue_weekly_summaries

    settings = app.settings
    local_now = app.clock.local_now()
    if not weekly_summary_due(local_now, settings.weekly_summary_day, settings.weekly_summary_time):
        return 0
    async with app.db.session() as session:
        queued = await queue_weekly_summaries(session, today=local_now.date(), now=app.clock.now())
    if queued:
        log.info("queued %d weekly summaries", queued)
    return queued


def tracked(job: Callable[[], Awaitable[object]], running: set[asyncio.Task[object]]):
    """The job, registering its task in `running` while it runs, so `stop_scheduler` can let a
    planning pass or a sender batch finish instead of cutting it off mid-transaction."""

    async def run() -> None:
        task = asyncio.current_task()
        if task is not None:
            running.add(task)
        try:
            await job()
        finally:
            running.discard(task)  # type: ignore[arg-type]

    return run


def led(job: Callable[[], Awaitable[object]], leadership: Leadership):
    """The job, run only while this process leads the planning."""

    async def run() -> None:
        if await leadership.lead():
            await job()

    return run


def start_scheduler(
    app: App, *, sender: OutboxSender | None = None, leadership: Leadership | None = None
) -> AsyncIOScheduler:
    """Start an AsyncIOScheduler on the running loop with the planner and sender interval jobs
    (every PLANNER_EVERY_SECONDS and SENDER_EVERY_SECONDS); the planner's jobs only while this
    process leads (see bot/db/leadership.py), so a follower takes over within one planner interval.

    coalesce=True: when runs were missed (loop busy, machine asleep), one catch-up run is enough:
    each pass reads the whole due state from the database, so N queued runs would do nothing more.
    misfire_grace_time: a run that comes late by up to one interval still happens (rather than
    being dropped as a misfire), later than that it is folded into the next regular run.
    max_instances=1: a long sender batch is never doubled by the next wake-up in the same process.
    The job store is the default in-memory one: nothing to pickle, nothing stale after a restart.
    """
    outbox = sender or OutboxSender(app)
    leader = leadership or Leadership(app.db)
    scheduler = AsyncIOScheduler(timezone=app.clock.tz)
    running: set[asyncio.Task[object]] = set()
    RUNNING_JOBS[scheduler] = running
    LEADERSHIP[scheduler] = leader
    now = datetime.now(app.clock.tz)
    plan_every = app.settings.planner_every_seconds
    send_every = app.settings.sender_every_seconds
    for job_id, job, every, grace, first_run in (
        ("reminders-planner", led(partial(run_planner, app), leader), plan_every, 1, now),
        ("weekly-summaries", led(partial(run_weekly_summaries, app), leader), plan_every, 1, now),
        ("outbox-sender", outbox.drain, send_every, 6, undefined),
    ):
        scheduler.add_job(
            tracked(job, running),
            "interval",
            name=job_id,
            seconds=every,
            next_run_time=first_run,
            coalesce=True,
            misfire_grace_time=max(1, math.ceil(every * grace)),  # APScheduler: whole seconds
            max_instances=1,
            id=job_id,
        )
    scheduler.start()
    return scheduler


async def stop_scheduler(scheduler: AsyncIOScheduler, timeout: float = 30.0) -> None:
    """Stop waking jobs, and give the ones running (a planning pass, a sender batch) up to
    `timeout` seconds to finish and commit before the process goes on shutting down; then hand
    the planning over (another process takes it at its next pass)."""
    scheduler.pause()  # shutdown() would cancel the running jobs: let them finish first
    running = RUNNING_JOBS.pop(scheduler, set())
    if running:
        await asyncio.wait(set(running), timeout=timeout)
    scheduler.shutdown(wait=False)
    leadership = LEADERSHIP.pop(scheduler, None)
    if leadership is not None:
        await leadership.close()
