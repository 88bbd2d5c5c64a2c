"""What the weekly summary says, read without loading the plan's whole history.

The summary needs this week's updates, the current period's reporting status per agency and the
overdue tasks. A full `Snapshot` (every lead's latest update with its texts) would read a year of
updates to say that; here the database does the work instead:

- the reports received for the period are counted per agency in SQL;
- each lead's latest update is found by one index seek, and only those that say "done" or were
  sent this week come back (the texts only of this week's);
- task texts are read only for the tasks shown: overdue or newly completed.

The rules are the ones of `figures` and `snapshot`; `tests/reports/test_week.py` checks that both
say the same.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Subquery, case, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Assignment, Plan, ReportingPeriod, StatusUpdate, Task, UpdateStatus
from bot.reports.figures import AgencyFigures, rate
from bot.reports.snapshot import (
    LOCAL_TZ,
    AgencyInfo,
    latest_condition,
    load_agencies,
    local_midnight,
    plan_leads,
    report_day,
)


@dataclass(slots=True)  # not frozen: thousands are built per summary, and frozen init is slow
class WeekLead:
    assignment_id: int
    task_id: int
    task_code: str
    agency: AgencyInfo  # the effective agency (after 2025 mergers)


@dataclass(slots=True)
class WeekUpdate:
    """What the summary quotes from a lead's latest update sent this week."""

    obstacles: str
    proposals: str


@dataclass(slots=True)
class WeekTask:
    id: int
    code: str
    position: int
    content: str
    deadline: date | None  # the task's own deadline, else the period's due date
    agencies: str  # the labels of its reporting leads


@dataclass(frozen=True, slots=True)
class PeriodTotals:
    """Reports expected, received and received by the due date for the period (all agencies)."""

    expected: int
    received: int
    on_time: int

    @property
    def reporting_rate(self) -> float | None:
        return rate(self.received, self.expected)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.expected)


@dataclass(slots=True)
class Week:
    as_of: date
    totals: PeriodTotals | None  # None: the plan has no reporting period
    leads: list[WeekLead]  # in report order: by task, then lead
    updates: dict[int, WeekUpdate]  # assignment id → its latest update, when sent this week
    completed: list[WeekTask]
    overdue: list[WeekTask]  # by deadline, then position
    silent: list[AgencyInfo]  # by name
    effective_agency: dict[int, AgencyInfo]  # named agency id → who reports now


def _reporting(leads: list[WeekLead]) -> list[WeekLead]:
    """Leads that can report: generic groups cannot, unless the task names nothing else."""
    real = [lead for lead in leads if not lead.agency.is_group]
    return real or leads


async def _leads(
    session: AsyncSession, plan_id: int, agencies: dict[int, AgencyInfo], effective: dict[int, int]
) -> list[WeekLead]:
    rows = await (await session.connection()).execute(
        select(Assignment.id, Assignment.task_id, Assignment.agency_id, Task.code)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, plan_leads())
        .order_by(Task.position, Task.id, Assignment.position, Assignment.id)
    )
    return [
        WeekLead(
            row.id, row.task_id, row.code, agencies[effective.get(row.agency_id, row.agency_id)]
        )
        for row in rows
    ]


async def _received_by_agency(
    session: AsyncSession, plan_id: int, condition: ColumnElement[bool], due: date | None = None
) -> dict[int, tuple[int, int]]:
    """{named agency id: (leads with a report matching `condition`, of which the first arrived by
    `due`; 0 without a due date)}.

    Timeliness is judged by when a lead's report first arrived, whatever edits followed.
    """
    first = (
        select(
            StatusUpdate.assignment_id.label("assignment_id"),
            func.min(StatusUpdate.submitted_at).label("first_at"),
        )
        .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, plan_leads(), condition)
        .group_by(StatusUpdate.assignment_id)
        .subquery()
    )
    in_time = (
        first.c.first_at < local_midnight(due + timedelta(days=1), LOCAL_TZ)
        if due is not None
        else false()
    )
    rows = await (await session.connection()).execute(
        select(
            Assignment.agency_id,
            func.count(),
            func.sum(case((in_time, 1), else_=0)),
        )
        .join(first, first.c.assignment_id == Assignment.id)
        .group_by(Assignment.agency_id)
    )
    return {agency_id: (received, on_time or 0) for agency_id, received, on_time in rows}


async def _agencies_reported(
    session: AsyncSession, plan_id: int, condition: ColumnElement[bool]
) -> set[int]:
    """Named agency ids with at least one update matching `condition`."""
    rows = await (await session.connection()).execute(
        select(Assignment.agency_id)
        .distinct()
        .join(StatusUpdate, StatusUpdate.assignment_id == Assignment.id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, plan_leads(), condition)
    )
    return set(rows.scalars())


def _latest_per_lead(plan_id: int, condition: ColumnElement[bool]) -> Subquery:
    """(agency_id, update_id) per lead of the plan: the id of its newest update matching
    `condition` (the last submitted; of two at the same instant, the later id), or NULL.

    One index seek per lead (status_update by assignment and submission time).
    """
    newest = (
        select(StatusUpdate.id)
        .where(StatusUpdate.assignment_id == Assignment.id, condition)
        .order_by(StatusUpdate.submitted_at.desc(), StatusUpdate.id.desc())
        .limit(1)
        .correlate(Assignment)
        .scalar_subquery()
    )
    return (
        select(Assignment.agency_id.label("agency_id"), newest.label("update_id"))
        .select_from(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, plan_leads())
        .subquery()
    )


async def _latest_of_leads(
    session: AsyncSession, plan_id: int, condition: ColumnElement[bool], since: date
) -> tuple[set[int], dict[int, WeekUpdate]]:
    """(assignments whose latest update says "done", {assignment: its latest update} for the
    latest updates sent since `since`), where the latest is the newest update matching
    `condition`. Only the rows that are done or of this week come back.
    """
    latest = _latest_per_lead(plan_id, condition)
    week_began = local_midnight(since)
    rows = await (await session.connection()).execute(
        select(
            StatusUpdate.assignment_id,
            StatusUpdate.status,
            StatusUpdate.obstacles,
            StatusUpdate.proposals,
            StatusUpdate.submitted_at,
        )
        .join(latest, latest.c.update_id == StatusUpdate.id)
        .where(
            or_(
                StatusUpdate.status == UpdateStatus.DONE,
                StatusUpdate.submitted_at >= week_began,
            )
        )
    )
    done: set[int] = set()
    this_week: dict[int, WeekUpdate] = {}
    for row in rows:
        if row.status == UpdateStatus.DONE:
            done.add(row.assignment_id)
        if row.submitted_at >= week_began:
            this_week[row.assignment_id] = WeekUpdate(row.obstacles or "", row.proposals or "")
    return done, this_week


async def _done_before(session: AsyncSession, assignment_ids: list[int], since: date) -> set[int]:
    """Which of these assignments had already reported "done" before the week began."""
    if not assignment_ids:
        return set()
    rows = await session.execute(
        select(StatusUpdate.assignment_id)
        .distinct()
        .where(
            StatusUpdate.assignment_id.in_(assignment_ids),
            StatusUpdate.status == UpdateStatus.DONE,
            StatusUpdate.submitted_at < local_midnight(since),
        )
    )
    return set(rows.scalars())


async def _task_lines(
    session: AsyncSession,
    plan_id: int,
    period: ReportingPeriod | None,
    as_of: date,
    also: list[int],
    reporting: dict[int, list[WeekLead]],
) -> dict[int, WeekTask]:
    """Live tasks whose deadline passed before `as_of`, and the tasks `also` named."""
    default_deadline = period.due_date if period is not None else None
    deadline = (
        Task.timeframe_end
        if default_deadline is None
        else func.coalesce(Task.timeframe_end, default_deadline)
    )
    rows = await (await session.connection()).execute(
        select(Task.id, Task.code, Task.position, Task.content, Task.timeframe_end)
        .where(
            Task.plan_id == plan_id,
            Task.withdrawn.is_(False),
            Task.kind == "task",  # general duties are not counted
            or_(deadline < as_of, Task.id.in_(also)),
        )
        .order_by(Task.position, Task.id)
    )
    return {
        row.id: WeekTask(
            id=row.id,
            code=row.code,
            position=row.position,
            content=row.content or "",
            deadline=row.timeframe_end or default_deadline,
            agencies=", ".join(lead.agency.label for lead in reporting.get(row.id, ())),
        )
        for row in rows
    }


def _expected_by_agency(leads: list[WeekLead]) -> dict[int, AgencyInfo]:
    """Agencies expected to report (generic groups cannot), by id."""
    return {lead.agency.id: lead.agency for lead in leads if not lead.agency.is_group}


async def _reporting_status(
    session: AsyncSession,
    plan_id: int,
    period: ReportingPeriod | None,
    leads: list[WeekLead],
    agencies: dict[int, AgencyInfo],
    effective: dict[int, int],
    latest_when: ColumnElement[bool],
) -> tuple[PeriodTotals | None, set[int]]:
    """(the period's totals, ids of the agencies silent this period); with no period to report
    for, no totals, and the silent agencies are those that never reported."""
    expected = {lead.agency.id for lead in leads if not lead.agency.is_group}
    if period is None:
        reported = await _agencies_reported(session, plan_id, latest_when)
        return None, expected - {effective.get(named_id, named_id) for named_id in reported}
    received: Counter[int] = Counter()
    on_time = 0
    for named_id, (count, in_time) in (
        await _received_by_agency(
            session, plan_id, StatusUpdate.period_id == period.id, period.due_date
        )
    ).items():
        agency = agencies[effective.get(named_id, named_id)]
        if not agency.is_group:
            received[agency.id] += count
            on_time += in_time
    expected_reports = sum(1 for lead in leads if not lead.agency.is_group)
    totals = PeriodTotals(expected_reports, sum(received.values()), on_time)
    return totals, {agency_id for agency_id in expected if received[agency_id] == 0}


async def load_week(
    session: AsyncSession, plan: Plan, period: ReportingPeriod | None, *, today: date, since: date
) -> Week:
    """Read what the weekly summary of `plan` for the week from `since` to `today` shows."""
    agencies, effective = await load_agencies(session)
    as_of = report_day(period, today)
    latest_when = latest_condition(plan.id, period, as_of)
    leads = await _leads(session, plan.id, agencies, effective)
    expected = _expected_by_agency(leads)

    totals, silent_ids = await _reporting_status(
        session, plan.id, period, leads, agencies, effective, latest_when
    )
    done, updates = await _latest_of_leads(session, plan.id, latest_when, since)

    by_task: dict[int, list[WeekLead]] = {}
    for lead in leads:
        by_task.setdefault(lead.task_id, []).append(lead)
    reporting = {task_id: _reporting(task_leads) for task_id, task_leads in by_task.items()}
    done_tasks = {
        task_id
        for task_id, task_leads in reporting.items()
        if all(lead.assignment_id in done for lead in task_leads)
    }
    # done now and its last "done" arrived this week: unless every lead had said so before
    candidates = [
        task_id
        for task_id in done_tasks
        if any(lead.assignment_id in updates for lead in reporting[task_id])
    ]
    done_before = await _done_before(
        session,
        [lead.assignment_id for task_id in candidates for lead in reporting[task_id]],
        since,
    )
    completed_ids = {
        task_id
        for task_id in candidates
        if not all(lead.assignment_id in done_before for lead in reporting[task_id])
    }
    tasks = await _task_lines(session, plan.id, period, as_of, sorted(completed_ids), reporting)
    overdue = sorted(
        (
            task
            for task in tasks.values()
            if task.id not in done_tasks and task.deadline is not None and task.deadline < as_of
        ),
        key=lambda task: (task.deadline or as_of, task.position),
    )
    return Week(
        as_of=as_of,
        totals=totals,
        leads=leads,
        updates=updates,
        completed=[task for task in tasks.values() if task.id in completed_ids],
        overdue=overdue,
        silent=sorted(
            (agency for agency_id, agency in expected.items() if agency_id in silent_ids),
            key=lambda agency: agency.name,
        ),
        effective_agency={
            named_id: agencies[effective.get(named_id, named_id)] for named_id in agencies
        },
    )


def _progress() -> ColumnElement[int]:
    """A lead's progress from its update: the percentage within 0–100, else 100 when done."""
    when_unset = case((StatusUpdate.status == UpdateStatus.DONE, 100), else_=0)
    return case(
        (StatusUpdate.percent.is_(None), when_unset),
        (StatusUpdate.percent < 0, 0),
        (StatusUpdate.percent > 100, 100),
        else_=StatusUpdate.percent,
    )


async def chart_figures(
    session: AsyncSession, plan: Plan, period: ReportingPeriod | None, week: Week
) -> list[AgencyFigures]:
    """Per agency, by name, what the chart draws: reports expected and received for the period
    (any report when there is none) and the leads' progress, summed in SQL."""
    received_when = true() if period is None else StatusUpdate.period_id == period.id
    received = await _received_by_agency(session, plan.id, received_when)
    latest = _latest_per_lead(plan.id, latest_condition(plan.id, period, week.as_of))
    progress = await (await session.connection()).execute(
        select(latest.c.agency_id, func.sum(_progress()))
        .join(latest, latest.c.update_id == StatusUpdate.id)
        .group_by(latest.c.agency_id)
    )
    per_agency: dict[int, AgencyFigures] = {}
    for lead in week.leads:
        if not lead.agency.is_group:
            per_agency.setdefault(lead.agency.id, AgencyFigures(lead.agency)).expected += 1
    for named_id, (count, _) in received.items():
        if (figures := per_agency.get(week.effective_agency[named_id].id)) is not None:
            figures.received += count
    for named_id, total in progress:
        if (figures := per_agency.get(week.effective_agency[named_id].id)) is not None:
            figures.progress_total += int(total or 0)
    return sorted(per_agency.values(), key=lambda item: item.agency.name)
