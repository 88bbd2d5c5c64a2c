"""Benchmark of the dashboard's period page on a big generated plan (prints figures; not a test).

The plan of bench_reports.py: 5,000 tasks, 60 agencies, monthly reporting for a year (about four
in five leads report each month, one report in ten edited once), followed by dondoc since January
(so every past month can be overdue). Measured, median over --runs runs, on 10/12/2025:

- the period page of the last past-due month (Tháng 11/2025), as an admin's browser asks for it
  over HTTP: figures, four-way split, overdue list, explanations and the HTML (target ≤ 300 ms);
- the figures alone (`bot.web.board.period_board`), built again: what the first view after a
  change of data costs (the page keeps the figures while the plan's data fingerprint is unchanged).

    .venv/bin/python bench/bench_dashboard.py [--runs 7] [--database-url postgresql+asyncpg://…]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import time_machine
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_reports import AGENCIES, TASKS, TODAY, generate  # noqa: E402

from bot.app import App  # noqa: E402
from bot.channels.console import NAME as CONSOLE  # noqa: E402
from bot.clock import Clock  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.db.models import Person, Plan, Role  # noqa: E402
from bot.runtime import freeze_startup  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.web import board, build_web_app, tokens  # noqa: E402

TARGET = 0.3
FOLLOWED_SINCE = datetime(TODAY.year, 1, 1, tzinfo=UTC)


def median_ms(values: list[float]) -> str:
    runs = ", ".join(f"{value * 1000:.0f}" for value in values)
    return f"median {statistics.median(values) * 1000:6.0f} ms  [runs: {runs}]"


def versus_target(values: list[float]) -> str:
    """The median against the 300 ms target, as a ratio (at most 1.00: met)."""
    ratio = statistics.median(values) / TARGET
    verdict = "met" if ratio <= 1 else "MISSED"
    return f"(target ≤ {TARGET * 1000:.0f} ms: ratio {ratio:.2f}, {verdict})"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp folder")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        db = Database(url)
        await upgrade(db)
        plan_id, updates = await generate(db)
        async with db.session() as session:
            await session.execute(
                update(Plan).where(Plan.id == plan_id).values(created_at=FOLLOWED_SINCE)
            )
            admin = Person(
                channel=CONSOLE,
                platform_user_id="bench-admin",
                chat_id="bench-admin",
                role=Role.ADMIN,
                display_name="Quản trị",
            )
            session.add(admin)
        if db.dialect == "sqlite":
            async with db.engine.connect() as connection:
                await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"database: {db.dialect}")
        print(f"{TASKS:,} tasks, {AGENCIES} agencies, {updates:,} status updates")

        settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
        app = App(settings=settings, db=db, clock=Clock(settings.timezone))
        with time_machine.travel(datetime(2025, 12, 10, 2, 0, tzinfo=UTC), tick=True):
            server = TestServer(build_web_app(app), host="127.0.0.1")
            client = TestClient(server)
            await client.start_server()
            freeze_startup()  # as `dondoc run` does once it has started
            async with db.session() as session:
                token = await tokens.create_link(session, admin.id, now=app.clock.now())
            page = await client.get(f"/login/{token}")
            csrf = (await page.text()).split('name="csrf" value="')[1].split('"')[0]
            await client.post("/login", data={"token": token, "csrf": csrf})

            async def figures() -> None:
                async with db.session() as session:
                    plan = await session.get(Plan, plan_id)
                    assert plan is not None
                    period = await board.default_period(session, plan_id, TODAY)
                    await board.period_board(session, plan, period, today=TODAY)

            async def period_page() -> int:
                answer = await client.get(f"/plans/{plan_id}")
                body = await answer.read()
                assert answer.status == 200 and b"agencies" in body, answer.status
                return len(body)

            size = await period_page()  # warm up: imports, templates, the period rows
            walls: list[float] = []
            cpus: list[float] = []
            for _ in range(options.runs):
                started, cpu = time.perf_counter(), time.process_time()
                await period_page()
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
            board_walls: list[float] = []
            board_cpus: list[float] = []
            for _ in range(options.runs):
                started, cpu = time.perf_counter(), time.process_time()
                await figures()
                board_walls.append(time.perf_counter() - started)
                board_cpus.append(time.process_time() - cpu)
            await client.close()
        print(
            f"period page ({size / 1024:.0f} KiB HTML)  {median_ms(walls)}  {versus_target(walls)}"
        )
        print(f"  its CPU time               {median_ms(cpus)}")
        print(f"its figures, rebuilt         {median_ms(board_walls)}  (once per change of data)")
        print(f"  its CPU time               {median_ms(board_cpus)}  {versus_target(board_cpus)}")
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
