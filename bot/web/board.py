"""What the dashboard shows, read through the reports part's public functions only.

This is the one module of the web part that knows how figures are computed: `load_snapshot` +
`compute_figures` (reporting rate, on-time rate, the four-way split), `overdue_periods` (who is
missing for which past-due period) and `plan_explanations`. When the reports part changes how a
report is counted (one per task and effective agency after the mergers), only this module adapts.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Agency,
    Assignment,
    AssignmentRole,
    ExplanationRequest,
    OutboxMessage,
    Person,
    Plan,
    ReportingPeriod,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.periods.store import latest_past_due, open_period, plan_periods
from bot.reports.figures import Outcome, ReportRates, compute_figures, rate, reported_on_time
from bot.reports.overdue import MissingAgency, OverduePeriod, overdue_periods
from bot.reports.snapshot import Lead, TaskView, load_agencies, load_snapshot
from bot.services.explanations import ExplanationView, plan_explanations
from bot.services.succession import agencies_followed_by

OUTCOMES = tuple(Outcome)  # done on time, done late, not done within deadline, overdue


@dataclass(slots=True)
class AgencyRow(ReportRates):
    agency_id: int
    name: str
    expected: int = 0  # reports expected (one per lead task)
    received: int = 0
    on_time: int = 0
    outcomes: Counter[Outcome] = field(default_factory=Counter)  # the agency's tasks
    missing_overdue: MissingAgency | None = None  # still missing after this period's deadline
    explanation: ExplanationView | None = None
    days_overdue: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def tasks(self) -> int:
        return sum(self.outcomes.values())

    @property
    def state(self) -> str:
        """overdue (missing past the deadline), late (all in, some late), ok, or waiting."""
        if self.missing_overdue is not None:
            return "overdue"
        if self.late:
            return "late"
        return "ok" if not self.missing else "waiting"


@dataclass(slots=True)
class Board(ReportRates):
    plan: Plan
    period: ReportingPeriod | None
    periods: list[ReportingPeriod]
    as_of: date
    rows: list[AgencyRow]
    outcomes: Counter[Outcome]
    expected: int
    received: int
    on_time: int
    overdue: list[OverduePeriod]  # every past-due period of the plan still missing reports
    explanations: list[ExplanationView]  # this period's requests


async def default_period(
    session: AsyncSession, plan_id: int, today: date
) -> ReportingPeriod | None:
    """The period a coordinator looks at now: the latest past its deadline, else the current."""
    return await latest_past_due(session, plan_id, today) or await open_period(
        session, plan_id, today
    )


async def plan_period(
    session: AsyncSession, plan_id: int, period_id: int
) -> ReportingPeriod | None:
    period = await session.get(ReportingPeriod, period_id)
    return period if period is not None and period.plan_id == plan_id else None


async def period_board(
    session: AsyncSession, plan: Plan, period: ReportingPeriod | None, *, today: date
) -> Board:
    agencies = await load_agencies(session)
    snapshot = await load_snapshot(
        session, plan, period, today=today, with_sections=False, registry=agencies
    )
    figures = compute_figures(snapshot)
    rows: dict[int, AgencyRow] = {
        item.agency.id: AgencyRow(
            item.agency.id, item.agency.name, item.expected, item.received, item.on_time
        )
        for item in figures.agencies
    }
    for task in snapshot.tasks:
        outcome = figures.task_outcomes[task.id]
        for agency_id in {lead.agency.id for lead in task.reporting_leads}:
            if agency_id in rows:
                rows[agency_id].outcomes[outcome] += 1
    overdue = await overdue_periods(session, plan.id, today, known=(snapshot, *agencies))
    explanations = (
        await plan_explanations(session, plan.id, [period.id]) if period is not None else []
    )
    for entry in overdue:
        if period is not None and entry.period.id == period.id:
            for missing in entry.agencies:
                if missing.agency_id in rows:
                    rows[missing.agency_id].missing_overdue = missing
                    rows[missing.agency_id].days_overdue = entry.period.days_overdue
    for view in explanations:
        if view.agency_id in rows:
            rows[view.agency_id].explanation = view
    ordered = sorted(rows.values(), key=lambda row: (-row.missing, row.name))
    return Board(
        plan=plan,
        period=period,
        periods=await plan_periods(session, plan.id),
        as_of=snapshot.as_of,
        rows=ordered,
        outcomes=Counter(figures.outcomes),
        expected=figures.expected,
        received=figures.received,
        on_time=figures.on_time,
        overdue=overdue,
        explanations=explanations,
    )


# --------------------------------------------------------------------------- kept while unchanged


async def data_version(session: AsyncSession, plan_id: int) -> tuple[Any, ...]:
    """A fingerprint of everything a plan's board shows, in one cheap statement: updates are
    only ever added (a new version is a new row) and deleted with their task, explanation
    requests are added and answered, periods closed, people enrolled or revoked, reminders sent,
    agencies merged, and a re-import touches the plan's tasks and assignments."""
    scalars = [
        select(func.max(StatusUpdate.id)),
        select(func.count(StatusUpdate.id)),
        select(func.max(Task.updated_at), func.count(Task.id)).where(Task.plan_id == plan_id),
        select(func.max(Assignment.id), func.count(Assignment.id)),
        select(
            func.max(ExplanationRequest.id),
            func.max(ExplanationRequest.answered_at),
            func.count(ExplanationRequest.answered_at),
        ).where(ExplanationRequest.plan_id == plan_id),
        select(
            func.max(ReportingPeriod.id),
            func.max(ReportingPeriod.closed_at),
            func.count(ReportingPeriod.closed_at),
        ).where(ReportingPeriod.plan_id == plan_id),
        select(func.max(Person.id), func.sum(case((Person.active.is_(True), 1), else_=0))),
        select(func.max(OutboxMessage.sent_at)).where(OutboxMessage.plan_id == plan_id),
        select(func.max(Agency.id), func.count(Agency.successor_id)),
        select(Plan.updated_at).where(Plan.id == plan_id),
    ]
    columns = [column for query in scalars for column in _scalar_columns(query)]
    row = (await session.execute(select(*columns))).one()
    return tuple(row)


def _scalar_columns(query: Any) -> list[Any]:
    """Each column of a one-row SELECT as a scalar subquery of its own."""
    return [query.with_only_columns(column).scalar_subquery() for column in query.selected_columns]


class BoardCache:
    """The last boards and rankings built, each kept while the plan's data fingerprint is
    unchanged: the figures of 5,000 tasks take long to count, and coordinators look at the same
    period again and again (sorting, filtering, coming back from an agency)."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[tuple[Any, ...], Any]] = OrderedDict()

    async def _kept(
        self,
        session: AsyncSession,
        plan_id: int,
        key: Hashable,
        build: Callable[[], Awaitable[Any]],
    ) -> Any:
        version = await data_version(session, plan_id)
        kept = self._items.get(key)
        if kept is not None and kept[0] == version:
            self._items.move_to_end(key)
            return kept[1]
        built = await build()
        self._items[key] = (version, built)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return built

    async def board(
        self, session: AsyncSession, plan: Plan, period: ReportingPeriod | None, *, today: date
    ) -> Board:
        key = ("board", plan.id, period.id if period is not None else None, today)
        found: Board = await self._kept(
            session, plan.id, key, lambda: period_board(session, plan, period, today=today)
        )
        return found

    async def ranking(
        self, session: AsyncSession, plan: Plan, year: int, *, today: date
    ) -> list[RankRow]:
        key = ("ranking", plan.id, year, today)
        found: list[RankRow] = await self._kept(
            session, plan.id, key, lambda: year_ranking(session, plan, year, today=today)
        )
        return found


# --------------------------------------------------------------------------- one agency


@dataclass(slots=True)
class AgencyTask:
    task: TaskView
    lead: Lead
    outcome: Outcome
    on_time: bool | None  # this period's report: on time, late, or None (not received)


async def agency_tasks(
    session: AsyncSession,
    plan: Plan,
    period: ReportingPeriod | None,
    agency_id: int,
    *,
    today: date,
) -> list[AgencyTask]:
    """The tasks the (effective) agency leads in the plan, with its latest update on each."""
    snapshot = await load_snapshot(session, plan, period, today=today, with_sections=False)
    figures = compute_figures(snapshot)
    found: list[AgencyTask] = []
    for task in snapshot.tasks:
        lead = next((lead for lead in task.leads if lead.agency.id == agency_id), None)
        if lead is not None:
            on_time = reported_on_time(lead, snapshot, task)
            found.append(AgencyTask(task, lead, figures.task_outcomes[task.id], on_time))
    return found


@dataclass(frozen=True, slots=True)
class Version:
    id: int
    version: int
    period_label: str | None
    status: UpdateStatus
    percent: int | None
    result: str
    obstacles: str | None
    proposals: str | None
    attachments: list[dict[str, object]]
    submitted_at: datetime
    days_late: int
    by: str | None


async def task_history(session: AsyncSession, task_id: int, agency_id: int) -> list[Version]:
    """Every version the agency (or a predecessor merged into it) reported on the task, newest
    first: edits never overwrite, so this is what was said, when and by whom."""
    agencies = await agencies_followed_by(session, agency_id)
    rows = await session.execute(
        select(StatusUpdate, ReportingPeriod.label, Person.display_name)
        .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
        .outerjoin(ReportingPeriod, ReportingPeriod.id == StatusUpdate.period_id)
        .outerjoin(Person, Person.id == StatusUpdate.person_id)
        .where(
            Assignment.task_id == task_id,
            Assignment.agency_id.in_(agencies),
            Assignment.role == AssignmentRole.LEAD,
        )
        .order_by(StatusUpdate.submitted_at.desc(), StatusUpdate.id.desc())
    )
    return [
        Version(
            id=row.id,
            version=row.version,
            period_label=label,
            status=row.status,
            percent=row.percent,
            result=row.result,
            obstacles=row.obstacles,
            proposals=row.proposals,
            attachments=list(row.attachments or []),
            submitted_at=row.submitted_at,
            days_late=row.days_late,
            by=name,
        )
        for row, label, name in rows.tuples()
    ]


async def task_led_by(
    session: AsyncSession, plan_id: int, task_id: int, agency_id: int
) -> Task | None:
    """The plan's live task if the (effective) agency, or a predecessor merged into it, leads it."""
    agencies = await agencies_followed_by(session, agency_id)
    return await session.scalar(
        select(Task)
        .join(Assignment, Assignment.task_id == Task.id)
        .where(
            Task.id == task_id,
            Task.plan_id == plan_id,
            Task.withdrawn.is_(False),
            Assignment.agency_id.in_(agencies),
            Assignment.role == AssignmentRole.LEAD,
        )
        .limit(1)
    )


async def update_owner(
    session: AsyncSession, update_id: int
) -> tuple[StatusUpdate, int, int] | None:
    """(the update, its plan id, the agency named on its assignment), for the download check."""
    from bot.db.models import Task

    row = await session.execute(
        select(StatusUpdate, Task.plan_id, Assignment.agency_id)
        .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(StatusUpdate.id == update_id)
    )
    found = row.tuples().first()
    return (found[0], found[1], found[2]) if found else None


# --------------------------------------------------------------------------- the year's ranking


@dataclass(slots=True)
class RankRow:
    agency_id: int
    name: str
    expected: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def reporting_rate(self) -> float:
        return rate(self.received, self.expected) or 0.0

    @property
    def on_time_rate(self) -> float:
        return rate(self.on_time, self.expected) or 0.0


async def ranking_years(session: AsyncSession, plan_id: int) -> list[int]:
    return sorted({period.end.year for period in await plan_periods(session, plan_id)})


async def year_ranking(
    session: AsyncSession, plan: Plan, year: int, *, today: date
) -> list[RankRow]:
    """Agencies over the periods of `year` (those ending in it, begun by today): by on-time
    rate, then reporting rate, then name — the order of the year's emulation (thi đua) review.
    The yearly report "Năm 2026", due in January 2027, counts for 2026."""
    periods = [
        period
        for period in await plan_periods(session, plan.id)
        if period.end.year == year and period.start <= today
    ]
    rows: dict[int, RankRow] = {}
    for period in periods:
        figures = compute_figures(
            await load_snapshot(session, plan, period, today=today, with_sections=False)
        )
        for item in figures.agencies:
            row = rows.setdefault(item.agency.id, RankRow(item.agency.id, item.agency.name))
            row.expected += item.expected
            row.received += item.received
            row.on_time += item.on_time
    return sorted(rows.values(), key=lambda row: (-row.on_time_rate, -row.reporting_rate, row.name))
