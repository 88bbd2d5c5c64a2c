"""The scheduler only wakes the planner and the sender; the database decides what is due."""

from __future__ import annotations

from apscheduler.jobstores.memory import MemoryJobStore

from schedules.scheduler import PLANNER_EVERY_SECONDS, start_scheduler
from tests.schedules.conftest import make_app


async def test_two_interval_jobs_coalesced_in_memory(sqlite_database, telegram) -> None:
    scheduler = start_scheduler(make_app(sqlite_database, telegram.base_url))
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {"reminders-planner", "outbox-sender"}
        assert all(job.coalesce and job.max_instances == 1 for job in jobs.values())
        assert jobs["reminders-planner"].misfire_grace_time == PLANNER_EVERY_SECONDS
        assert jobs["outbox-sender"].trigger.interval.total_seconds() < PLANNER_EVERY_SECONDS
        assert isinstance(scheduler._jobstores["default"], MemoryJobStore)  # nothing pickled
    finally:
        scheduler.shutdown(wait=False)
