"""Reminder planning benchmark; prints the figure (median over --runs).

(a) planning reminders for 100,000 assignments across 5 plans (target ≤ 1 s), with the 2025
    mergers in it (50 agencies merged pairwise into 25 successors, every 10th task led by both
    predecessors of one successor: one report owed) and a third of the tasks already reported.

Sending them (the outbox sender, with and without Telegram's limits) is bench/bench_sender.py,
which builds its reminders with `seed` from here.

    .venv/bin/python bench/bench_reminders.py [--runs 3] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, insert, select, text, update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.channels.telegram import NAME as TELEGRAM  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.db.models import (  # noqa: E402
    Agency,
    Assignment,
    AssignmentRole,
    Cadence,
    OutboxMessage,
    Person,
    Plan,
    ReportingRule,
    Role,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.periods.calendar import VN_TZ  # noqa: E402
from bot.periods.store import periods_due_between  # noqa: E402
from schedules.planner import plan_reminders  # noqa: E402

# Friday 8 January 2027, 09:00 in Hà Nội: the 7-day reminder of a report due 15/01.
PLANNING_NOW = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)


async def seed(db: Database, *, plans: int, agencies: int, tasks_per_plan: int) -> None:
    """Plans with one lead agency per task (round robin) and one focal point per agency."""
    async with db.session() as session:
        await session.execute(
            insert(Agency), [{"name": f"Sở Đo lường {i}"} for i in range(agencies + 1)]
        )
        agency_ids = list(await session.scalars(select(Agency.id).order_by(Agency.id)))
        coordinating, agency_ids = agency_ids[0], agency_ids[1:]
        for p in range(plans):
            plan_id = (
                await session.execute(
                    insert(Plan)
                    .values(number=f"{p + 1}/KH-UBND", coordinating_agency_id=coordinating)
                    .returning(Plan.id)
                )
            ).scalar_one()
            await session.execute(
                insert(ReportingRule).values(
                    plan_id=plan_id, cadence=Cadence.YEARLY, due_day=15, due_month=1
                )
            )
            await session.execute(
                insert(Task),
                [
                    {"plan_id": plan_id, "code": f"{t + 1}", "position": t, "content": f"Việc {t}"}
                    for t in range(tasks_per_plan)
                ],
            )
            task_ids = list(await session.scalars(select(Task.id).where(Task.plan_id == plan_id)))
            await session.execute(
                insert(Assignment),
                [
                    {
                        "task_id": task_id,
                        "agency_id": agency_ids[i % len(agency_ids)],
                        "role": AssignmentRole.LEAD,
                    }
                    for i, task_id in enumerate(task_ids)
                ],
            )
        await session.execute(
            insert(Person),
            [
                {
                    "channel": TELEGRAM,
                    "platform_user_id": str(10_000 + i),
                    "chat_id": str(10_000 + i),
                    "display_name": f"Cán bộ {i}",
                    "role": Role.FOCAL,
                    "agency_id": agency_id,
                }
                for i, agency_id in enumerate(agency_ids)
            ],
        )


async def merge_and_report(db: Database) -> None:
    """Make the planning bench look like 2026: merged agencies, tasks led by two predecessors of
    one successor, and a third of the assignments reported for the period being reminded of."""
    async with db.session() as session:
        agencies = list(await session.scalars(select(Agency.id).order_by(Agency.id)))[1:]
        pairs = list(zip(agencies[0:50:2], agencies[1:50:2], strict=True))
        for first, second in pairs:
            successor = (
                await session.execute(
                    insert(Agency).values(name=f"Sở Hợp nhất {first}").returning(Agency.id)
                )
            ).scalar_one()
            await session.execute(
                update(Agency).where(Agency.id.in_([first, second])).values(successor_id=successor)
            )
        partner = {first: second for first, second in pairs}
        led = (
            await session.execute(
                select(Assignment.task_id, Assignment.agency_id).where(
                    Assignment.agency_id.in_(list(partner))
                )
            )
        ).tuples()
        await session.execute(
            insert(Assignment),
            [
                {"task_id": task_id, "agency_id": partner[agency], "role": AssignmentRole.LEAD}
                for index, (task_id, agency) in enumerate(led)
                if index % 10 == 0
            ],
        )
        periods = await periods_due_between(
            session, PLANNING_NOW.date(), PLANNING_NOW.date() + timedelta(days=30)
        )
        period_of = {period.plan_id: period.id for period in periods}
        reported = (
            await session.execute(
                select(Assignment.id, Task.plan_id)
                .join(Task, Task.id == Assignment.task_id)
                .where(Assignment.id % 3 == 0)
            )
        ).tuples()
        await session.execute(
            insert(StatusUpdate),
            [
                {
                    "assignment_id": assignment_id,
                    "period_id": period_of[plan_id],
                    "status": UpdateStatus.IN_PROGRESS,
                    "percent": 50,
                    "result": "Đã triển khai",
                }
                for assignment_id, plan_id in reported
            ],
        )


async def clear_outbox(db: Database) -> None:
    async with db.session() as session:
        await session.execute(delete(OutboxMessage))


async def bench_planning(url: str, runs: int) -> None:
    db = Database(url)
    await upgrade(db)
    await seed(db, plans=5, agencies=500, tasks_per_plan=20_000)
    await merge_and_report(db)
    if db.dialect == "postgresql":  # a database in use has statistics; a fresh bulk load not yet
        async with db.session() as session:
            await session.execute(text("ANALYZE"))
    times, again = [], []
    for _ in range(runs):
        await clear_outbox(db)
        started = time.perf_counter()
        async with db.session() as session:
            planned = await plan_reminders(session, now=PLANNING_NOW, tz=VN_TZ)
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        async with db.session() as session:
            assert await plan_reminders(session, now=PLANNING_NOW, tz=VN_TZ) == 0
        again.append(time.perf_counter() - started)
    await db.dispose()
    print(
        f"(a) planning 100,000 assignments / 5 plans / 500 agencies (25 merged pairs, a third"
        f" reported) → {planned} messages"
    )
    print(f"    median {statistics.median(times):.3f} s (target ≤ 1 s); runs {_fmt(times)}")
    print(f"    planning again (nothing new): median {statistics.median(again):.3f} s")


def _fmt(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'planning'}.db"
        await bench_planning(url, args.runs)


if __name__ == "__main__":
    asyncio.run(main())
