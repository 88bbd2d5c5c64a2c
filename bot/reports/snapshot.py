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

from sqlalchemy import ColumnElement, Subquery, and_, case, func, null, or_, select
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


def summary_label(name: str, short_name: str | None) -> str:
    """The name a summary shows: the registry's short name when it names the agency on its own
    ("BQL các KKT và KCN", "Kho bạc", "Ủy ban MTTQ tỉnh"), else the official name. A short name
    without the body's kind ("Công Thương" for "Sở Công Thương") is how a list after "các Sở:"
    reads, not a name: it keeps its first word, or is an abbreviation in capitals."""
    if not short_name or not name:
        return short_name or name
    first = short_name.split()[0]
    return short_name if first == name.split()[0] or first.isupper() else name


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    id: int
    name: str
    short_name: str | None
    is_group: bool
    label: str = ""  # what summaries and charts show (`summary_label`)

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", summary_label(self.name, self.short_name))


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
        return progress_of(self.status, self.percent)


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
    starts: date | None = None  # the task's own start: owes nothing for periods ending before it

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


def progress_of(status: UpdateStatus, percent: int | None) -> int:
    """Percent done, read from the status when no percentage was given."""
    if percent is not None:
        return max(0, min(100, percent))
    return 100 if status == UpdateStatus.DONE else 0


def _newest_update(condition: ColumnElement[bool]) -> Any:
    """The id of the lead assignment's newest update matching `condition` (the last submitted; of
    two at the same instant, the later id), or NULL: one index seek on status_update by
    assignment and submission time, stopping at the first version that matches."""
    return (
        select(StatusUpdate.id)
        .where(StatusUpdate.assignment_id == Assignment.id, condition)
        .order_by(StatusUpdate.submitted_at.desc(), StatusUpdate.id.desc())
        .limit(1)
        .correlate(Assignment)
        .scalar_subquery()
    )


def _first_reports(plan_id: int, condition: ColumnElement[bool]) -> Subquery:
    """(assignment_id, first_at): when each lead assignment's first update matching `condition`
    arrived; timeliness is judged by when a report first arrived, whatever edits followed. An
    aggregate over the period's updates (a correlated MIN per assignment would walk every version
    of the year through the submission-time index)."""
    return (
        select(StatusUpdate.assignment_id, func.min(StatusUpdate.submitted_at).label("first_at"))
        .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, plan_leads(), condition)
        .group_by(StatusUpdate.assignment_id)
        .subquery()
    )


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
    registry: tuple[dict[int, AgencyInfo], dict[int, int]] | None = None,
) -> Snapshot:
    """Read the plan for a report on `period` (None: every update to date), judged as of `today`
    (today, or the cut-off the report states): only updates sent by then count, and the status
    of a lead is its newest update in this period or an earlier one. Chat summaries need no
    section titles (`with_sections=False` saves decoding one JSON list per task). A `selection`
    keeps the updates submitted in its dates and the tasks its agency leads. `registry` is
    `load_agencies`' answer, when the caller has read it already.

    One statement: per live task, each lead assignment with its newest update (found by an index
    seek per assignment, joined by id) and the time its first report for the period arrived.
    """
    agencies, effective = registry if registry is not None else await load_agencies(session)
    as_of = today
    received_when = received_condition(period, as_of, tz)
    latest_when = latest_condition(plan.id, period, as_of, tz)
    if selection is not None and (submitted := selection.submitted(tz)) is not None:
        received_when, latest_when = and_(received_when, submitted), and_(latest_when, submitted)
    leads = (
        select(
            Assignment.id,
            Assignment.task_id,
            Assignment.agency_id,
            Assignment.name_as_written,
            Assignment.position,
            _newest_update(latest_when).label("update_id"),
        )
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan.id, plan_leads())
        .subquery()
    )
    first = _first_reports(plan.id, received_when)
    titles_column = Task.section_titles if with_sections else null().label("section_titles")
    connection = await session.connection()  # Core rows: no ORM loading step per row
    rows = await connection.execute(
        select(
            Task.id,
            Task.code,
            Task.position,
            titles_column,
            Task.content,
            Task.timeframe_raw,
            Task.timeframe_start,
            Task.timeframe_end,
            leads.c.id.label("assignment_id"),
            leads.c.agency_id,
            leads.c.name_as_written,
            first.c.first_at,
            StatusUpdate.id.label("update_id"),
            StatusUpdate.period_id,
            StatusUpdate.status,
            StatusUpdate.percent,
            StatusUpdate.result,
            StatusUpdate.obstacles,
            StatusUpdate.proposals,
            StatusUpdate.submitted_at,
            StatusUpdate.version,
        )
        .select_from(Task)
        .outerjoin(leads, leads.c.task_id == Task.id)
        .outerjoin(StatusUpdate, StatusUpdate.id == leads.c.update_id)
        .outerjoin(first, first.c.assignment_id == leads.c.id)
        .where(Task.plan_id == plan.id, Task.withdrawn.is_(False), Task.kind == "task")
        .order_by(Task.position, Task.id, leads.c.position, leads.c.id)
    )
    default_deadline = period.due_date if period is not None else None
    period_end = period.end if period is not None else None  # an ORM attribute: read it once
    tasks: list[TaskView] = []
    task: TaskView | None = None
    owed = True  # the task has started by the period's end (else no report is expected yet)
    of_task: dict[int, Lead] = {}  # the current task's leads by effective agency
    # rows unpacked as tuples: reading a Row's columns by name costs ~30 times as much
    for (
        task_id,
        code,
        position,
        titles,
        content,
        timeframe_raw,
        starts,
        ends,
        assignment_id,
        agency_id,
        name_as_written,
        first_at,
        update_id,
        period_id,
        status,
        percent,
        result,
        obstacles,
        proposals,
        submitted,
        version,
    ) in rows.tuples():
        if task is None or task.id != task_id:
            task = TaskView(
                id=task_id,
                code=code,
                position=position,
                section_title=titles[0] if titles else "",
                content=content or "",
                timeframe_raw=timeframe_raw or "",
                deadline=ends or default_deadline,
            )
            tasks.append(task)
            owed = period_end is None or (starts or period_end) <= period_end
            of_task = {}
        if assignment_id is None:
            continue  # a task that names no lead
        agency = agencies[effective.get(agency_id, agency_id)]
        written = name_as_written or agencies[agency_id].name
        latest = (
            UpdateView(
                id=update_id,
                assignment_id=assignment_id,
                period_id=period_id,
                status=status,  # the column's type gives the enum member
                percent=percent,
                result=result or "",
                obstacles=obstacles or "",
                proposals=proposals or "",
                submitted_at=submitted,
                version=version,
                submitted_on=submitted.astimezone(tz).date(),
            )
            if update_id is not None
            else None
        )
        reported_on = first_at.astimezone(tz).date() if first_at is not None else None
        merged = agency.id != agency_id
        if (known := of_task.get(agency.id)) is not None:
            known.absorb(assignment_id, written, merged, latest, reported_on)
            continue
        lead = of_task[agency.id] = Lead(
            assignment_id=assignment_id,
            task_id=task_id,
            agency=agency,
            written_name=written,
            merged=merged,
            latest=latest,
            reported_on=reported_on,
            assignment_ids=(assignment_id,),
            owed=owed,
            starts=starts,
        )
        task.leads.append(lead)

    reported_ever = {
        lead.agency.id for task in tasks for lead in task.leads if lead.latest is not None
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
        tasks=tasks,
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
