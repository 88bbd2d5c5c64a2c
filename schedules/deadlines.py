"""A person's coming deadlines (/deadlines) and a coordinator's nudge of every missing agency
(/nudge). Both answer from the same outstanding-work query the planner uses: one report per task
and effective agency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_ignoring_duplicates
from bot.db.models import (
    Agency,
    Assignment,
    OutboxMessage,
    OutboxStatus,
    Person,
    Plan,
    ReportingPeriod,
    ReportingRule,
    Role,
    Task,
)
from bot.periods.calendar import VN_TZ, day_off_name
from bot.periods.store import open_period, past_due_periods, periods_due_between
from bot.services import audit
from bot.services.away import is_away, leave_of
from bot.services.people import reachable
from bot.services.succession import effective_agency_map, followed_by
from schedules.planner import (
    NUDGE,
    REPORTING_ROLES,
    base_payload,
    dedupe_key,
    outstanding_counts,
)

DEADLINE_HORIZON_DAYS = 120


@dataclass(frozen=True, slots=True)
class Deadline:
    """A coming deadline: a reporting period's due date, or a task's own deadline."""

    plan_id: int
    plan_number: str
    label: str  # "Năm 2026", or the task's code and content for a task deadline
    due_date: date
    day_off: str | None  # None on a working day; the holiday's name, or "" for a weekend
    outstanding_tasks: int  # the person's agency's tasks without an update (focal points)
    missing_agencies: int  # agencies that have not reported yet (whole plan)
    period_id: int | None = None
    task_code: str | None = None  # set for a task-level deadline (Task.timeframe_end)


async def _person_agencies(session: AsyncSession, person: Person) -> tuple[int | None, set[int]]:
    """(effective agency, every agency whose tasks it follows up)."""
    if person.agency_id is None:
        return None, set()
    effective = await effective_agency_map(session)
    agency = effective.get(person.agency_id, person.agency_id)
    return agency, followed_by(effective, [agency])


async def _plans_for(session: AsyncSession, person: Person, agencies: set[int]) -> list[Plan]:
    if person.role == Role.ADMIN:
        return list(await session.scalars(select(Plan).order_by(Plan.id)))
    if person.role == Role.COORDINATOR:
        by_rule = select(ReportingRule.plan_id).where(
            ReportingRule.coordinating_agency_id.in_(agencies)
        )
        return list(
            await session.scalars(
                select(Plan)
                .where(Plan.coordinating_agency_id.in_(agencies) | Plan.id.in_(by_rule))
                .order_by(Plan.id)
            )
        )
    assigned = (
        select(Task.plan_id)
        .join(Assignment, Assignment.task_id == Task.id)
        .where(Assignment.agency_id.in_(agencies))
    )
    return list(await session.scalars(select(Plan).where(Plan.id.in_(assigned)).order_by(Plan.id)))


async def coming_deadlines(session: AsyncSession, person_id: int, *, today: date) -> list[Deadline]:
    """The deadlines ahead for this person: each plan's open period (and any other period due in
    the next months), plus their agency's task deadlines; soonest first."""
    person = await session.get(Person, person_id)
    if person is None:
        return []
    agency, agencies = await _person_agencies(session, person)
    effective = await effective_agency_map(session)
    deadlines: list[Deadline] = []
    horizon = today + timedelta(days=DEADLINE_HORIZON_DAYS)
    for plan in await _plans_for(session, person, agencies):
        periods = {p.id: p for p in await periods_due_between(session, today, horizon, plan.id)}
        opened = await open_period(session, plan.id, today)
        if opened is not None:
            periods.setdefault(opened.id, opened)
        outstanding = await outstanding_counts(session, list(periods.values()), effective)
        for period in periods.values():
            missing = [a for (p, a) in outstanding if p == period.id]
            mine = outstanding.get((period.id, agency), 0) if agency is not None else 0
            deadlines.append(
                Deadline(
                    plan_id=plan.id,
                    plan_number=plan.number,
                    label=period.label,
                    due_date=period.due_date,
                    day_off=day_off_name(period.due_date, person.language),
                    outstanding_tasks=mine,
                    missing_agencies=len(missing),
                    period_id=period.id,
                )
            )
    if person.role == Role.FOCAL and agencies:
        deadlines += await _task_deadlines(session, agencies, today, horizon, person.language)
    return sorted(deadlines, key=lambda d: (d.due_date, d.plan_id, d.task_code or ""))


async def _task_deadlines(
    session: AsyncSession, agencies: set[int], today: date, horizon: date, locale: str
) -> list[Deadline]:
    rows = await session.execute(
        select(Task.plan_id, Plan.number, Task.code, Task.content, Task.timeframe_end)
        .join(Plan, Plan.id == Task.plan_id)
        .join(Assignment, Assignment.task_id == Task.id)
        .where(
            Assignment.agency_id.in_(agencies),
            Assignment.role.in_(REPORTING_ROLES),
            Task.withdrawn.is_(False),
            Task.kind == "task",  # an agency's general duty is never reminded
            Task.timeframe_end.between(today, horizon),
        )
        .distinct()
    )
    return [
        Deadline(
            plan_id=plan_id,
            plan_number=number,
            label=f"{code}. {content[:80]}",
            due_date=end,
            day_off=day_off_name(end, locale),
            outstanding_tasks=1,
            missing_agencies=0,
            task_code=code,
        )
        for plan_id, number, code, content, end in rows.tuples()
        if end is not None  # the query asks for a date in range; this tells the type checker
    ]


async def _periods_to_nudge(
    session: AsyncSession, plan_id: int, today: date, effective: dict[int, int]
) -> tuple[list[ReportingPeriod], dict[tuple[int, int], int]]:
    """The periods being chased: every past-due period not closed with agencies still missing
    (oldest first), else the open period; and what each agency owes in them."""
    overdue = await past_due_periods(session, plan_id, today)
    outstanding = await outstanding_counts(session, overdue, effective)
    chased = [period for period in overdue if any(p == period.id for p, _ in outstanding)]
    if chased:
        return chased, outstanding
    current = await open_period(session, plan_id, today)
    if current is None:
        return [], {}
    return [current], await outstanding_counts(session, [current], effective)


@dataclass(frozen=True, slots=True)
class Nudge:
    """What a /nudge did: messages queued, to how many agencies and people, and the agencies
    still missing reports that nobody could be reminded for (no enrolled, reachable focal point),
    by name."""

    messages: int = 0
    agencies: int = 0
    people: int = 0
    unreached: tuple[str, ...] = ()
    away: tuple[tuple[str, str, date], ...] = ()  # (agency, person, back on) when all are away


async def nudge_missing(
    session: AsyncSession, plan_id: int, *, now: datetime, actor_person_id: int | None
) -> Nudge:
    """Queue a reminder now to every focal point of every agency that has not reported for a
    period being chased (one message per period it owes)."""
    today = now.astimezone(VN_TZ).date()
    effective = await effective_agency_map(session)
    periods, outstanding = await _periods_to_nudge(session, plan_id, today, effective)
    if not outstanding:
        return Nudge()
    plan = await session.get(Plan, plan_id)
    missing = {agency for _, agency in outstanding}
    sources = followed_by(effective, missing)
    on_leave: list[Person] = []
    people: list[Person] = []  # the ones at work today
    for person in await session.scalars(
        select(Person).where(*reachable(Role.FOCAL), Person.agency_id.in_(sources))
    ):
        (on_leave if is_away(person, today) else people).append(person)
    stamp = now.strftime("%Y%m%d%H%M")  # a second /nudge in the same minute adds nothing
    rows = [
        {
            "kind": NUDGE,
            "channel": person.channel,
            "person_id": person.id,
            "chat_id": person.chat_id,
            "plan_id": plan_id,
            "period_id": period.id,
            "payload": base_payload(period, plan) | {"lead": stamp},
            "dedupe_key": dedupe_key(plan_id, period.id, person.id, NUDGE, stamp),
            "due_at": now,
            "status": OutboxStatus.PENDING,
            "attempts": 0,
        }
        for period in periods
        for person in people
        if person.agency_id is not None
        and (period.id, effective.get(person.agency_id, person.agency_id)) in outstanding
    ]
    if rows:
        await session.execute(
            insert_ignoring_duplicates(session, OutboxMessage, ["dedupe_key"]), rows
        )
    messaged = {row["person_id"] for row in rows}
    reached = {
        effective.get(person.agency_id, person.agency_id)
        for person in people
        if person.id in messaged and person.agency_id is not None
    }
    named = await session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(missing)))
    names: dict[int, str] = {agency_id: name for agency_id, name in named}
    away: dict[int, tuple[str, str, date]] = {}
    for person in on_leave:
        agency = effective.get(person.agency_id, person.agency_id) if person.agency_id else None
        if agency in missing and agency not in reached and (leave := leave_of(person)):
            away.setdefault(agency, (names[agency], person.display_name, leave.back))
    unreached = sorted(names[agency] for agency in missing - reached - away.keys())
    await audit.record(
        session,
        "reminders.nudge",
        actor_id=actor_person_id,
        object_type="plan",
        object_id=plan_id,
        details={
            "periods": [period.label for period in periods],
            "agencies": len(missing),
            "messages": len(rows),
        },
    )
    return Nudge(
        messages=len(rows),
        agencies=len(missing & reached),
        people=len(messaged),
        unreached=tuple(unreached),
        away=tuple(sorted(away.values())),
    )
