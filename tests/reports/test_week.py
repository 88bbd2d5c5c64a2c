"""What the weekly summary reads (`bot.reports.week`) on the cases its snapshot must get right:
versions sent at the same instant, a plan without periods, two merged leads of one task.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models import (
    Assignment,
    AssignmentRole,
    ReportingPeriod,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.periods.store import open_period
from bot.reports.figures import Outcome, compute_figures
from bot.reports.periods import get_plan
from bot.reports.snapshot import load_snapshot
from bot.reports.week import load_week
from bot.reports.weekly import week_start
from tests.reports.conftest import REPORT_DAY, FixturePlan, at


async def test_same_instant_versions_the_later_one_counts(
    database: Database, plan: FixturePlan
) -> None:
    """Two versions sent at the same instant: the later one (higher id) is the latest."""
    async with database.session() as session:
        lead_id = (
            await session.execute(
                select(Assignment.id).where(Assignment.task_id == plan.tasks["II.4"])
            )
        ).scalar_one()
        for status in (UpdateStatus.DONE, UpdateStatus.IN_PROGRESS):
            session.add(
                StatusUpdate(
                    assignment_id=lead_id,
                    period_id=plan.period_2026,
                    status=status,
                    percent=90,
                    result="Hai phiên bản cùng lúc",
                    submitted_at=at(2026, 1, 19),
                )
            )
            await session.flush()
    async with database.session() as session:
        plan_row = await get_plan(session, plan.plan_id)
        period = await open_period(session, plan.plan_id, REPORT_DAY)
        week = await load_week(
            session, plan_row, period, today=REPORT_DAY, since=week_start(REPORT_DAY)
        )
    latest = week.updates[lead_id]
    assert latest.status == UpdateStatus.IN_PROGRESS and latest.percent == 90
    assert plan.tasks["II.4"] in [line.task.id for line in week.overdue]
    assert plan.tasks["II.4"] not in [line.task.id for line in week.completed]


async def test_plan_without_periods(database: Database, plan: FixturePlan) -> None:
    """No reporting rule: agencies that never reported are the silent ones."""
    async with database.session() as session:
        tasks = [
            Task(
                plan_id=plan.other_plan_id,
                code=code,
                position=position,
                section_path="I",
                content=f"Nhiệm vụ {code}",
                timeframe_end=end,
            )
            for position, (code, end) in enumerate(
                [("1", date(2025, 12, 31)), ("2", None), ("3", date(2026, 6, 30))]
            )
        ]
        session.add_all(tasks)
        await session.flush()
        leads = [
            Assignment(
                task_id=tasks[0].id, agency_id=plan.agencies["sct"], role=AssignmentRole.LEAD
            ),
            Assignment(
                task_id=tasks[1].id, agency_id=plan.agencies["yt"], role=AssignmentRole.LEAD
            ),
            Assignment(
                task_id=tasks[2].id, agency_id=plan.agencies["khdt"], role=AssignmentRole.LEAD
            ),
        ]
        session.add_all(leads)
        await session.flush()
        for lead, status, when in (
            (leads[0], UpdateStatus.IN_PROGRESS, at(2026, 1, 5)),
            (leads[2], UpdateStatus.DONE, at(2026, 1, 18)),
        ):
            session.add(
                StatusUpdate(
                    assignment_id=lead.id,
                    status=status,
                    result="Báo cáo không theo kỳ",
                    obstacles="Thiếu người",
                    submitted_at=when,
                )
            )
    async with database.session() as session:
        plan_row = await get_plan(session, plan.other_plan_id)
        week = await load_week(
            session, plan_row, None, today=REPORT_DAY, since=week_start(REPORT_DAY)
        )
    assert week.totals is None
    assert [agency.id for agency in week.silent] == [plan.agencies["yt"]]  # never reported
    assert [line.code for line in week.overdue] == ["1"]  # due 31/12/2025, in progress
    assert [line.code for line in week.completed] == ["3"]  # done on 18/01, this week
    assert list(week.updates) == [leads[2].id]  # the 05/01 update is older than the week


async def test_two_merged_leads_of_one_task_are_one_lead(
    database: Database, plan: FixturePlan
) -> None:
    """I.3 names Sở KH&ĐT (merged into Sở Tài chính) and, here, Sở Tài chính itself: one lead,
    whose newest update decides, and one report for the period, on every day."""
    async with database.session() as session:
        lead = Assignment(
            task_id=plan.tasks["I.3"],
            agency_id=plan.agencies["tc"],
            role=AssignmentRole.LEAD,
            position=2,
        )
        session.add(lead)
        await session.flush()
        for status, when, percent in (
            (UpdateStatus.IN_PROGRESS, at(2026, 1, 14), 60),  # before the old one's "done"
            (UpdateStatus.BLOCKED, at(2026, 1, 19), 70),  # after it: the newest
        ):
            session.add(
                StatusUpdate(
                    assignment_id=lead.id,
                    period_id=plan.period_2025,
                    status=status,
                    percent=percent,
                    result="Báo cáo của cơ quan kế nhiệm",
                    obstacles="Chờ hướng dẫn",
                    submitted_at=when,
                )
            )
    async with database.session() as session:
        plan_row = await get_plan(session, plan.plan_id)
        period = await session.get(ReportingPeriod, plan.period_2025)
        snapshot = await load_snapshot(session, plan_row, period, today=REPORT_DAY)
        week = await load_week(
            session, plan_row, period, today=REPORT_DAY, since=week_start(REPORT_DAY)
        )
    figures = compute_figures(snapshot)
    i3 = next(task for task in snapshot.tasks if task.code == "I.3")
    [merged, _group] = i3.leads
    assert len(merged.assignment_ids) == 2 and merged.reported_on == date(2026, 1, 14)
    assert merged.latest is not None and merged.latest.status == UpdateStatus.BLOCKED
    assert figures.task_outcomes[i3.id] == Outcome.PENDING_OVERDUE  # the newest is not "done"
    finance = next(item for item in figures.agencies if item.agency.id == plan.agencies["tc"])
    assert (finance.expected, finance.received, finance.on_time) == (1, 1, 1)
    assert week.totals is not None and week.totals.expected == figures.expected == 6
    assert (week.totals.received, week.totals.on_time) == (figures.received, figures.on_time)
