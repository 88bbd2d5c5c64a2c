"""What a report needs from the database, read in a handful of set-based queries.

A `Snapshot` is the plan's tasks and lead assignments with, for each lead, `latest` — the newest
version of its update known as of the report (any period up to the chosen one), which gives the
task's status and the text shown — and `reported_on` — the day the lead's report for the chosen
period first arrived (None: not received), which is what the reporting rates count. The newest
version is picked in SQL per assignment, so earlier versions (edits) never count but stay in the
history. Texts are stored NFC-clean by the import and the
update services, so they are read as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, null, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Agency,
    AgencyKind,
    Assignment,
    AssignmentRole,
    Plan,
    ReportingPeriod,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.services.succession import resolve_chains
from bot.text import clean

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_midnight(day: date, tz: ZoneInfo = LOCAL_TZ) -> datetime:
    """The instant a local calendar day starts."""
    return datetime.combine(day, time.min, tzinfo=tz)


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    id: int
    name: str
    short_name: str | None
    is_group: bool

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(slots=True)  # not frozen: thousands are built per report, and frozen init is slow
class UpdateView:
    """The newest version of one assignment's update."""

    id: int
    assignment_id: int
    period_id: int | None
    status: UpdateStatus
    percent: int | None
    result: str
    obstacles: str
    proposals: str
    submitted_at: datetime
    version: int
    submitted_on: date

    @property
    def progress(self) -> int:
        """Percent done, read from the status when no percentage was given."""
        if self.percent is not None:
            return max(0, min(100, self.percent))
        return 100 if self.status == UpdateStatus.DONE else 0


@dataclass(slots=True)
class Lead:
    assignment_id: int
    task_id: int
    agency: AgencyInfo  # the effective agency (after 2025 mergers): who reports now
    written_name: str  # the name the plan used
    merged: bool = False  # the named agency was merged into `agency` (2025 reorganisation)
    latest: UpdateView | None = None
    reported_on: date | None = None  # first version of the report for the period (None: missing)


@dataclass(slots=True)
class TaskView:
    id: int
    code: str
    position: int
    section_title: str
    content: str
    timeframe_raw: str
    deadline: date | None  # the task's own deadline, else the period's due date
    leads: list[Lead] = field(default_factory=list)

    @property
    def reporting_leads(self) -> list[Lead]:
        """Leads that can report: generic groups cannot, unless the task names nothing else."""
        real = [lead for lead in self.leads if not lead.agency.is_group]
        return real or self.leads


@dataclass(slots=True)
class Snapshot:
    plan: Plan
    period: ReportingPeriod | None
    as_of: date  # the day statuses are judged on
    tasks: list[TaskView]
    reported_ever: set[int]  # effective agency ids with an update as of the report
    coordinating_agency: AgencyInfo | None = None


def plan_leads() -> Any:
    """Lead assignments of live tasks, as a join to filter updates by plan."""
    return and_(
        Assignment.role == AssignmentRole.LEAD,
        Task.withdrawn.is_(False),
        Task.kind == "task",  # general duties are not counted
    )


def report_day(period: ReportingPeriod | None, today: date) -> date:
    """The day statuses are judged on: `today`, or the due date of a period already past."""
    return today if period is None else min(today, max(period.due_date, period.end))


def latest_condition(
    plan_id: int, period: ReportingPeriod | None, as_of: date, tz: ZoneInfo = LOCAL_TZ
) -> ColumnElement[bool]:
    """Updates that count for a lead's status as of a report on `period` (None: to `as_of`):
    those of this period or an earlier one, and untagged ones sent by `as_of`."""
    sent_by = StatusUpdate.submitted_at < local_midnight(as_of + timedelta(days=1), tz)
    if period is None:
        return sent_by
    earlier = select(ReportingPeriod.id).where(
        ReportingPeriod.plan_id == plan_id, ReportingPeriod.due_date <= period.due_date
    )
    return or_(StatusUpdate.period_id.in_(earlier), and_(StatusUpdate.period_id.is_(None), sent_by))


async def _latest_updates(
    session: AsyncSession, plan_id: int, condition: ColumnElement[bool], tz: ZoneInfo
) -> dict[int, UpdateView]:
    """{assignment id: newest version among updates matching `condition`}, in one query.

    Per assignment, the newest submission time is aggregated, then joined back to its row: a
    GROUP BY is several times cheaper than a window over every version.
    """
    newest = (
        select(
            StatusUpdate.assignment_id.label("assignment_id"),
            func.max(StatusUpdate.submitted_at).label("last_at"),
        )
        .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, plan_leads(), condition)
        .group_by(StatusUpdate.assignment_id)
        .subquery()
    )
    connection = await session.connection()  # Core rows: no ORM loading step per row
    rows = await connection.execute(
        select(
            StatusUpdate.id,
            StatusUpdate.assignment_id,
            StatusUpdate.period_id,
            StatusUpdate.status,
            StatusUpdate.percent,
            StatusUpdate.result,
            StatusUpdate.obstacles,
            StatusUpdate.proposals,
            StatusUpdate.submitted_at,
            StatusUpdate.version,
        )
        .join(
            newest,
            and_(
                newest.c.assignment_id == StatusUpdate.assignment_id,
                newest.c.last_at == StatusUpdate.submitted_at,
            ),
        )
        .where(condition)
        .order_by(StatusUpdate.id)  # two versions at the same instant: the later id wins
    )
    found: dict[int, UpdateView] = {}
    for row in rows:
        submitted = row.submitted_at
        found[row.assignment_id] = UpdateView(
            id=row.id,
            assignment_id=row.assignment_id,
            period_id=row.period_id,
            status=UpdateStatus(row.status),
            percent=row.percent,
            result=row.result or "",
            obstacles=row.obstacles or "",
            proposals=row.proposals or "",
            submitted_at=submitted,
            version=row.version,
            submitted_on=submitted.astimezone(tz).date(),
        )
    return found


async def _first_reports(
    session: AsyncSession, plan_id: int, condition: ColumnElement[bool], tz: ZoneInfo
) -> dict[int, date]:
    """{assignment id: local day its first update matching `condition` arrived}: an aggregate,
    since timeliness is judged by when a report first arrived, whatever edits followed."""
    connection = await session.connection()
    rows = await connection.execute(
        select(StatusUpdate.assignment_id, func.min(StatusUpdate.submitted_at).label("first_at"))
        .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, plan_leads(), condition)
        .group_by(StatusUpdate.assignment_id)
    )
    return {row.assignment_id: row.first_at.astimezone(tz).date() for row in rows}


async def load_agencies(session: AsyncSession) -> tuple[dict[int, AgencyInfo], dict[int, int]]:
    rows = (
        await (await session.connection()).execute(
            select(Agency.id, Agency.name, Agency.short_name, Agency.kind, Agency.successor_id)
        )
    ).all()
    agencies = {
        row.id: AgencyInfo(row.id, clean(row.name), row.short_name, row.kind == AgencyKind.GROUP)
        for row in rows
    }
    effective = resolve_chains({row.id: row.successor_id for row in rows})
    return agencies, effective


async def load_snapshot(
    session: AsyncSession,
    plan: Plan,
    period: ReportingPeriod | None,
    *,
    today: date,
    tz: ZoneInfo = LOCAL_TZ,
    with_sections: bool = True,
) -> Snapshot:
    """Read the plan for a report on `period` (None: every update to date).

    Statuses are judged as of `today`, or of the period's due date for a period already past;
    the status of a lead is its newest update in this period or an earlier one. Chat summaries
    need no section titles (`with_sections=False` saves decoding one JSON list per task).
    """
    agencies, effective = await load_agencies(session)
    as_of = report_day(period, today)
    received_when: ColumnElement[bool] = (
        true() if period is None else StatusUpdate.period_id == period.id
    )
    latest_when = latest_condition(plan.id, period, as_of, tz)
    reported = await _first_reports(session, plan.id, received_when, tz)
    latest = await _latest_updates(session, plan.id, latest_when, tz)

    connection = await session.connection()  # Core rows: no ORM loading step per row
    titles_column = Task.section_titles if with_sections else null().label("section_titles")
    task_rows = await connection.execute(
        select(
            Task.id,
            Task.code,
            Task.position,
            titles_column,
            Task.content,
            Task.timeframe_raw,
            Task.timeframe_end,
        )
        .where(Task.plan_id == plan.id, Task.withdrawn.is_(False), Task.kind == "task")
        .order_by(Task.position, Task.id)
    )
    default_deadline = period.due_date if period is not None else None
    tasks: dict[int, TaskView] = {}
    for row in task_rows:
        titles = row.section_titles or []
        tasks[row.id] = TaskView(
            id=row.id,
            code=row.code,
            position=row.position,
            section_title=titles[0] if titles else "",
            content=row.content or "",
            timeframe_raw=row.timeframe_raw or "",
            deadline=row.timeframe_end or default_deadline,
        )

    lead_rows = await connection.execute(
        select(Assignment.id, Assignment.task_id, Assignment.agency_id, Assignment.name_as_written)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan.id, plan_leads())
        .order_by(Assignment.task_id, Assignment.position, Assignment.id)
    )
    for row in lead_rows:
        agency = agencies[effective.get(row.agency_id, row.agency_id)]
        tasks[row.task_id].leads.append(
            Lead(
                assignment_id=row.id,
                task_id=row.task_id,
                agency=agency,
                written_name=row.name_as_written or agencies[row.agency_id].name,
                merged=agency.id != row.agency_id,
                latest=latest.get(row.id),
                reported_on=reported.get(row.id),
            )
        )

    reported_ever = {
        lead.agency.id for task in tasks.values() for lead in task.leads if lead.latest is not None
    }
    coordinating = (
        agencies[effective.get(plan.coordinating_agency_id, plan.coordinating_agency_id)]
        if plan.coordinating_agency_id is not None
        else None
    )
    return Snapshot(
        plan=plan,
        period=period,
        as_of=as_of,
        tasks=list(tasks.values()),
        reported_ever=reported_ever,
        coordinating_agency=coordinating,
    )
