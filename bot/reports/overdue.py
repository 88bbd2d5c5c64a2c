"""/overdue: who is still missing, for which period, since when, and why.

First every past-due period of the plan that still lacks reports (not closed by an admin): per
missing agency its tasks, the days late, whether anyone is enrolled to answer for it, when it was
last reminded and where its explanation request stands. Then the tasks not done and past their
deadline, by lead agency, counted as the period report counts them (`overdue_tasks`): in each
past-due period still owed, whose deadline is theirs when they have none of their own, and in
the open period (a task's own deadline).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboxMessage, OutboxStatus, Person, Plan, ReportingPeriod, Role
from bot.i18n import normalise_locale
from bot.periods.cadence import period_label
from bot.periods.calendar import VN_TZ
from bot.periods.store import open_period, past_due_periods
from bot.reports.figures import DONE_OUTCOMES, compute_figures, overdue_tasks
from bot.reports.periods import get_plan
from bot.reports.snapshot import AgencyInfo, Snapshot, TaskView, load_agencies, load_snapshot
from bot.reports.weekly import fit_text
from bot.reports.wording import text_environment
from bot.services import explanations, obligations
from bot.services.explanations import ExplanationView
from bot.services.obligations import Obligation, PeriodDue


@dataclass(slots=True)
class MissingAgency:
    agency_id: int
    name: str
    codes: list[str]
    enrolled: int  # active focal points who can answer for it
    last_reminded: date | None
    explanation: ExplanationView | None


@dataclass(slots=True)
class OverduePeriod:
    period: PeriodDue
    expected_agencies: int
    agencies: list[MissingAgency] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class OverdueSummary:
    text: str
    periods: list[OverduePeriod]  # what a coordinator can ask explanations about


async def _enrolled(session: AsyncSession, effective: dict[int, int]) -> dict[int, int]:
    """{effective agency id: its active focal points}."""
    rows = await session.execute(
        select(Person.agency_id, func.count(Person.id))
        .where(Person.role == Role.FOCAL, Person.active.is_(True), Person.agency_id.is_not(None))
        .group_by(Person.agency_id)
    )
    counts: dict[int, int] = {}
    for agency_id, count in rows.tuples():
        if agency_id is not None:
            key = effective.get(agency_id, agency_id)
            counts[key] = counts.get(key, 0) + count
    return counts


async def _last_reminded(
    session: AsyncSession, period_ids: list[int], effective: dict[int, int]
) -> dict[tuple[int, int], date]:
    """{(period id, effective agency id): the day a reminder for the period last reached one of
    its focal points (explanation requests are shown on their own)."""
    if not period_ids:
        return {}
    rows = await session.execute(
        select(OutboxMessage.period_id, Person.agency_id, func.max(OutboxMessage.sent_at))
        .join(Person, Person.id == OutboxMessage.person_id)
        .where(
            OutboxMessage.period_id.in_(period_ids),
            OutboxMessage.status == OutboxStatus.SENT,
            OutboxMessage.kind != explanations.NOTICE_KIND,
            Person.role == Role.FOCAL,
        )
        .group_by(OutboxMessage.period_id, Person.agency_id)
    )
    last: dict[tuple[int, int], date] = {}
    for period_id, agency_id, sent_at in rows.tuples():
        if period_id is None or agency_id is None or sent_at is None:
            continue
        key = (period_id, effective.get(agency_id, agency_id))
        day = _local_day(sent_at)
        last[key] = max(day, last.get(key, day))
    return last


def _local_day(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()


def snapshot_obligations(snapshot: Snapshot) -> list[Obligation]:
    """The obligations of the snapshot's plan, from the leads it has read (`lead_obligations`
    without reading them again): one per task and effective agency, none for generic groups."""
    return [
        Obligation(
            plan_id=snapshot.plan.id,
            task_id=task.id,
            agency_id=lead.agency.id,
            assignment_ids=lead.assignment_ids,
            code=task.code,
            content=task.content,
            position=task.position,
            starts=lead.starts,
        )
        for task in snapshot.tasks
        for lead in task.leads
        if not lead.agency.is_group
    ]


async def overdue_periods(
    session: AsyncSession,
    plan_id: int,
    today: date,
    *,
    known: tuple[Snapshot, dict[int, AgencyInfo], dict[int, int]] | None = None,
) -> list[OverduePeriod]:
    """The plan's past-due, unclosed periods that still lack reports, oldest first. `known` is
    a snapshot of the whole plan already read (no selection) with `load_agencies`' answer: its
    leads are the plan's obligations."""
    past = await past_due_periods(session, plan_id, today)
    if not past:
        return []
    if known is not None:
        snapshot, agencies, effective = known
        owed = snapshot_obligations(snapshot)
    else:
        agencies, effective = await load_agencies(session)
        owed = await obligations.lead_obligations(session, plan_ids={plan_id}, effective=effective)
    missing = await obligations.missing_reports(session, past, owed)
    starts = {(item.agency_id, item.starts) for item in owed}  # a few dozen pairs
    enrolled = await _enrolled(session, effective)
    reminded = await _last_reminded(session, [period.id for period in past], effective)
    requests = {
        (view.period_id, view.agency_id): view
        for view in await explanations.plan_explanations(session, plan_id, [p.id for p in past])
    }
    result: list[OverduePeriod] = []
    for period in past:
        if not missing[period.id]:
            continue
        expected = {
            agency_id for agency_id, begins in starts if begins is None or begins <= period.end
        }
        entry = OverduePeriod(obligations.period_due(period, today), len(expected))
        by_agency: dict[int, list[str]] = {}
        for item in missing[period.id]:
            by_agency.setdefault(item.agency_id, []).append(item.code)
        for agency_id, codes in by_agency.items():
            entry.agencies.append(
                MissingAgency(
                    agency_id=agency_id,
                    name=agencies[agency_id].name,
                    codes=codes,
                    enrolled=enrolled.get(agency_id, 0),
                    last_reminded=reminded.get((period.id, agency_id)),
                    explanation=requests.get((period.id, agency_id)),
                )
            )
        entry.agencies.sort(key=lambda agency: (-len(agency.codes), agency.name))
        result.append(entry)
    return result


def _late_tasks(snapshots: list[Snapshot], today: date) -> list[tuple[str, list[TaskView]]]:
    """Tasks not done and past their deadline in any of `snapshots` (`overdue_tasks`, as the
    period report counts them), each once, by lead agency (most first). A task overdue in
    several periods is shown as the oldest judges it (its deadline, that period's due date).
    The last snapshot is the open period's: a task done by now (reported done for it) is not
    overdue, whatever an older period, which counts only its own reports, still says."""
    figures = [compute_figures(snapshot) for snapshot in snapshots]
    current = figures[-1].task_outcomes
    done_now = {task_id for task_id, outcome in current.items() if outcome in DONE_OUTCOMES}
    found: dict[int, TaskView] = {}
    for snapshot, judged in zip(snapshots, figures, strict=True):
        for task in overdue_tasks(snapshot, judged):
            if task.id not in done_now:
                found.setdefault(task.id, task)
    by_agency: dict[str, list[TaskView]] = {}
    for task in sorted(found.values(), key=lambda task: (task.deadline or today, task.position)):
        for lead in task.reporting_leads:
            by_agency.setdefault(lead.agency.name, []).append(task)
    return sorted(by_agency.items(), key=lambda item: (-len(item[1]), item[0]))


async def _judged(
    session: AsyncSession,
    plan: Plan,
    periods: list[OverduePeriod],
    current: Snapshot,
    *,
    today: date,
    registry: tuple[dict[int, AgencyInfo], dict[int, int]],
) -> list[Snapshot]:
    """The snapshots tasks are judged in: each past-due period still owed (its deadline has
    passed, so what it still lacks is overdue, as its period report says), oldest first, then
    the open period (`current`: tasks past their own deadline)."""
    snapshots: list[Snapshot] = []
    for entry in periods:
        period = await session.get(ReportingPeriod, entry.period.id)
        if period is not None:
            snapshots.append(
                await load_snapshot(
                    session, plan, period, today=today, with_sections=False, registry=registry
                )
            )
    return [*snapshots, current]


async def overdue_summary(
    session: AsyncSession, plan_id: int, *, today: date, locale: str, max_chars: int = 4000
) -> OverdueSummary:
    """The /overdue text, shortened with "… and N more" to fit `max_chars`."""
    locale = normalise_locale(locale)
    plan = await get_plan(session, plan_id)
    registry = await load_agencies(session)
    period = await open_period(session, plan.id, today)
    snapshot = await load_snapshot(
        session, plan, period, today=today, with_sections=False, registry=registry
    )
    periods = await overdue_periods(session, plan_id, today, known=(snapshot, *registry))
    judged = await _judged(session, plan, periods, snapshot, today=today, registry=registry)
    agencies = _late_tasks(judged, today)
    shown = [
        replace(entry, period=replace(entry.period, label=period_label(entry.period.label, locale)))
        for entry in periods
    ]
    count = len({task.id for _, tasks in agencies for task in tasks})
    template = text_environment(locale).get_template("overdue.txt.j2")
    text, _, _ = fit_text(
        lambda limit: template.render(
            plan=plan,
            today=today,
            periods=shown,
            agencies=agencies,
            count=count,
            limit=limit,
        ).strip(),
        max_chars,
    )
    return OverdueSummary(text, periods)
