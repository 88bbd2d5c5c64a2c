"""Where a reminder's timing is decided: set-based planning of outbox rows.

One pass reads the active rules, their periods near today, how many tasks each agency still owes
(counted by the database), and the people to write to (a handful of queries), then writes all rows
due today and tomorrow in
one bulk INSERT … ON CONFLICT DO NOTHING on `dedupe_key` (plan, period, recipient, kind, lead
time), so planning twice plans nothing new.

Kinds of message:
- `reminder`: an early reminder (lead > 0 days) to each focal point of an agency with outstanding
  tasks: ONE message per person listing all their tasks; can be snoozed or muted.
- `deadline`: on the deadline day (or the working day before it when it falls on a day off); it
  cannot be muted or snoozed.
- `escalation`: from the day after the deadline, a digest to the plan's coordinators naming the
  agencies still missing, every `rule.escalation_every_days` days until all have reported.
- `late`: one last notice to each late agency on the first escalation day.
- `task_reminder` / `task_deadline`: a task's own deadline (Task.timeframe_end, "trước ngày
  30/6/2025", "Quý II/2025") 7 and 1 days before and on the day, until its latest update says done.
- `nudge` (a coordinator's /nudge) and `unreachable` (a 403, told to coordinators) are queued
  elsewhere (schedules.deadlines, schedules.sender) but sent the same way.

Rows carry in their payload what the text needs; the tasks themselves are read again at send time,
so an agency that reported meanwhile gets nothing (the sender cancels the row).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.dialect import insert_ignoring_duplicates
from bot.db.models import (
    Agency,
    AgencyKind,
    Assignment,
    AssignmentRole,
    OutboxMessage,
    OutboxStatus,
    Person,
    Plan,
    ReportingPeriod,
    ReportingRule,
    Role,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.periods.calendar import (
    at_local,
    day_off_name,
    deliverable_at,
    is_working_day,
    next_working_day,
    previous_working_day,
    working_hour,
)
from bot.periods.store import active_rules, periods_due_between
from bot.services.succession import effective_agency_map

EARLY = "reminder"
DEADLINE = "deadline"
ESCALATION = "escalation"
LATE = "late"
NUDGE = "nudge"
UNREACHABLE = "unreachable"
TASK_EARLY = "task_reminder"  # a task's own deadline (Task.timeframe_end) is coming
TASK_DUE = "task_deadline"  # … and is today (or the working day before a day off)
MUTABLE_KINDS = frozenset({EARLY, TASK_EARLY})  # deadline notices and escalation cannot be muted
PERSON_KINDS = frozenset({EARLY, DEADLINE, LATE, NUDGE})  # about the recipient's own tasks
TASK_KINDS = frozenset({TASK_EARLY, TASK_DUE})
TASK_LEAD_DAYS = (7, 1, 0)

REPORTING_ROLES = (AssignmentRole.LEAD,)  # lead agencies (chủ trì) report; coordinating ones help
ESCALATION_HORIZON_DAYS = 90  # stop chasing a period three months after its deadline
PLAN_AHEAD_DAYS = 1  # rows are written for today and tomorrow; later ones on later passes
INSERT_CHUNK = 2_000
DEFAULT_REMIND_HOUR = 8


@dataclass(slots=True)
class Planned:
    """One message the planner wants sent."""

    kind: str
    person_id: int
    channel: str
    chat_id: str
    plan_id: int
    period_id: int | None
    due_at: datetime
    payload: dict[str, Any]
    dedupe_key: str

    def as_row(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "channel": self.channel,
            "person_id": self.person_id,
            "chat_id": self.chat_id,
            "plan_id": self.plan_id,
            "period_id": self.period_id,
            "payload": self.payload,
            "dedupe_key": self.dedupe_key,
            "due_at": self.due_at,
            "status": OutboxStatus.PENDING,
            "attempts": 0,
        }


def dedupe_key(plan_id: int, period_id: int | None, person_id: int, kind: str, lead: Any) -> str:
    return f"{plan_id}:{period_id or '-'}:{person_id}:{kind}:{lead}"


@dataclass(slots=True)
class Recipient:
    id: int
    channel: str
    chat_id: str
    agency_id: int | None


@dataclass
class Snapshot:
    """Everything one planning pass needs, read with a few queries."""

    rules: dict[int, ReportingRule]
    plans: dict[int, Plan]
    periods: list[ReportingPeriod]
    effective: dict[int, int]
    # (period id, effective agency id) → how many tasks lack an update
    outstanding: dict[tuple[int, int], int] = field(default_factory=dict)
    focal: dict[int, list[Recipient]] = field(default_factory=dict)  # agency id → focal points
    coordinators: dict[int, list[Recipient]] = field(default_factory=dict)  # agency id → people
    task_deadlines: list[TaskDeadline] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TaskDeadline:
    """A lead assignment whose task has its own deadline and is not done yet."""

    assignment_id: int
    plan_id: int
    plan_number: str
    agency_id: int  # effective
    due: date


def not_done() -> Any:
    """No update whose latest version says done: the task still needs the agency."""
    latest_done = aliased(StatusUpdate)
    newer = aliased(StatusUpdate)
    return ~(
        select(latest_done.id)
        .where(
            latest_done.assignment_id == Assignment.id,
            latest_done.status == UpdateStatus.DONE,
            ~select(newer.id).where(newer.supersedes_id == latest_done.id).exists(),
        )
        .exists()
    )


async def task_deadlines(
    session: AsyncSession, first: date, last: date, effective: dict[int, int]
) -> list[TaskDeadline]:
    """Lead assignments of tasks due in [first, last] by their own timeframe, not yet done."""
    rows = await session.execute(
        select(Assignment.id, Task.plan_id, Plan.number, Assignment.agency_id, Task.timeframe_end)
        .join(Task, Task.id == Assignment.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .join(Agency, Agency.id == Assignment.agency_id)
        .where(
            Task.timeframe_end.between(first, last),
            Task.withdrawn.is_(False),
            Task.kind == "task",  # an agency's general duty is never reminded
            Assignment.role.in_(REPORTING_ROLES),
            Agency.kind != AgencyKind.GROUP,
            not_done(),
        )
        .order_by(Task.position, Task.id)
    )
    return [
        TaskDeadline(assignment_id, plan_id, number, effective.get(agency, agency), due)
        for assignment_id, plan_id, number, agency, due in rows.tuples()
        if due is not None  # the query asks for a date in range; this tells the type checker
    ]


async def outstanding_by_agency(
    session: AsyncSession,
    periods: list[ReportingPeriod],
    effective: dict[int, int],
    agency_ids: set[int],
) -> dict[tuple[int, int], list[int]]:
    """{(period id, effective agency id): assignment ids with no update for the period}, in the
    plan's order, for a few agencies (`agency_ids`, effective ids): what a reminder lists."""
    sources = [source for source, target in effective.items() if target in agency_ids]
    result: dict[tuple[int, int], list[int]] = defaultdict(list)
    for period in periods:
        rows = await session.execute(
            select(Assignment.id, Assignment.agency_id)
            .join(Task, Task.id == Assignment.task_id)
            .join(Agency, Agency.id == Assignment.agency_id)
            .where(_reportable(period), Assignment.agency_id.in_(sources))
            .order_by(Task.position, Task.id)
        )
        for assignment_id, agency_id in rows.tuples():
            result[(period.id, effective.get(agency_id, agency_id))].append(assignment_id)
    return dict(result)


def _reportable(period: ReportingPeriod) -> Any:
    """The WHERE clause of a period's reportable assignments still without an update: lead
    assignments of the plan's live tasks (started by the period's end), not to a generic group."""
    reported = (
        select(StatusUpdate.id)
        .where(StatusUpdate.assignment_id == Assignment.id, StatusUpdate.period_id == period.id)
        .exists()
    )
    return and_(
        Task.plan_id == period.plan_id,
        Task.withdrawn.is_(False),
        Task.kind == "task",  # an agency's general duty is never reminded
        or_(Task.timeframe_start.is_(None), Task.timeframe_start <= period.end),
        Assignment.role.in_(REPORTING_ROLES),
        Agency.kind != AgencyKind.GROUP,
        ~reported,
    )


async def outstanding_counts(
    session: AsyncSession, periods: list[ReportingPeriod], effective: dict[int, int]
) -> dict[tuple[int, int], int]:
    """{(period id, effective agency id): how many tasks still lack an update}; the database
    counts (one grouped query per period), so 100,000 assignments never cross into Python."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for period in periods:
        rows = await session.execute(
            select(Assignment.agency_id, func.count(Assignment.id))
            .join(Task, Task.id == Assignment.task_id)
            .join(Agency, Agency.id == Assignment.agency_id)
            .where(_reportable(period))
            .group_by(Assignment.agency_id)
        )
        for agency_id, count in rows.tuples():
            counts[(period.id, effective.get(agency_id, agency_id))] += count
    return dict(counts)


async def _recipients(
    session: AsyncSession, role: Role, effective: dict[int, int]
) -> dict[int, list[Recipient]]:
    """{effective agency id: its active, reachable people with `role`}."""
    rows = await session.execute(
        select(Person.id, Person.channel, Person.chat_id, Person.agency_id)
        .where(
            Person.role == role,
            Person.active.is_(True),
            Person.reachable.is_(True),
            Person.agency_id.is_not(None),
        )
        .order_by(Person.id)
    )
    people: dict[int, list[Recipient]] = defaultdict(list)
    for person_id, channel, chat_id, agency_id in rows.tuples():
        if agency_id is None:  # excluded by the query; this tells the type checker
            continue
        agency = effective.get(agency_id, agency_id)
        people[agency].append(Recipient(person_id, str(channel), chat_id, agency))
    return people


async def take_snapshot(session: AsyncSession, today: date, until: date) -> Snapshot:
    rules = {rule.id: rule for rule in await active_rules(session)}
    longest_lead = max((max(rule.lead_days or [0]) for rule in rules.values()), default=0)
    # Reminders move to earlier working days around Tết; look a little further than the lead time.
    last_due = until + timedelta(days=longest_lead + 14)
    periods = await periods_due_between(
        session, today - timedelta(days=ESCALATION_HORIZON_DAYS), last_due
    )
    plan_ids = {period.plan_id for period in periods}
    plans = {
        plan.id: plan for plan in await session.scalars(select(Plan).where(Plan.id.in_(plan_ids)))
    }
    effective = await effective_agency_map(session)
    snapshot = Snapshot(rules, plans, periods, effective)
    snapshot.outstanding = await outstanding_counts(session, periods, effective)
    snapshot.focal = await _recipients(session, Role.FOCAL, effective)
    snapshot.coordinators = await _recipients(session, Role.COORDINATOR, effective)
    snapshot.task_deadlines = await task_deadlines(
        session, today, until + timedelta(days=max(TASK_LEAD_DAYS) + 14), effective
    )
    return snapshot


def coordinating_agency(rule: ReportingRule, plan: Plan | None, effective: dict[int, int]) -> int:
    agency = rule.coordinating_agency_id or (plan.coordinating_agency_id if plan else None)
    return effective.get(agency, agency) if agency is not None else -1


def reminder_days(rule: ReportingRule, due: date) -> dict[date, int]:
    """{send day: lead} for a period due on `due`; days off move to the previous working day,
    and when two lead times land on one day only the later one (smaller lead) is kept."""
    days: dict[date, int] = {}
    for lead in sorted({int(lead) for lead in (rule.lead_days or [0]) if int(lead) >= 0}):
        day = previous_working_day(due - timedelta(days=lead))
        days.setdefault(day, lead)
    return days


def escalation_days(rule: ReportingRule, due: date, until: date) -> list[tuple[int, date]]:
    """[(cycle, day)]: the first working day after the deadline, then every N days after the
    previous one (moved to working days, so Tết never piles several digests on one day)."""
    every = max(rule.escalation_every_days or 1, 1)
    cycles: list[tuple[int, date]] = []
    day = next_working_day(due + timedelta(days=1))
    while day <= until:
        cycles.append((len(cycles), day))
        day = next_working_day(day + timedelta(days=every))
    return cycles


def base_payload(period: ReportingPeriod, plan: Plan | None) -> dict[str, Any]:
    due = period.due_date
    return {
        "plan_number": plan.number if plan else "",
        "period_label": period.label,
        "due_date": due.isoformat(),
        "due_day_off": None if is_working_day(due) else (day_off_name(due) or "weekend"),
    }


def plan_messages(snapshot: Snapshot, *, now: datetime, tz: ZoneInfo, until: date) -> list[Planned]:
    """Every message due between today and `until` (local dates), from a snapshot; no I/O."""
    missing_by_period: dict[int, list[int]] = defaultdict(list)
    for period_id, agency in snapshot.outstanding:
        missing_by_period[period_id].append(agency)
    planned: list[Planned] = []
    for period in snapshot.periods:
        missing = sorted(missing_by_period.get(period.id, []))
        if missing:
            planned += _period_messages(snapshot, period, missing, now=now, tz=tz, until=until)
    return planned + _task_messages(snapshot, now=now, tz=tz, until=until)


def _task_messages(
    snapshot: Snapshot, *, now: datetime, tz: ZoneInfo, until: date
) -> list[Planned]:
    """Reminders of tasks' own deadlines: one message per person, deadline date and lead time,
    listing every task of their agency due that day."""
    today = now.astimezone(tz).date()
    grouped: dict[tuple[int, int, date], list[TaskDeadline]] = defaultdict(list)
    for item in snapshot.task_deadlines:
        grouped[(item.plan_id, item.agency_id, item.due)].append(item)
    hour = working_hour(DEFAULT_REMIND_HOUR)
    planned: list[Planned] = []
    for (plan_id, agency, due), items in grouped.items():
        days: dict[date, int] = {}
        for lead in TASK_LEAD_DAYS:
            days.setdefault(previous_working_day(due - timedelta(days=lead)), lead)
        payload = {
            "plan_number": items[0].plan_number,
            "due_date": due.isoformat(),
            "due_day_off": None if is_working_day(due) else (day_off_name(due) or "weekend"),
            "assignments": [item.assignment_id for item in items],
            "tasks": len(items),
        }
        for day, lead in days.items():
            if not today <= day <= until:
                continue
            kind = TASK_DUE if lead == 0 else TASK_EARLY
            for person in snapshot.focal.get(agency, []):
                planned.append(
                    Planned(
                        kind=kind,
                        person_id=person.id,
                        channel=person.channel,
                        chat_id=person.chat_id,
                        plan_id=plan_id,
                        period_id=None,
                        due_at=deliverable_at(at_local(day, hour, tz), now, tz),
                        payload=payload | {"lead": lead},
                        dedupe_key=dedupe_key(plan_id, None, person.id, kind, f"{due}@{lead}"),
                    )
                )
    return planned


def _period_messages(
    snapshot: Snapshot,
    period: ReportingPeriod,
    missing: list[int],
    *,
    now: datetime,
    tz: ZoneInfo,
    until: date,
) -> list[Planned]:
    """The messages of one period with agencies still `missing` (effective agency ids)."""
    today = now.astimezone(tz).date()
    rule = snapshot.rules[period.rule_id]
    plan = snapshot.plans.get(period.plan_id)
    base = base_payload(period, plan)
    hour = working_hour(rule.remind_hour)
    planned: list[Planned] = []

    def add(kind: str, person: Recipient, lead: int, day: date, extra: dict[str, Any]) -> None:
        planned.append(
            Planned(
                kind=kind,
                person_id=person.id,
                channel=person.channel,
                chat_id=person.chat_id,
                plan_id=period.plan_id,
                period_id=period.id,
                due_at=deliverable_at(at_local(day, hour, tz), now, tz),
                payload=base | {"lead": lead} | extra,
                dedupe_key=dedupe_key(period.plan_id, period.id, person.id, kind, lead),
            )
        )

    for day, lead in reminder_days(rule, period.due_date).items():
        if today <= day <= until:
            kind = DEADLINE if lead == 0 else EARLY
            for agency in missing:
                tasks = snapshot.outstanding[(period.id, agency)]
                for person in snapshot.focal.get(agency, []):
                    add(kind, person, lead, day, {"agency_id": agency, "tasks": tasks})
    coordinators = snapshot.coordinators.get(
        coordinating_agency(rule, plan, snapshot.effective), []
    )
    last_day = period.due_date + timedelta(days=ESCALATION_HORIZON_DAYS)
    for cycle, day in escalation_days(rule, period.due_date, min(until, last_day)):
        if day < today:
            continue
        for person in coordinators:
            add(ESCALATION, person, -(cycle + 1), day, {"missing": len(missing)})
        if cycle == 0:  # the one last notice to each late agency
            for agency in missing:
                for person in snapshot.focal.get(agency, []):
                    add(LATE, person, -1, day, {"agency_id": agency})
    return planned


async def insert_planned(session: AsyncSession, planned: list[Planned]) -> int:
    """Bulk insert; rows whose dedupe_key exists are skipped. Returns how many were new."""
    if not planned:
        return 0
    before = await _outbox_count(session)
    statement = insert_ignoring_duplicates(session, OutboxMessage, ["dedupe_key"])
    rows = [item.as_row() for item in planned]
    for start in range(0, len(rows), INSERT_CHUNK):
        await session.execute(statement, rows[start : start + INSERT_CHUNK])
    return await _outbox_count(session) - before


async def _outbox_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count(OutboxMessage.id))) or 0)


async def plan_reminders(session: AsyncSession, *, now: datetime, tz: ZoneInfo) -> int:
    """Write the outbox rows due today and tomorrow; returns how many new rows were planned."""
    today = now.astimezone(tz).date()
    until = today + timedelta(days=PLAN_AHEAD_DAYS)
    snapshot = await take_snapshot(session, today, until)
    return await insert_planned(session, plan_messages(snapshot, now=now, tz=tz, until=until))


async def preview_reminders(
    session: AsyncSession, *, now: datetime, tz: ZoneInfo, days: int
) -> list[Planned]:
    """What would be sent in the next `days` days as things stand, without writing outbox rows."""
    today = now.astimezone(tz).date()
    until = today + timedelta(days=days)
    snapshot = await take_snapshot(session, today, until)
    return sorted(
        plan_messages(snapshot, now=now, tz=tz, until=until), key=lambda p: (p.due_at, p.person_id)
    )
