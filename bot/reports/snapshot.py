"""What a report needs from the database, read in a handful of set-based queries.

A `Snapshot` is the plan's tasks and their reporting leads. A `Lead` is one expected report: a
task and the agency that leads it *today* (`bot.services.obligations`' notion): two lead
assignments of one task whose agencies were merged into the same successor are one lead, and a
report on either of them is its report. For each lead, `latest` is the newest version of its
update known as of the report (any period up to the chosen one, sent by the day the report is
judged on), which gives the task's status and the text shown, and `reported_on` is the day its
report for the chosen period first arrived (None: not received), which is what the reporting
rates count. The newest version is picked in SQL per assignment, so earlier versions (edits) never
count but stay in the history. Texts are stored NFC-clean by the import and the update services,
so they are read as they are.

A report is judged as of a day (`as_of`): today, or an explicit cut-off the report states. A past
period is judged as of that day too, so an unfinished task past its deadline is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, null, or_, select, true
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

if TYPE_CHECKING:
    from bot.reports.selection import Selection

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
    """One expected report: a task and its effective lead agency (one or more assignments)."""

    assignment_id: int  # the first assignment the plan names (where new reports are filed)
    task_id: int
    agency: AgencyInfo  # the effective agency (after 2025 mergers): who reports now
    written_name: str  # the name(s) the plan used, "; " between two merged predecessors
    merged: bool = False  # a named agency was merged into `agency` (2025 reorganisation)
    latest: UpdateView | None = None
    reported_on: date | None = None  # first version of the report for the period (None: missing)
    assignment_ids: tuple[int, ...] = ()  # every lead assignment it covers, in the plan's order
    owed: bool = True  # the task has started by the period's end (else nothing is expected yet)

    def absorb(
        self,
        assignment_id: int,
        written: str,
        merged: bool,
        latest: UpdateView | None,
        reported_on: date | None,
    ) -> None:
        """Fold in another assignment of the same task and effective agency."""
        self.assignment_ids += (assignment_id,)
        if written not in self.written_name.split("; "):
            self.written_name += "; " + written
        self.merged = self.merged or merged
        if latest is not None and (
            self.latest is None
            or (latest.submitted_at, latest.id) > (self.latest.submitted_at, self.latest.id)
        ):
            self.latest = latest
        if reported_on is not None and (self.reported_on is None or reported_on < self.reported_on):
            self.reported_on = reported_on


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

    @property
    def expected_leads(self) -> list[Lead]:
        """The reports owed for the period: one per effective agency, none from generic groups."""
        return [lead for lead in self.leads if lead.owed and not lead.agency.is_group]


@dataclass(slots=True)
class Snapshot:
    plan: Plan
    period: ReportingPeriod | None
    as_of: date  # the day statuses are judged on
    tasks: list[TaskView]
    reported_ever: set[int]  # effective agency ids with an update as of the report
    coordinating_agency: AgencyInfo | None = None
    selection: Selection | None = None  # dates and agency beyond the period (reports/selection.py)


def plan_leads() -> Any:
    """Lead assignments of live tasks, as a join to filter updates by plan."""
    return and_(
        Assignment.role == AssignmentRole.LEAD,
        Task.withdrawn.is_(False),
        Task.kind == "task",  # general duties are not counted
    )


def sent_by(as_of: date, tz: ZoneInfo = LOCAL_TZ) -> ColumnElement[bool]:
    """Updates sent by the end of the local day `as_of` (the report's cut-off)."""
    return StatusUpdate.submitted_at < local_midnight(as_of + timedelta(days=1), tz)


def received_condition(
    period: ReportingPeriod | None, as_of: date, tz: ZoneInfo = LOCAL_TZ
) -> ColumnElement[bool]:
    """Updates that are a report for `period` (None: any update), sent by `as_of`."""
    if period is None:
        return sent_by(as_of, tz)
    return and_(StatusUpdate.period_id == period.id, sent_by(as_of, tz))


def latest_condition(
    plan_id: int, period: ReportingPeriod | None, as_of: date, tz: ZoneInfo = LOCAL_TZ
) -> ColumnElement[bool]:
    """Updates that count for a lead's status as of a report on `period` (None: to `as_of`):
    those sent by `as_of`, for this period, an earlier one or none."""
    if period is None:
        return sent_by(as_of, tz)
    earlier = select(ReportingPeriod.id).where(
        ReportingPeriod.plan_id == plan_id, ReportingPeriod.due_date <= period.due_date
    )
    return and_(
        sent_by(as_of, tz),
        or_(StatusUpdate.period_id.in_(earlier), StatusUpdate.period_id.is_(None)),
    )


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
    selection: Selection | None = None,
) -> Snapshot:
    """Read the plan for a report on `period` (None: every update to date), judged as of `today`
    (today, or the cut-off the report states): only updates sent by then count, and the status
    of a lead is its newest update in this period or an earlier one. Chat summaries need no
    section titles (`with_sections=False` saves decoding one JSON list per task). A `selection`
    keeps the updates submitted in its dates and the tasks its agency leads.
    """
    agencies, effective = await load_agencies(session)
    as_of = today
    received_when = received_condition(period, as_of, tz)
    latest_when = latest_condition(plan.id, period, as_of, tz)
    if selection is not None and (submitted := selection.submitted(tz)) is not None:
        received_when, latest_when = and_(received_when, submitted), and_(latest_when, submitted)
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
            Task.timeframe_start,
            Task.timeframe_end,
        )
        .where(Task.plan_id == plan.id, Task.withdrawn.is_(False), Task.kind == "task")
        .order_by(Task.position, Task.id)
    )
    default_deadline = period.due_date if period is not None else None
    tasks: dict[int, TaskView] = {}
    not_owed: set[int] = set()  # tasks that start after the period: no report expected yet
    for row in task_rows:
        if period is not None and (row.timeframe_start or period.end) > period.end:
            not_owed.add(row.id)
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
    by_obligation: dict[tuple[int, int], Lead] = {}  # (task, effective agency) → its lead
    for row in lead_rows:
        agency = agencies[effective.get(row.agency_id, row.agency_id)]
        written = row.name_as_written or agencies[row.agency_id].name
        key = (row.task_id, agency.id)
        if (known := by_obligation.get(key)) is not None:
            known.absorb(
                row.id,
                written,
                agency.id != row.agency_id,
                latest.get(row.id),
                reported.get(row.id),
            )
            continue
        lead = by_obligation[key] = Lead(
            assignment_id=row.id,
            task_id=row.task_id,
            agency=agency,
            written_name=written,
            merged=agency.id != row.agency_id,
            latest=latest.get(row.id),
            reported_on=reported.get(row.id),
            assignment_ids=(row.id,),
            owed=row.task_id not in not_owed,
        )
        tasks[row.task_id].leads.append(lead)

    reported_ever = {
        lead.agency.id for task in tasks.values() for lead in task.leads if lead.latest is not None
    }
    coordinating = (
        agencies[effective.get(plan.coordinating_agency_id, plan.coordinating_agency_id)]
        if plan.coordinating_agency_id is not None
        else None
    )
    snapshot = Snapshot(
        plan=plan,
        period=period,
        as_of=as_of,
        tasks=list(tasks.values()),
        reported_ever=reported_ever,
        coordinating_agency=coordinating,
    )
    return selection.narrow(snapshot) if selection is not None else snapshot


def effective_agency_column(effective: dict[int, int]) -> ColumnElement[int]:
    """`Assignment.agency_id` as the agency that reports now (after mergers), in SQL: a CASE over
    the merged agencies only (tens of them), so grouping by it costs what grouping by a column
    does. Select it into a subquery and group by that column: PostgreSQL cannot match a GROUP BY
    to a SELECT expression whose parameters are bound separately."""
    moved = {named: now for named, now in effective.items() if named != now}
    if not moved:
        return Assignment.agency_id.expression
    return case(moved, value=Assignment.agency_id, else_=Assignment.agency_id)


def owed_in(period: ReportingPeriod | None) -> ColumnElement[bool]:
    """Tasks that owe a report for `period`: those started by its end (all, without a period)."""
    if period is None:
        return true()
    return or_(Task.timeframe_start.is_(None), Task.timeframe_start <= period.end)
