"""Benchmark of the reports on a big generated plan (prints figures; not a test).

The plan: 5,000 tasks in 10 sections, 60 agencies (one in ten tasks with two leads; six agencies
merged into six others, so some tasks name two predecessors of one successor), monthly reporting
for a year (about four in five leads report each month, one report in ten edited once), followed
since before the year began, so the weekly summary lists eleven overdue months with reports still
missing, and 20 explanation requests (half answered) on the month reported on.
Measured, median over --runs runs:

- the weekly summary (targets: at most 300 ms), text only and with its chart;
- the period report for the last closed month: DOCX + XLSX + chart; target at most 2 s of CPU
  (the whole process's, SQLite's thread included: the wall clock swings on a shared machine);
- its memory above imports: a fresh process imports everything a report uses (the bot, the
  database driver, python-docx, matplotlib, XlsxWriter), then makes one report; the figure is
  its peak resident set (VmHWM) less its resident set before the report (target at most 200 MB);
- peak Python allocations (tracemalloc) of one weekly summary and one period report.

Each target line prints the figure, the target and their ratio (at most 1.00: met).

    .venv/bin/python bench/bench_reports.py [--runs 5] [--database-url postgresql+asyncpg://…]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.db.models import (  # noqa: E402
    Agency,
    Assignment,
    AssignmentRole,
    Cadence,
    ExplanationRequest,
    Plan,
    ReportingPeriod,
    ReportingRule,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.reports import period_report, weekly_summary  # noqa: E402
from bot.reports.snapshot import LOCAL_TZ  # noqa: E402
from bot.runtime import freeze_startup  # noqa: E402

TASKS = 5_000
AGENCIES = 60
MERGED = 6  # the last six agencies were merged into the first six
SECTIONS = 10
YEAR = 2025
TODAY = date(YEAR, 12, 10)  # inside the December period, due 20/12
REPORT_PERIOD = f"Tháng 11/{YEAR}"
STATUSES = list(UpdateStatus)
REPORT_CPU_TARGET = 2.0  # seconds
REPORT_MEMORY_TARGET = 200  # MiB above imports


def _instant(day: date, rng: random.Random) -> datetime:
    local = datetime.combine(day, clock_time(rng.randint(7, 17), rng.randint(0, 59)), LOCAL_TZ)
    return local.astimezone(UTC)


async def generate(db: Database, seed: int = 1600) -> tuple[int, int]:
    """Bulk-insert the plan; returns (plan id, status update rows)."""
    from bot.periods.cadence import periods_between

    rng = random.Random(seed)
    async with db.session() as session:
        agencies = [Agency(name=f"Sở Thử nghiệm số {number:02d}") for number in range(AGENCIES)]
        session.add_all(agencies)
        await session.flush()
        for old, new in zip(agencies[-MERGED:], agencies[:MERGED], strict=True):
            old.successor_id = new.id
        plan = Plan(
            number="5000/KH-UBND",
            issuer="UBND tỉnh Quảng Nam",
            issue_date=date(YEAR - 1, 11, 1),
            coordinating_agency_id=agencies[0].id,
            created_at=datetime(YEAR - 1, 11, 1, tzinfo=UTC),
        )
        session.add(plan)
        await session.flush()
        rule = ReportingRule(plan_id=plan.id, cadence=Cadence.MONTHLY, due_day=20)
        session.add(rule)
        await session.flush()
        specs = periods_between(rule, date(YEAR, 1, 1), date(YEAR, 12, 31))
        periods = [
            ReportingPeriod(
                rule_id=rule.id,
                plan_id=plan.id,
                label=spec.label,
                start=spec.start,
                end=spec.end,
                due_date=spec.due_date,
            )
            for spec in specs
        ]
        session.add_all(periods)
        await session.flush()

        task_rows = []
        for number in range(TASKS):
            section = number % SECTIONS + 1
            end = date(YEAR, rng.randint(1, 12), 28) if rng.random() < 0.6 else None
            task_rows.append(
                {
                    "plan_id": plan.id,
                    "code": f"{section}.{number // SECTIONS + 1}",
                    "position": number,
                    "section_path": str(section),
                    "section_titles": [f"{section}. Nhóm nhiệm vụ số {section}"],
                    "content": f"Nhiệm vụ số {number}: triển khai ứng dụng công nghệ sinh học "
                    "trong chế biến nông sản, dược liệu và bảo vệ môi trường",
                    "timeframe_end": end,
                }
            )
        await session.execute(insert(Task), task_rows)
        task_ids = list(
            await session.scalars(select(Task.id).where(Task.plan_id == plan.id).order_by(Task.id))
        )
        lead_rows = []
        for task_id in task_ids:
            for agency in rng.sample(agencies, 2 if rng.random() < 0.1 else 1):
                lead_rows.append(
                    {"task_id": task_id, "agency_id": agency.id, "role": AssignmentRole.LEAD}
                )
        await session.execute(insert(Assignment), lead_rows)
        lead_ids = list(await session.scalars(select(Assignment.id).order_by(Assignment.id)))

        update_rows = []
        edits = []
        for period in periods:
            last_day = min(period.due_date + timedelta(days=5), TODAY)
            if period.start > TODAY:
                continue
            span = (last_day - period.start).days
            for lead_id in lead_ids:
                if rng.random() > 0.8:
                    continue
                submitted = _instant(period.start + timedelta(days=rng.randint(0, span)), rng)
                row = {
                    "assignment_id": lead_id,
                    "period_id": period.id,
                    "status": rng.choice(STATUSES),
                    "percent": rng.randint(0, 100),
                    "result": "Đã tổ chức hội thảo, tập huấn cho doanh nghiệp; "
                    f"kết quả tháng {period.label}",
                    "obstacles": "Thiếu kinh phí, thủ tục kéo dài" if rng.random() < 0.2 else None,
                    "proposals": "Đề nghị bổ sung kinh phí" if rng.random() < 0.1 else None,
                    "submitted_at": submitted,
                    "is_late": submitted.astimezone(LOCAL_TZ).date() > period.due_date,
                    "version": 1,
                    "attachments": [],
                }
                update_rows.append(row)
                if rng.random() < 0.1:
                    edits.append(row)
        for start in range(0, len(update_rows), 10_000):
            await session.execute(insert(StatusUpdate), update_rows[start : start + 10_000])
        originals = {
            (row.assignment_id, row.period_id): row.id
            for row in await session.execute(
                select(StatusUpdate.id, StatusUpdate.assignment_id, StatusUpdate.period_id)
            )
        }
        edit_rows = [
            {
                **row,
                "version": 2,
                "percent": min(100, (row["percent"] or 0) + 10),
                "submitted_at": row["submitted_at"] + timedelta(hours=3),
                "supersedes_id": originals[(row["assignment_id"], row["period_id"])],
            }
            for row in edits
        ]
        if edit_rows:
            await session.execute(insert(StatusUpdate), edit_rows)
        reported = next(period for period in periods if period.label == REPORT_PERIOD)
        asked = _instant(reported.due_date + timedelta(days=3), rng)
        await session.execute(
            insert(ExplanationRequest),
            [
                {
                    "plan_id": plan.id,
                    "period_id": reported.id,
                    "agency_id": agency.id,
                    "requested_at": asked,
                    "answer_due": reported.due_date + timedelta(days=8),
                    "reason": "Chờ số liệu tổng hợp của các đơn vị" if number % 2 else None,
                    "expected_on": TODAY + timedelta(days=10) if number % 2 else None,
                    "answered_at": asked + timedelta(days=2) if number % 2 else None,
                    "attachments": [],
                }
                for number, agency in enumerate(agencies[MERGED : MERGED + 20])
            ],
        )
        return plan.id, len(update_rows) + len(edit_rows)


async def timed(
    work: Callable[[], Awaitable[object]], runs: int
) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds of the whole process, SQLite's thread included) per run."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        await work()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return wall, cpu


async def peak_allocations(work: Callable[[], Awaitable[object]]) -> float:
    """Peak Python allocations (MiB) while `work` runs once."""
    tracemalloc.start()
    await work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def versus(figure: float, target: float, unit: str) -> str:
    """ "figure / target = ratio" with the verdict."""
    ratio = figure / target
    verdict = "met" if ratio <= 1 else "MISSED"
    return f"{figure:.0f} {unit} / target {target:.0f} {unit} = {ratio:.2f} ({verdict})"


def _status_kb(field: str) -> int:
    """A figure of /proc/self/status in kB (VmRSS, VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1])


async def report_memory_child(url: str, plan_id: int) -> None:
    """In a fresh process: import all a report uses, then make one; print MiB above imports."""
    import docx  # noqa: F401
    import matplotlib.figure  # noqa: F401

    from bot.reports.chart import progress_chart
    from bot.reports.docx_report import render_docx  # noqa: F401
    from bot.reports.xlsx_report import render_xlsx  # noqa: F401

    db = Database(url)
    async with db.session() as session:  # the driver and the first connection
        await session.execute(select(Plan.id).limit(1))
    progress_chart([], title="", locale="vi", as_of=TODAY)  # matplotlib's fonts and caches
    before = _status_kb("VmRSS")
    async with db.session() as session:
        await period_report(session, plan_id, REPORT_PERIOD, today=TODAY, locale="vi")
    print((_status_kb("VmHWM") - before) / 1024)
    await db.dispose()


def report_memory(url: str, plan_id: int) -> float:
    """MiB a period report takes above imports, measured in a fresh process."""
    done = subprocess.run(
        [sys.executable, __file__, "--memory-child", url, str(plan_id)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.split()[-1])


def line(name: str, times: tuple[list[float], list[float]], target: float | None = None) -> str:
    wall, cpu = (statistics.median(values) for values in times)
    verdict = ""
    if target is not None:
        verdict = f"  (target ≤ {target * 1000:.0f} ms: {'met' if wall <= target else 'MISSED'})"
    runs = ", ".join(f"{value * 1000:.0f}" for value in times[0])
    return (
        f"{name:<32} median wall {wall * 1000:7.0f} ms, CPU {cpu * 1000:7.0f} ms"
        f"  [runs: {runs}]{verdict}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp folder")
    parser.add_argument("--memory-child", nargs=2, metavar=("URL", "PLAN"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.memory_child:
        url, plan = options.memory_child
        await report_memory_child(url, int(plan))
        return
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        db = Database(url)
        await upgrade(db)
        started = time.perf_counter()
        plan_id, updates = await generate(db)
        if db.dialect == "sqlite":  # a database at rest: the bulk load moved out of the WAL
            async with db.engine.connect() as connection:
                await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"database: {db.dialect}")
        print(
            f"generated {TASKS:,} tasks, {AGENCIES} agencies, {updates:,} status updates "
            f"in {time.perf_counter() - started:.1f} s"
        )

        async def weekly(with_chart: bool) -> object:
            async with db.session() as session:
                return await weekly_summary(
                    session,
                    plan_id,
                    today=TODAY,
                    locale="vi",
                    max_chars=4000,
                    with_chart=with_chart,
                )

        async def report() -> object:
            async with db.session() as session:
                return await period_report(
                    session, plan_id, REPORT_PERIOD, today=TODAY, locale="vi"
                )

        freeze_startup()  # as `dondoc run` does once it has started
        await weekly(False)  # warm up: imports, template compilation, the open period row
        sample = await report()
        print(
            f"period report {REPORT_PERIOD}: DOCX {len(sample.docx) / 2**20:.1f} MiB, "
            f"XLSX {len(sample.xlsx) / 2**20:.1f} MiB, chart {len(sample.chart_png) / 1024:.0f} KiB"
        )
        print(line("weekly summary (text)", await timed(lambda: weekly(False), options.runs), 0.3))
        print(
            line("weekly summary (text + chart)", await timed(lambda: weekly(True), options.runs))
        )
        report_times = await timed(report, options.runs)
        print(line("period report (DOCX+XLSX+chart)", report_times))
        report_cpu = statistics.median(report_times[1])
        print(
            "  its CPU time (median):        "
            + versus(report_cpu * 1000, REPORT_CPU_TARGET * 1000, "ms")
        )
        if db.dialect == "sqlite":  # a committed database the child process can read
            async with db.engine.connect() as connection:
                await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        above = statistics.median(report_memory(url, plan_id) for _ in range(3))
        print("  its memory above imports:     " + versus(above, REPORT_MEMORY_TARGET, "MiB"))
        weekly_peak = await peak_allocations(lambda: weekly(True))
        report_peak = await peak_allocations(report)
        print(f"peak Python allocations: weekly summary {weekly_peak:.0f} MiB, ", end="")
        print(f"period report {report_peak:.0f} MiB")
        print("load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
