"""What the weekly summary says, read without loading the plan's whole history.

The summary needs this week's updates, the current period's reporting status per agency and the
overdue tasks. A full `Snapshot` (every lead's latest update with its texts) would read a year of
updates to say that; here the database does the work instead:

- the reports received for the period are counted per (task, effective agency) and then per
  agency in SQL, so two merged predecessors leading one task owe and send one report;
- each assignment's latest update is found by one index seek, and only those that say "done" or
  were sent this week come back (the texts only of this week's), plus every latest update of the
  few leads that cover two assignments, whose newest decides;
- task texts are read only for the tasks shown: overdue or newly completed.

The rules are the ones of `figures` and `snapshot`; `tests/reports/test_week.py` checks that both
say the same.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, case, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Assignment, Plan, ReportingPeriod, StatusUpdate, Task, UpdateStatus
from bot.reports.figures import AgencyFigures, ReportRates, last_day, past
from bot.reports.snapshot import (
    LOCAL_TZ,
    AgencyInfo,
    effective_agency_column,
    latest_condition,
    load_agencies,
    local_midnight,
    newest_per_assignment,
    owed_in,
    plan_leads,
    progress_of,
    received_condition,
)


@dataclass(slots=True)  # not frozen: thousands are built per summary, and frozen init is slow
class WeekLead:
    """One expected report: a task and its effective lead agency (see `snapshot.Lead`)."""

    assignment_id: int  # the first of `assignment_ids`
    task_id: int
    task_code: str
    agency: AgencyInfo  # the effective agency (after 2025 mergers)
    assignment_ids: tuple[int, ...]
    starts: date | None  # the task's own start: owes nothing for periods ending before it


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
class PeriodTotals(ReportRates):
    """Reports expected, received and received by the due date for the period (all agencies)."""

    expected: int
    received: int
    on_time: int


@dataclass(slots=True)
class LatestRow:
    """An assignment's latest update, as much of it as the summary uses."""

    id: int
    status: UpdateStatus
    percent: int | None
    obstacles: str
    proposals: str
    submitted_at: datetime

    @property
    def progress(self) -> int:
        return progress_of(self.status, self.percent)


@dataclass(slots=True)
class Week:
    as_of: date
    since: date  # the first day of the week
    totals: PeriodTotals | None  # None: the plan has no reporting period
    leads: list[WeekLead]  # in report order: by task, then lead
    updates: dict[int, WeekUpdate]  # lead (first assignment id) → its latest, when of this week
    completed: list[WeekTask]
    overdue: list[WeekTask]  # by deadline, then position
    silent: list[AgencyInfo]  # by name
    effective_agency: dict[int, AgencyInfo]  # named agency id → who reports now
    shared_latest: dict[int, LatestRow]  # lead covering 2+ assignments → its newest update

    @property
    def shared_assignments(self) -> set[int]:
        """Assignments of leads that cover two or more (merged predecessors of one task)."""
        return {
            assignment_id
            for lead in self.leads
            if len(lead.assignment_ids) > 1
            for assignment_id in lead.assignment_ids
        }


def owes(lead: WeekLead, period: ReportingPeriod | None) -> bool:
    """Whether the lead owes a report for `period`: it can report and its task has started."""
    if lead.agency.is_group:
        return False
    return period is None or lead.starts is None or lead.starts <= period.end


def _reporting(leads: list[WeekLead]) -> list[WeekLead]:
    """Leads that can report: generic groups cannot, unless the task names nothing else."""
    real = [lead for lead in leads if not lead.agency.is_group]
    return real or leads


async def load_leads(
    session: AsyncSession, plan_id: int, agencies: dict[int, AgencyInfo], effective: dict[int, int]
) -> list[WeekLead]:
    """The plan's leads, one per task and effective agency, in one pass over its assignments."""
    rows = await (await session.connection()).execute(
        select(
            Assignment.id, Assignment.task_id, Assignment.agency_id, Task.code, Task.timeframe_start
        )
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, plan_leads())
        .order_by(Task.position, Task.id, Assignment.position, Assignment.id)
    )
    leads: list[WeekLead] = []
    of_task: dict[int, WeekLead] = {}  # the current task's leads by agency (rows come by task)
    current = None
    for assignment_id, task_id, agency_id, code, starts in rows.tuples():
        agency = agencies[effective.get(agency_id, agency_id)]
        if task_id != current:
            current, of_task = task_id, {}
        elif (known := of_task.get(agency.id)) is not None:
            known.assignment_ids += (assignment_id,)
            continue
        lead = of_task[agency.id] = WeekLead(
            assignment_id, task_id, code, agency, (assignment_id,), starts
        )
        leads.append(lead)
    return leads


async def _received_by_agency(
    session: AsyncSession,
    plan_id: int,
    period: ReportingPeriod | None,
    condition: ColumnElement[bool],
    effective: dict[int, int],
) -> dict[int, tuple[int, int]]:
    """{effective agency id: (leads with a report matching `condition`, of which the first
    arrived by the period's deadline — after a day off, the next working day —; 0 without a
    period)}, over the leads that owe the period a report.

    A lead is a task and an effective agency, so the reports are grouped by both in SQL first.
    Timeliness is judged by when a lead's report first arrived, whatever edits followed.
    """
    sent = (
        select(
            Assignment.task_id.label("task_id"),
            effective_agency_column(effective).label("owner_id"),
            StatusUpdate.submitted_at.label("submitted_at"),
        )
        .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, plan_leads(), owed_in(period), condition)
        .subquery()
    )
    first = (
        select(sent.c.owner_id, func.min(sent.c.submitted_at).label("first_at"))
        .group_by(sent.c.task_id, sent.c.owner_id)
        .subquery()
    )
    in_time = (
        first.c.first_at < local_midnight(last_day(period.due_date) + timedelta(days=1), LOCAL_TZ)
        if period is not None
        else false()
    )
    rows = await (await session.connection()).execute(
        select(first.c.owner_id, func.count(), func.sum(case((in_time, 1), else_=0))).group_by(
            first.c.owner_id
        )
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


async def _latest_rows(
    session: AsyncSession,
    plan_id: int,
    condition: ColumnElement[bool],
    since: date,
    shared: set[int],
) -> tuple[set[int], dict[int, WeekUpdate], dict[int, LatestRow]]:
    """(assignments whose latest update says "done", {assignment: its latest update} for those
    sent since `since`, {assignment: its latest update} for the `shared` assignments, whose
    newest among them decides a lead), where the latest is the newest update matching
    `condition`. Only the rows that are done, of this week or shared come back; the first two
    maps leave the shared assignments out."""
    latest = newest_per_assignment(plan_id, condition)
    week_began = local_midnight(since)
    wanted = [StatusUpdate.status == UpdateStatus.DONE, StatusUpdate.submitted_at >= week_began]
    if shared:
        wanted.append(StatusUpdate.assignment_id.in_(shared))
    rows = await (await session.connection()).execute(
        select(
            StatusUpdate.id,
            StatusUpdate.assignment_id,
            StatusUpdate.status,
            StatusUpdate.percent,
            StatusUpdate.obstacles,
            StatusUpdate.proposals,
            StatusUpdate.submitted_at,
        )
        .join(latest, latest.c.update_id == StatusUpdate.id)
        .where(or_(*wanted))
    )
    done: set[int] = set()
    this_week: dict[int, WeekUpdate] = {}
    shared_rows: dict[int, LatestRow] = {}
    for update_id, assignment_id, status, percent, obstacles, proposals, sent in rows.tuples():
        if assignment_id in shared:
            shared_rows[assignment_id] = LatestRow(
                update_id, UpdateStatus(status), percent, obstacles or "", proposals or "", sent
            )
            continue
        if status == UpdateStatus.DONE:
            done.add(assignment_id)
        if sent >= week_began:
            this_week[assignment_id] = WeekUpdate(obstacles or "", proposals or "")
    return done, this_week, shared_rows


def lead_latest(lead: WeekLead, rows: dict[int, LatestRow]) -> LatestRow | None:
    """The newest of the lead's assignments' latest updates among `rows`."""
    found = [rows[item] for item in lead.assignment_ids if item in rows]
    return max(found, key=lambda row: (row.submitted_at, row.id)) if found else None


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
    """Live tasks whose deadline is before `as_of` (a superset of the overdue ones, whose
    deadline may run past a day off), and the tasks `also` named."""
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


async def _reporting_status(
    session: AsyncSession,
    plan_id: int,
    period: ReportingPeriod | None,
    leads: list[WeekLead],
    effective: dict[int, int],
    as_of: date,
    latest_when: ColumnElement[bool],
) -> tuple[PeriodTotals | None, set[int]]:
    """(the period's totals, ids of the agencies silent this period); with no period to report
    for, no totals, and the silent agencies are those that never reported."""
    if period is None:
        expected = {lead.agency.id for lead in leads if owes(lead, None)}
        reported = await _agencies_reported(session, plan_id, latest_when)
        return None, expected - {effective.get(named_id, named_id) for named_id in reported}
    owing = [lead for lead in leads if owes(lead, period)]
    expected = {lead.agency.id for lead in owing}
    received: Counter[int] = Counter()
    on_time = 0
    counted = await _received_by_agency(
        session, plan_id, period, received_condition(period, as_of), effective
    )
    for agency_id, (count, in_time) in counted.items():
        if agency_id in expected:
            received[agency_id] += count
            on_time += in_time
    totals = PeriodTotals(len(owing), sum(received.values()), on_time)
    return totals, {agency_id for agency_id in expected if received[agency_id] == 0}


async def load_week(
    session: AsyncSession, plan: Plan, period: ReportingPeriod | None, *, today: date, since: date
) -> Week:
    """Read what the weekly summary of `plan` for the week from `since` to `today` shows, with
    the reporting status of `period` (the current one)."""
    agencies, effective = await load_agencies(session)
    as_of = today
    latest_when = latest_condition(plan.id, period, as_of)
    leads = await load_leads(session, plan.id, agencies, effective)

    totals, silent_ids = await _reporting_status(
        session, plan.id, period, leads, effective, as_of, latest_when
    )
    # A lead is known by its first assignment; one with a single assignment is that assignment,
    # so only the few leads that cover two or more need their updates compared.
    shared_leads = [lead for lead in leads if len(lead.assignment_ids) > 1]
    shared = {item for lead in shared_leads for item in lead.assignment_ids}
    done, updates, shared_rows = await _latest_rows(session, plan.id, latest_when, since, shared)
    week_began = local_midnight(since)
    shared_latest: dict[int, LatestRow] = {}
    for lead in shared_leads:
        latest = lead_latest(lead, shared_rows)
        if latest is None:
            continue
        shared_latest[lead.assignment_id] = latest
        if latest.status == UpdateStatus.DONE:
            done.add(lead.assignment_id)
        if latest.submitted_at >= week_began:
            updates[lead.assignment_id] = WeekUpdate(latest.obstacles, latest.proposals)

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
        [
            item
            for task_id in candidates
            for lead in reporting[task_id]
            for item in lead.assignment_ids
        ],
        since,
    )
    completed_ids = {
        task_id
        for task_id in candidates
        if not all(
            any(item in done_before for item in lead.assignment_ids) for lead in reporting[task_id]
        )
    }
    tasks = await _task_lines(session, plan.id, period, as_of, sorted(completed_ids), reporting)
    overdue = sorted(
        (
            task
            for task in tasks.values()
            if task.id not in done_tasks and past(task.deadline, as_of)
        ),
        key=lambda task: (task.deadline or as_of, task.position),
    )
    expected = {lead.agency.id: lead.agency for lead in leads if owes(lead, period)}
    return Week(
        as_of=as_of,
        since=since,
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
        shared_latest=shared_latest,
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
    (any report when there is none) and the leads' progress, summed in SQL (a lead covering two
    assignments adds its newest update's, already read by `load_week`)."""
    effective = {named: agency.id for named, agency in week.effective_agency.items()}
    received = await _received_by_agency(
        session, plan.id, period, received_condition(period, week.as_of), effective
    )
    shared = week.shared_assignments
    alone = Assignment.id.not_in(shared) if shared else None
    owed = owed_in(period)
    latest = newest_per_assignment(
        plan.id,
        latest_condition(plan.id, period, week.as_of),
        owed if alone is None else owed & alone,
    )
    progress = await (await session.connection()).execute(
        select(latest.c.agency_id, func.sum(_progress()))
        .join(latest, latest.c.update_id == StatusUpdate.id)
        .group_by(latest.c.agency_id)
    )
    per_agency: dict[int, AgencyFigures] = {}
    for lead in week.leads:
        if owes(lead, period):
            entry = per_agency.setdefault(lead.agency.id, AgencyFigures(lead.agency))
            entry.expected += 1
            if (newest := week.shared_latest.get(lead.assignment_id)) is not None:
                entry.progress_total += newest.progress
    for agency_id, (count, _) in received.items():
        if (figures := per_agency.get(agency_id)) is not None:
            figures.received += count
    for named_id, total in progress:
        if (figures := per_agency.get(week.effective_agency[named_id].id)) is not None:
            figures.progress_total += int(total or 0)
    return sorted(per_agency.values(), key=lambda item: item.agency.name)
