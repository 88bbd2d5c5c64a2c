"""Reminder benchmarks; prints each figure (medians over --runs).

(a) planning reminders for 100,000 assignments across 5 plans (target ≤ 1 s), with the 2025
    mergers in it (50 agencies merged pairwise into 25 successors, every 10th task led by both
    predecessors of one successor: one report owed) and a third of the tasks already reported;
(b) 3,000 reminders through the fake Bot API server enforcing Telegram's limits: achieved rate as a
    share of 30 messages a second (target ≥ 95 %) and the number of 429 answers (target 0);
(c) the same with the limits off: the sender's own throughput over loopback (target ≥ 1,000/s).

    .venv/bin/python bench/bench_reminders.py [--runs 3] [--parts abc] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, insert, select, text, update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import App  # noqa: E402
from bot.channels.limits import ChannelLimits, Rates  # noqa: E402
from bot.channels.telegram import TelegramChannel  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.db.models import (  # noqa: E402
    Agency,
    Assignment,
    AssignmentRole,
    Cadence,
    Channel,
    OutboxMessage,
    OutboxStatus,
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
from bot.settings import load_settings  # noqa: E402
from schedules.planner import plan_reminders  # noqa: E402
from schedules.sender import OutboxSender  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402

TOKEN = "123456:BENCH-TOKEN"
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
                    "channel": Channel.TELEGRAM,
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


async def bench_sending(url: str, *, messages: int, limited: bool) -> tuple[float, int, float]:
    """(messages a second between the first and last send, 429 answers, wall time).

    The fake Bot API server runs in a process of its own, as Telegram would: the figure is the
    sender's (database, rendering, python-telegram-bot's HTTP), not the fake server's CPU.
    """
    db = Database(url)
    await upgrade(db)
    await seed(db, plans=1, agencies=messages, tasks_per_plan=messages)
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--serve-fake",
        *(["--limits"] if limited else []),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert server.stdout is not None and server.stdin is not None
    base_url = (await server.stdout.readline()).decode().strip()
    settings = load_settings(database_url=url, telegram_bot_token=TOKEN, telegram_base_url=base_url)
    app = App.create(settings, db)
    channel = TelegramChannel(app, _NoReplies(), poll_timeout=1)
    app.senders["telegram"] = channel
    await channel.start()  # as in `dondoc run`: getMe and the command menus come first
    await _queue(db, messages)
    if not limited:  # as good as none: the fake server's own speed is what is measured
        channel.limits = ChannelLimits(Rates(1e6, 1e6, 1e6), max_in_flight=8)
    sender = OutboxSender(app)
    started = time.perf_counter()
    while await _unsent(db):
        if await sender.drain() == 0:
            await asyncio.sleep(0.05)
    wall = time.perf_counter() - started
    await channel.stop()
    server.stdin.write(b"stats\n")
    await server.stdin.drain()
    stats = json.loads(await server.stdout.readline())
    await server.wait()
    await db.dispose()
    assert stats["sent"] == messages, stats
    return (stats["sent"] - 1) / (stats["last"] - stats["first"]), stats["too_many"], wall


async def limiter_ceiling(count: int = 300) -> float:
    """The sender's own Telegram limiter with nothing else to do: the most (b) can reach here."""
    limits = ChannelLimits(Rates(30, 1, 20))
    times: list[float] = []

    async def one(index: int) -> None:
        async with limits.turn(str(index)):
            times.append(time.perf_counter())

    await asyncio.gather(*(one(index) for index in range(count)))
    return (len(times) - 1) / (times[-1] - times[0])


async def _unsent(db: Database) -> int:
    async with db.session() as session:
        return int(
            await session.scalar(
                select(func.count(OutboxMessage.id)).where(
                    OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
                )
            )
            or 0
        )


async def serve_fake(limits: bool) -> None:
    """The fake Bot API server for the benchmark: prints its base URL, answers until a line comes
    on stdin, then prints the send statistics as JSON."""
    async with FakeTelegram(TOKEN, enforce_limits=limits) as telegram:
        print(telegram.base_url, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        sent = telegram.sent()
        stats = {
            "sent": len(sent),
            "first": sent[0].at if sent else 0.0,
            "last": sent[-1].at if sent else 0.0,
            "too_many": telegram.too_many_requests,
        }
        print(json.dumps(stats), flush=True)


class _NoReplies:
    async def handle(self, incoming: object) -> list[object]:
        return []


async def _queue(db: Database, messages: int) -> None:
    """Plan the real reminders for `messages` agencies, due now."""
    async with db.session() as session:
        await plan_reminders(session, now=PLANNING_NOW, tz=VN_TZ)
        await session.execute(
            update(OutboxMessage).values(due_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        count = len(list(await session.scalars(select(OutboxMessage.id))))
    assert count == messages, count


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--parts", default="abc", help="Which figures: any of a, b, c.")
    parser.add_argument("--database-url")
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--limits", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        await serve_fake(args.limits)
        return
    with tempfile.TemporaryDirectory() as folder:

        def url(name: str) -> str:
            return args.database_url or f"sqlite+aiosqlite:///{Path(folder) / name}.db"

        if "a" in args.parts:
            await bench_planning(url("planning"), args.runs)
        if "b" in args.parts:
            rate, too_many, wall = await bench_sending(
                url("limited"), messages=args.messages, limited=True
            )
            print(
                f"(b) {args.messages} reminders with Telegram's limits enforced: {rate:.2f} msg/s"
            )
            print(f"    = {rate / 30:.1%} of 30 msg/s (target ≥ 95 %); 429 answers: {too_many}")
            print(f"    wall time {wall:.1f} s")
            ceiling = await limiter_ceiling()
            print(
                f"    the limiter alone, nothing sent, reaches {ceiling / 30:.1%} of 30 msg/s here"
            )
        rates = []
        for run in range(args.runs if "c" in args.parts else 0):
            rate, _, _ = await bench_sending(
                url(f"free{run}"), messages=args.messages, limited=False
            )
            rates.append(rate)
        if rates:
            median = statistics.median(rates)
            print(f"(c) limits off, sender throughput over loopback: median {median:.0f} msg/s")
            print(f"    (target ≥ 1,000); runs {', '.join(f'{r:.0f}' for r in rates)}")


if __name__ == "__main__":
    asyncio.run(main())
