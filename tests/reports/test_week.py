"""The weekly summary's own queries (`bot.reports.week`) against the full snapshot and figures.

The summary reads only what it shows; these tests check it says what the whole history says.
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
from bot.reports.figures import AgencyFigures, Outcome, compute_figures, task_done_on
from bot.reports.periods import get_plan
from bot.reports.snapshot import load_snapshot
from bot.reports.week import chart_figures, load_week
from bot.reports.weekly import week_start
from tests.reports.conftest import REPORT_DAY, FixturePlan, at

DAYS = [
    date(2025, 3, 1),
    date(2025, 6, 25),
    date(2025, 12, 1),
    date(2026, 1, 16),
    REPORT_DAY,
    date(2026, 3, 1),
]


async def _assert_week_matches_snapshot(database: Database, plan_id: int, today: date) -> None:
    since = week_start(today)
    async with database.session() as session:
        plan = await get_plan(session, plan_id)
        period = await open_period(session, plan_id, today)  # the weekly summary's period
        week = await load_week(session, plan, period, today=today, since=since)
        charted = await chart_figures(session, plan, period, week)
        snapshot = await load_snapshot(session, plan, period, today=today)
        done_before_week = set(
            (
                await session.execute(
                    select(StatusUpdate.assignment_id).where(
                        StatusUpdate.status == UpdateStatus.DONE,
                        StatusUpdate.submitted_at < at(since.year, since.month, since.day, 0),
                    )
                )
            ).scalars()
        )
    figures = compute_figures(snapshot)
    where = f"as of {today}"
    assert week.as_of == snapshot.as_of, where
    if period is None:
        assert week.totals is None, where
    else:
        assert week.totals is not None, where
        totals = (week.totals.expected, week.totals.received, week.totals.on_time)
        assert totals == (figures.expected, figures.received, figures.on_time), where
    silent = figures.silent if period is not None else figures.never_reported
    assert [agency.id for agency in week.silent] == [agency.id for agency in silent], where

    overdue = sorted(
        (
            task
            for task in snapshot.tasks
            if figures.task_outcomes[task.id] == Outcome.PENDING_OVERDUE
        ),
        key=lambda task: (task.deadline or snapshot.as_of, task.position),
    )
    assert [task.id for task in week.overdue] == [task.id for task in overdue], where
    assert [task.deadline for task in week.overdue] == [task.deadline for task in overdue], where

    leads = [lead for task in snapshot.tasks for lead in task.leads]
    assert [(lead.assignment_id, lead.assignment_ids) for lead in week.leads] == [
        (lead.assignment_id, lead.assignment_ids) for lead in leads
    ]
    this_week = {
        lead.assignment_id: (lead.latest.obstacles, lead.latest.proposals)
        for lead in leads
        if lead.latest is not None and lead.latest.submitted_on >= since
    }
    got = {key: (update.obstacles, update.proposals) for key, update in week.updates.items()}
    assert got == this_week, where

    completed = [
        task.id
        for task in snapshot.tasks
        if (done_on := task_done_on(task)) is not None
        and done_on >= since
        and not all(
            any(item in done_before_week for item in lead.assignment_ids)
            for lead in task.reporting_leads
        )
    ]
    assert [task.id for task in week.completed] == completed, where

    def drawn(agencies: list[AgencyFigures]) -> list[tuple[int, int, int, int]]:
        return [
            (item.agency.id, item.expected, item.received, item.progress_total) for item in agencies
        ]

    assert drawn(charted) == drawn(figures.agencies), where


async def test_week_matches_the_full_snapshot(database: Database, plan: FixturePlan) -> None:
    for today in DAYS:
        await _assert_week_matches_snapshot(database, plan.plan_id, today)


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
    await _assert_week_matches_snapshot(database, plan.plan_id, REPORT_DAY)
    async with database.session() as session:
        plan_row = await get_plan(session, plan.plan_id)
        period = await open_period(session, plan.plan_id, REPORT_DAY)
        week = await load_week(
            session, plan_row, period, today=REPORT_DAY, since=week_start(REPORT_DAY)
        )
    assert plan.tasks["II.4"] in [task.id for task in week.overdue]


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
    for today in DAYS:
        await _assert_week_matches_snapshot(database, plan.other_plan_id, today)


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
    for today in DAYS:
        await _assert_week_matches_snapshot(database, plan.plan_id, today)
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
