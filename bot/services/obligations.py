"""Who owes which report: one expected report per task and effective agency, in each period.

A plan names lead agencies per task. After the 2025 mergers two leads of one task can be the same
agency today (Sở NN&PTNT and Sở TN&MT are both Sở Nông nghiệp và Môi trường): its focal point sees
the task once, reports it once, and owes it once. An `Obligation` is that pair — a live task and
the effective agency that leads it — with the lead assignments it covers; a report on any of them
fulfils it. Generic groups ("các Sở, ngành liên quan") owe nothing: nobody can report for them.

Chat (/tasks, the status form), reminders, /overdue and the reports all count through here, so
they agree on what is missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import (
    Agency,
    AgencyKind,
    Assignment,
    AssignmentRole,
    ReportingPeriod,
    StatusUpdate,
    Task,
)
from bot.periods.calendar import days_late
from bot.periods.store import open_period, past_due_periods
from bot.services.succession import effective_agency_map, followed_by


class PeriodLike(Protocol):
    """A period row, or a copy of one kept between messages (`bot.periods.store.PeriodRow`)."""

    @property
    def id(self) -> int: ...
    @property
    def plan_id(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def end(self) -> date: ...
    @property
    def due_date(self) -> date: ...


@dataclass(frozen=True, slots=True)
class Obligation:
    """A live task and the (effective) agency that must report on it."""

    plan_id: int
    task_id: int
    agency_id: int  # effective agency
    assignment_ids: tuple[int, ...]  # its lead assignments, in the plan's order
    code: str
    content: str
    position: int
    starts: date | None  # the task's own start: not owed for periods that end before it

    @property
    def assignment_id(self) -> int:
        """The assignment a new report is filed on (the first the plan names)."""
        return self.assignment_ids[0]

    def due_in(self, period: PeriodLike) -> bool:
        return self.starts is None or self.starts <= period.end


@dataclass(frozen=True, slots=True)
class PeriodDue:
    """A period as a focal point meets it: its label, due date and how late it already is."""

    id: int
    plan_id: int
    label: str
    due_date: date
    days_overdue: int  # 0 for a period not yet past its deadline

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def period_due(period: PeriodLike, today: date) -> PeriodDue:
    return PeriodDue(
        period.id, period.plan_id, period.label, period.due_date, days_late(period.due_date, today)
    )


_THEIRS = aliased(Assignment)
_LEAD_FILTERS = {
    "plan_ids": Task.plan_id.in_(bindparam("plan_ids", expanding=True)),
    # Through the agencies' own assignments (their index): a plain IN on agency_id makes SQLite
    # seek the (task, agency) index once per agency for every task of the plan.
    "agency_ids": Assignment.id.in_(
        select(_THEIRS.id).where(_THEIRS.agency_id.in_(bindparam("agency_ids", expanding=True)))
    ),
}
# Built once per combination of filters, with bound parameters: the status form asks for its
# agency's obligations on every form (building the query cost about as much as running it).
_LEAD_OBLIGATIONS = {
    (by_plan, by_agency): select(
        Task.plan_id,
        Task.id,
        Assignment.agency_id,
        Assignment.id,
        Task.code,
        Task.content,
        Task.position,
        Task.timeframe_start,
    )
    .join(Task, Task.id == Assignment.task_id)
    .join(Agency, Agency.id == Assignment.agency_id)
    .where(
        Assignment.role == AssignmentRole.LEAD,
        Task.withdrawn.is_(False),
        Task.kind == "task",  # an agency's general duty is owed no report
        Agency.kind != AgencyKind.GROUP,
        *([_LEAD_FILTERS["plan_ids"]] if by_plan else []),
        *([_LEAD_FILTERS["agency_ids"]] if by_agency else []),
    )
    .order_by(Task.plan_id, Task.position, Task.id, Assignment.position, Assignment.id)
    for by_plan in (True, False)
    for by_agency in (True, False)
}


async def lead_obligations(
    session: AsyncSession,
    *,
    plan_ids: Iterable[int] | None = None,
    agency_ids: Iterable[int] | None = None,
    effective: dict[int, int] | None = None,
) -> list[Obligation]:
    """The obligations of some plans and/or some effective agencies, in plan order."""
    mapping = effective if effective is not None else await effective_agency_map(session)
    params: dict[str, list[int]] = {}
    if plan_ids is not None:
        params["plan_ids"] = list(set(plan_ids))
    wanted = set(agency_ids) if agency_ids is not None else None
    if wanted is not None:
        params["agency_ids"] = list(followed_by(mapping, wanted))
    query = _LEAD_OBLIGATIONS[plan_ids is not None, wanted is not None]
    grouped: dict[tuple[int, int], list[int]] = {}
    first: dict[tuple[int, int], tuple[int, str, str, int, date | None]] = {}
    for plan_id, task_id, agency_id, assignment_id, code, content, position, starts in (
        await session.execute(query, params)
    ).tuples():
        agency = mapping.get(agency_id, agency_id)
        if wanted is not None and agency not in wanted:
            continue
        key = (task_id, agency)
        grouped.setdefault(key, []).append(assignment_id)
        first.setdefault(key, (plan_id, code, content or "", position, starts))
    return [
        Obligation(
            plan_id=first[key][0],
            task_id=key[0],
            agency_id=key[1],
            assignment_ids=tuple(ids),
            code=first[key][1],
            content=first[key][2],
            position=first[key][3],
            starts=first[key][4],
        )
        for key, ids in grouped.items()
    ]


def _owners(obligations: list[Obligation]) -> dict[int, tuple[int, int]]:
    """{assignment id: (task id, effective agency id) of the obligation it belongs to}."""
    return {
        assignment_id: (item.task_id, item.agency_id)
        for item in obligations
        for assignment_id in item.assignment_ids
    }


LISTED_ASSIGNMENTS = 500  # beyond this many, the plans' lead assignments are read instead
_REPORTED = (  # built once, its ids bound, like _LEAD_OBLIGATIONS
    select(StatusUpdate.assignment_id, StatusUpdate.period_id)
    .where(
        StatusUpdate.period_id.in_(bindparam("period_ids", expanding=True)),
        StatusUpdate.assignment_id.in_(bindparam("assignment_ids", expanding=True)),
    )
    .distinct()
)


async def missing_reports(
    session: AsyncSession,
    periods: Sequence[PeriodLike],
    obligations: list[Obligation],
) -> dict[int, list[Obligation]]:
    """{period id: the obligations of its plan with no report for it}, in plan order.

    The database lists the (assignment, period) pairs with no update, an index probe each, so
    only what is missing comes back (a year of a big plan's reports would be ten times as many
    rows), its plans' leads reached through their tasks (binding thousands of ids costs more).
    For a few obligations their reports are read back instead.
    """
    missing: dict[int, list[Obligation]] = {period.id: [] for period in periods}
    owner = {
        assignment_id: index
        for index, item in enumerate(obligations)
        for assignment_id in item.assignment_ids
    }
    if not periods or not owner:
        return missing
    by_id = {period.id: period for period in periods}
    if len(owner) <= LISTED_ASSIGNMENTS:
        # A few obligations (the sender's batch, one agency): their reports are few too, and
        # reading them back is cheaper than an anti-join over their plans' periods.
        reported = await session.execute(
            _REPORTED, {"period_ids": list(by_id), "assignment_ids": list(owner)}
        )
        done = {(owner[assignment_id], period_id) for assignment_id, period_id in reported}
        for period in periods:
            missing[period.id] = [
                item
                for index, item in enumerate(obligations)
                if item.plan_id == period.plan_id
                and item.due_in(period)
                and (index, period.id) not in done
            ]
        return missing
    has_report = (
        select(StatusUpdate.id)
        .where(
            StatusUpdate.assignment_id == Assignment.id,
            StatusUpdate.period_id == ReportingPeriod.id,
        )
        .exists()
    )
    plans = {item.plan_id for item in obligations}
    query = (
        select(Assignment.id, ReportingPeriod.id)
        .join(Task, Task.id == Assignment.task_id)
        .join(ReportingPeriod, ReportingPeriod.plan_id == Task.plan_id)
        .where(
            ReportingPeriod.id.in_(set(by_id)),
            ~has_report,
            Task.plan_id.in_(plans),
            Assignment.role == AssignmentRole.LEAD,
        )
    )
    unreported: Counter[tuple[int, int]] = Counter()  # (obligation, period) → silent assignments
    # Core rows: an ORM result holds its thousands of rows at once, enough to set off a full
    # garbage collection on most dashboard rebuilds
    for assignment_id, period_id in (await (await session.connection()).execute(query)).tuples():
        if (index := owner.get(assignment_id)) is not None:
            unreported[(index, period_id)] += 1
    for (index, period_id), silent in sorted(unreported.items()):
        item = obligations[index]
        if silent == len(item.assignment_ids) and item.due_in(by_id[period_id]):
            missing[period_id].append(item)
    return missing


@dataclass(frozen=True, slots=True)
class OwedPeriod:
    """A period an agency reports for now, with its obligations still missing."""

    period: PeriodDue
    missing: list[Obligation]


async def owed_periods(
    session: AsyncSession,
    plan_id: int,
    obligations: list[Obligation],
    today: date,
) -> list[OwedPeriod]:
    """What an agency (the owner of `obligations`) reports for in a plan now: every past-due,
    unclosed period it still owes something for, oldest first, then the current period (always
    listed, even when all is reported, since reports can still be edited)."""
    mine = [item for item in obligations if item.plan_id == plan_id]
    past = await past_due_periods(session, plan_id, today)
    current = await open_period(session, plan_id, today)
    periods = past + ([current] if current is not None and current not in past else [])
    missing = await missing_reports(session, periods, mine)
    owed = [
        OwedPeriod(period_due(period, today), missing[period.id])
        for period in past
        if missing[period.id]
    ]
    if current is not None and current not in past:
        owed.append(OwedPeriod(period_due(current, today), missing[current.id]))
    return owed


_REPORTS_IN_PERIODS = select(StatusUpdate).where(
    StatusUpdate.period_id.in_(bindparam("period_ids", expanding=True)),
    StatusUpdate.assignment_id.in_(bindparam("assignment_ids", expanding=True)),
)  # built once: the status form reads its task's report on every form


async def latest_reports(
    session: AsyncSession, obligations: list[Obligation], period_ids: Iterable[int]
) -> dict[tuple[int, int, int], StatusUpdate]:
    """{(task id, effective agency id, period id): the newest version reported}, whichever of
    the obligation's assignments it was filed on."""
    periods, owner = set(period_ids), _owners(obligations)
    if not periods or not owner:
        return {}
    rows = await session.scalars(
        _REPORTS_IN_PERIODS, {"period_ids": list(periods), "assignment_ids": list(owner)}
    )
    latest: dict[tuple[int, int, int], StatusUpdate] = {}
    for row in rows:
        assert row.period_id is not None  # asked for by period
        key = (*owner[row.assignment_id], row.period_id)
        if key not in latest or row.submitted_at > latest[key].submitted_at:
            latest[key] = row
    return latest
