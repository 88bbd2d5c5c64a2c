"""What overdue periods still miss: per past-due, unclosed period, the agencies whose reports are
missing and how many, how late the period is, and the explanation requests about it.

The weekly summary shows this beside the week. It counts what `bot.services.obligations`'
`missing_reports` lists (one report per task and effective agency, none from generic groups,
none for a task that starts after the period), but as counts in SQL rather than one row per
obligation and period: a plan of 5,000 tasks with a year of monthly periods would otherwise
bring tens of thousands of rows back for a few lines of text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Assignment, ReportingPeriod, StatusUpdate, Task
from bot.periods.store import past_due_periods
from bot.reports.snapshot import AgencyInfo, Lead, effective_agency_column, plan_leads
from bot.services.explanations import ExplanationView, plan_explanations
from bot.services.obligations import PeriodDue, period_due


@dataclass(frozen=True, slots=True)
class MissingFrom:
    agency: AgencyInfo
    missing: int  # reports still missing for the period
    expected: int


@dataclass(frozen=True, slots=True)
class OverduePeriod:
    due: PeriodDue  # label, due date, days overdue
    expected: int
    missing: int
    agencies: list[MissingFrom]  # most missing first, then by name
    explanations: list[ExplanationView]  # the latest request per agency, by agency name


async def _reported_counts(
    session: AsyncSession,
    plan_id: int,
    periods: list[ReportingPeriod],
    effective: dict[int, int],
    starts_vary: bool,
) -> Counter[tuple[int, int]]:
    """{(period id, effective agency id): leads (task, agency) with a report for the period},
    counting only tasks that owe the period a report (started by its end: a check needed only
    when some task has a start date of its own, `starts_vary`).

    One pass over the periods' reports: a lead is a task and an effective agency, so counting
    the distinct tasks per period and agency counts each lead once, whatever its edits and
    however many merged predecessors it covers."""
    reports = (
        select(
            StatusUpdate.period_id.label("period_id"),
            Assignment.task_id.label("task_id"),
            effective_agency_column(effective).label("owner_id"),
        )
        .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(
            Task.plan_id == plan_id,
            plan_leads(),
            StatusUpdate.period_id.in_([period.id for period in periods]),
        )
    )
    if starts_vary:
        reports = reports.join(ReportingPeriod, ReportingPeriod.id == StatusUpdate.period_id).where(
            or_(Task.timeframe_start.is_(None), Task.timeframe_start <= ReportingPeriod.end)
        )
    found = reports.subquery()
    rows = await (await session.connection()).execute(
        select(
            found.c.period_id, found.c.owner_id, func.count(found.c.task_id.distinct())
        ).group_by(found.c.period_id, found.c.owner_id)
    )
    return Counter({(period_id, owner_id): count for period_id, owner_id, count in rows})


def _owing(leads: list[Lead]) -> Counter[tuple[int, date | None]]:
    """{(effective agency id, task start): leads}: what each agency owes, counted once so that
    each period only sums a few dozen entries (`owes` without the loop over every lead)."""
    return Counter((lead.agency.id, lead.starts) for lead in leads if not lead.agency.is_group)


def _expected(owing: Counter[tuple[int, date | None]], period: ReportingPeriod) -> Counter[int]:
    """{effective agency id: reports it owes the period}: leads whose task started by its end."""
    expected: Counter[int] = Counter()
    for (agency_id, starts), count in owing.items():
        if starts is None or starts <= period.end:
            expected[agency_id] += count
    return expected


async def overdue_periods(
    session: AsyncSession,
    plan_id: int,
    leads: list[Lead],
    effective: dict[int, int],
    today: date,
) -> list[OverduePeriod]:
    """The plan's past-due, unclosed periods with reports still missing, oldest first."""
    periods = await past_due_periods(session, plan_id, today)
    if not periods:
        return []
    starts_vary = any(lead.starts is not None for lead in leads)
    reported = await _reported_counts(session, plan_id, periods, effective, starts_vary)
    agencies = {lead.agency.id: lead.agency for lead in leads}
    owing = _owing(leads)
    found: list[tuple[ReportingPeriod, int, list[MissingFrom]]] = []
    for period in periods:
        expected = _expected(owing, period)
        missing = [
            MissingFrom(agencies[agency_id], owed - reported[(period.id, agency_id)], owed)
            for agency_id, owed in expected.items()
            if owed > reported[(period.id, agency_id)]
        ]
        if missing:
            missing.sort(key=lambda item: (-item.missing, item.agency.name))
            found.append((period, sum(expected.values()), missing))
    if not found:
        return []
    requests: dict[int, list[ExplanationView]] = {}
    for view in await plan_explanations(session, plan_id, [period.id for period, _, _ in found]):
        requests.setdefault(view.period_id, []).append(view)
    return [
        OverduePeriod(
            due=period_due(period, today),
            expected=expected_count,
            missing=sum(item.missing for item in missing),
            agencies=missing,
            explanations=sorted(requests.get(period.id, []), key=lambda view: view.agency_name),
        )
        for period, expected_count, missing in found
    ]
