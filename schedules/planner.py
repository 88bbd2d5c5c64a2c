"""Where a reminder's timing is decided: set-based planning of outbox rows.

One pass reads the active rules, their periods still being chased, how many tasks each agency
still owes (counted by the database: one report per task and effective agency, as
`bot.services.obligations` defines it), and the people to write to (a handful of queries), then
writes all rows due today and tomorrow in one bulk INSERT … ON CONFLICT DO NOTHING on
`dedupe_key` (plan, period, recipient, kind, lead time), so planning twice plans nothing new.

A period is chased from its early reminders until every agency has reported for it or an admin
closes it (`ReportingPeriod.closed_at`); periods due before dondoc followed the plan
(`bot.periods.store.tracking_start`) are not. Rules without a due date plan nothing.

Kinds of message:
- `reminder`: an early reminder (lead > 0 days) to each focal point of an agency with outstanding
  tasks: ONE message per person listing all their tasks; can be snoozed or muted.
- `deadline`: on the deadline day (or the working day before it when it falls on a day off); it
  cannot be muted or snoozed.
- `escalation`: once the deadline has run out (a deadline on a day off runs to the next working
  day), a digest to the plan's coordinators naming the agencies still missing and the explanation
  requests left unanswered, every `rule.escalation_every_days` days (on working days).
- `late`: on the same days, a late notice to each focal point of an agency still missing.
- `task_reminder` / `task_deadline`: a task's own deadline (Task.timeframe_end, "trước ngày
  30/6/2025", "Quý II/2025") 7 and 1 days before and on the day, until its latest update says done.
- `nudge` (a coordinator's /nudge) and `unreachable` (a 403, told to coordinators) are queued
  elsewhere (schedules.deadlines, schedules.sender) but sent the same way.
- `away`: a focal point on leave (/away, `bot.services.away`) gets none of the above on the days
  of the leave; their agency's other focal points still get theirs (the re-check names whom
  they stand in for). When nobody else is left to remind, the plan's coordinators are told who
  is away and until when: once per leave, on the first day a message is held back. On the
  first working day back, a period whose messages were held back and that is still owed gets
  one message that morning (unless one of its own is due that day anyway).

Rows carry in their payload what the text needs; the tasks themselves are read again at send time,
so an agency that reported meanwhile gets nothing (the sender cancels the row).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.dialect import insert_ignoring_duplicates
from bot.db.models import (
    Agency,
    AgencyKind,
    Assignment,
    AssignmentRole,
    ExplanationRequest,
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
    days_late,
    deadline_runs_to,
    deliverable_at,
    next_working_day,
    previous_working_day,
    working_hour,
)
from bot.periods.store import active_rules, periods_due_between, tracking_start
from bot.services.away import Leave
from bot.services.people import reachable
from bot.services.succession import effective_agency_map

EARLY = "reminder"
DEADLINE = "deadline"
ESCALATION = "escalation"
LATE = "late"
NUDGE = "nudge"
UNREACHABLE = "unreachable"
AWAY = "away"  # to coordinators: an agency's only focal points are on leave
TASK_EARLY = "task_reminder"  # a task's own deadline (Task.timeframe_end) is coming
TASK_DUE = "task_deadline"  # … and is today (or the working day before a day off)
MUTABLE_KINDS = frozenset({EARLY, TASK_EARLY})  # deadline notices and escalation cannot be muted
PERSON_KINDS = frozenset({EARLY, DEADLINE, LATE, NUDGE})  # about the recipient's own tasks
TASK_KINDS = frozenset({TASK_EARLY, TASK_DUE})
HELD_BY_LEAVE = PERSON_KINDS | TASK_KINDS  # not sent to a focal point on leave
TASK_LEAD_DAYS = (7, 1, 0)

REPORTING_ROLES = (AssignmentRole.LEAD,)  # lead agencies (chủ trì) report; coordinating ones help
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

    @classmethod
    def to(
        cls,
        person: Recipient,
        kind: str,
        at: tuple[int, int | None, datetime],
        payload: dict[str, Any],
        key: str,
    ) -> Planned:
        """A message to `person` about `at` (plan id, period id, when it is due)."""
        plan_id, period_id, due_at = at
        return cls(
            kind,
            person.id,
            person.channel,
            person.chat_id,
            plan_id,
            period_id,
            due_at,
            payload,
            key,
        )

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


def period_kind(lead: int) -> str:
    """The kind of a period's message `lead` days before its deadline (negative: after)."""
    return DEADLINE if lead == 0 else EARLY if lead > 0 else LATE


def task_kind(lead: int) -> str:
    """The kind of a task's own deadline reminder `lead` days before it."""
    return TASK_DUE if lead == 0 else TASK_EARLY


def task_key(plan_id: int, person_id: int, due: date, lead: int) -> str:
    """A task deadline reminder's dedupe key: one per plan, person, deadline and lead."""
    return dedupe_key(plan_id, None, person_id, task_kind(lead), f"{due}@{lead}")


def away_key(coordinator_id: int, person_id: int, leave: Leave) -> str:
    """One notice per coordinator and leave, whatever the plans and periods."""
    return f"-:-:{coordinator_id}:{AWAY}:{person_id}@{leave.first}..{leave.last}"


@dataclass(slots=True)
class Recipient:
    id: int
    channel: str
    chat_id: str
    agency_id: int | None
    leave: Leave | None = None

    def away_on(self, day: date) -> bool:
        return self.leave is not None and self.leave.covers(day)


@dataclass
class Snapshot:
    """Everything one planning pass needs, read with a few queries."""

    rules: dict[int, ReportingRule]
    plans: dict[int, Plan]
    periods: list[ReportingPeriod]
    effective: dict[int, int]
    # (period id, effective agency id) → how many tasks it still owes a report on
    outstanding: dict[tuple[int, int], int] = field(default_factory=dict)
    focal: dict[int, list[Recipient]] = field(default_factory=dict)  # agency id → focal points
    coordinators: dict[int, list[Recipient]] = field(default_factory=dict)  # agency id → people
    task_deadlines: list[TaskDeadline] = field(default_factory=list)
    # period id → the answer due dates of its explanation requests still unanswered
    unanswered: dict[int, list[date]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TaskDeadline:
    """A task with its own deadline, not done yet, and the (effective) agency that leads it."""

    assignment_id: int  # the first of the agency's lead assignments of the task
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
    """Tasks due in [first, last] by their own timeframe, once per task and effective agency,
    unless an update on any of that agency's lead assignments of the task says done."""
    rows = await session.execute(
        select(
            Assignment.id,
            Task.id,
            Task.plan_id,
            Plan.number,
            Assignment.agency_id,
            Task.timeframe_end,
            not_done(),
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .join(Agency, Agency.id == Assignment.agency_id)
        .where(
            Task.timeframe_end.between(first, last),
            Task.withdrawn.is_(False),
            Task.kind == "task",  # an agency's general duty is never reminded
            Assignment.role.in_(REPORTING_ROLES),
            Agency.kind != AgencyKind.GROUP,
        )
        .order_by(Task.position, Task.id, Assignment.position, Assignment.id)
    )
    found: dict[tuple[int, int], TaskDeadline] = {}
    done: set[tuple[int, int]] = set()
    for assignment_id, task_id, plan_id, number, agency, due, open_ in rows.tuples():
        key = (task_id, effective.get(agency, agency))
        if not open_:
            done.add(key)
        if due is not None:  # the query asks for a date in range; this tells the type checker
            found.setdefault(key, TaskDeadline(assignment_id, plan_id, number, key[1], due))
    return [item for key, item in found.items() if key not in done]


def _owed(period: ReportingPeriod) -> Any:
    """The WHERE clause of the assignments that owe a report in a period: lead assignments of
    the plan's live tasks (started by the period's end), not to a generic group."""
    return and_(
        Task.plan_id == period.plan_id,
        Task.withdrawn.is_(False),
        Task.kind == "task",  # an agency's general duty is never reminded
        or_(Task.timeframe_start.is_(None), Task.timeframe_start <= period.end),
        Assignment.role.in_(REPORTING_ROLES),
        Agency.kind != AgencyKind.GROUP,
    )


def _reported(assignment: Any, period: ReportingPeriod) -> Any:
    return (
        select(StatusUpdate.id)
        .where(StatusUpdate.assignment_id == assignment.id, StatusUpdate.period_id == period.id)
        .exists()
    )


def _covered(period: ReportingPeriod, moved: dict[int, int]) -> Any:
    """Whether another lead assignment of the task with the same effective agency comes first
    (smaller id) or is reported: then this one does not stand for the (task, agency) pair."""
    sibling = aliased(Assignment)
    effective = case(moved, value=Assignment.agency_id, else_=Assignment.agency_id)
    sibling_effective = case(moved, value=sibling.agency_id, else_=sibling.agency_id)
    return (
        select(sibling.id)
        .where(
            sibling.task_id == Assignment.task_id,
            sibling.role.in_(REPORTING_ROLES),
            sibling.id != Assignment.id,
            sibling_effective == effective,
            or_(sibling.id < Assignment.id, _reported(sibling, period)),
        )
        .exists()
    )


async def plan_each_query(session: AsyncSession) -> None:
    """On PostgreSQL, plan this transaction's queries for their own values and without JIT: after
    five runs of a prepared statement PostgreSQL may switch to a generic plan, and the counts'
    generic plan (which knows neither plan nor period) takes 0.6 s a period instead of 0.15;
    their estimated cost also triggers JIT compilation, ~0.1 s a query for nothing."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        await session.execute(text("SET LOCAL jit = off"))


async def outstanding_counts(
    session: AsyncSession, periods: list[ReportingPeriod], effective: dict[int, int]
) -> dict[tuple[int, int], int]:
    """{(period id, effective agency id): how many tasks it still owes a report on}.

    One report per task and effective agency (`bot.services.obligations`): a task whose two lead
    agencies merged into one is owed once, and a report on either assignment fulfils it. The
    database counts one representative assignment per pair (one query per period, grouped by
    agency), so 100,000 assignments never cross into Python: every owed, unreported assignment
    of an agency untouched by the mergers, and of a merged one those no sibling covers."""
    await plan_each_query(session)
    moved = {source: target for source, target in effective.items() if source != target}
    merged = set(moved) | set(moved.values())
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for period in periods:
        query = (
            select(Assignment.agency_id, func.count(Assignment.id))
            .join(Task, Task.id == Assignment.task_id)
            .join(Agency, Agency.id == Assignment.agency_id)
            .where(_owed(period), ~_reported(Assignment, period))
            .group_by(Assignment.agency_id)
        )
        if merged:
            query = query.where(or_(Assignment.agency_id.not_in(merged), ~_covered(period, moved)))
        for agency_id, count in (await session.execute(query)).tuples():
            counts[(period.id, effective.get(agency_id, agency_id))] += count
    return dict(counts)


async def _recipients(
    session: AsyncSession, role: Role, effective: dict[int, int]
) -> dict[int, list[Recipient]]:
    """{effective agency id: its active, reachable people with `role`}."""
    rows = await session.execute(
        select(
            Person.id,
            Person.channel,
            Person.chat_id,
            Person.agency_id,
            Person.away_from,
            Person.away_until,
        )
        .where(*reachable(role), Person.agency_id.is_not(None))
        .order_by(Person.id)
    )
    people: dict[int, list[Recipient]] = defaultdict(list)
    for person_id, channel, chat_id, agency_id, first, last in rows.tuples():
        if agency_id is None:  # excluded by the query; this tells the type checker
            continue
        agency = effective.get(agency_id, agency_id)
        leave = Leave(first, last) if first is not None and last is not None else None
        people[agency].append(Recipient(person_id, str(channel), chat_id, agency, leave))
    return people


async def chased_periods(
    session: AsyncSession, rules: list[ReportingRule], last_due: date
) -> list[ReportingPeriod]:
    """The periods a pass looks at: those due up to `last_due` (early reminders) and every
    past-due one since dondoc follows the plan, except the periods an admin closed."""
    periods: list[ReportingPeriod] = []
    for plan_id in sorted({rule.plan_id for rule in rules}):
        first = await tracking_start(session, plan_id)
        rows = await periods_due_between(session, first, last_due, plan_id)
        periods += [row for row in rows if row.closed_at is None]
    return periods


async def unanswered_requests(
    session: AsyncSession, period_ids: list[int], until: date
) -> dict[int, list[date]]:
    """{period id: answer due dates of its unanswered explanation requests due before `until`}."""
    if not period_ids:
        return {}
    rows = await session.execute(
        select(ExplanationRequest.period_id, ExplanationRequest.answer_due).where(
            ExplanationRequest.period_id.in_(period_ids),
            ExplanationRequest.answered_at.is_(None),
            ExplanationRequest.answer_due < until,
        )
    )
    found: dict[int, list[date]] = defaultdict(list)
    for period_id, answer_due in rows.tuples():
        found[period_id].append(answer_due)
    return dict(found)


async def take_snapshot(session: AsyncSession, today: date, until: date) -> Snapshot:
    rules = {rule.id: rule for rule in await active_rules(session)}
    longest_lead = max((max(rule.lead_days or [0]) for rule in rules.values()), default=0)
    # Reminders move to earlier working days around Tết; look a little further than the lead time.
    last_due = until + timedelta(days=longest_lead + 14)
    periods = await chased_periods(session, list(rules.values()), last_due)
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
    past_due = [period.id for period in periods if period.due_date < until]
    snapshot.unanswered = await unanswered_requests(session, past_due, until)
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


def task_reminder_days(due: date) -> dict[date, int]:
    """{send day: lead} of the reminders of a task's own deadline `due` (`TASK_LEAD_DAYS`),
    moved to working days like a period's."""
    days: dict[date, int] = {}
    for lead in TASK_LEAD_DAYS:
        days.setdefault(previous_working_day(due - timedelta(days=lead)), lead)
    return days


def escalation_days(rule: ReportingRule, due: date, until: date) -> list[tuple[int, date]]:
    """[(cycle, day)]: the first working day after the deadline has run out (a deadline on a day
    off runs to the next working day), then every N days after the previous one (moved to working
    days, so Tết never piles several digests on one day), for as long as the period is chased."""
    every = max(rule.escalation_every_days or 1, 1)
    cycles: list[tuple[int, date]] = []
    day = next_working_day(deadline_runs_to(due) + timedelta(days=1))
    while day <= until:
        cycles.append((len(cycles), day))
        day = next_working_day(day + timedelta(days=every))
    return cycles


def base_payload(period: ReportingPeriod, plan: Plan | None) -> dict[str, Any]:
    return {
        "plan_number": plan.number if plan else "",
        "period_label": period.label,
        "due_date": period.due_date.isoformat(),
    }


def plan_messages(snapshot: Snapshot, *, now: datetime, tz: ZoneInfo, until: date) -> list[Planned]:
    """Every message due between today and `until` (local dates), from a snapshot; no I/O."""
    missing_by_period: dict[int, list[int]] = defaultdict(list)
    for period_id, agency in snapshot.outstanding:
        missing_by_period[period_id].append(agency)
    planned: list[Planned] = []
    for period in snapshot.periods:
        missing = sorted(missing_by_period.get(period.id, []))
        if missing or period.id in snapshot.unanswered:
            planned += _period_messages(snapshot, period, missing, now=now, tz=tz, until=until)
    return _earliest_away(planned + _task_messages(snapshot, now=now, tz=tz, until=until))


def _earliest_away(planned: list[Planned]) -> list[Planned]:
    """Each away notice once, at its earliest time: one comes up with every message held back
    during a leave, and goes with the first. Every other message is planned once already (its
    dedupe key names its period or deadline, recipient, kind and lead time)."""
    kept: dict[str, int] = {}  # an away notice's key: its place in `once`
    once: list[Planned] = []
    for item in planned:
        if item.kind != AWAY:
            once.append(item)
        elif (place := kept.get(item.dedupe_key)) is None:
            kept[item.dedupe_key] = len(once)
            once.append(item)
        elif item.due_at < once[place].due_at:
            once[place] = item
    return once


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
        days = task_reminder_days(due)
        payload = {
            "plan_number": items[0].plan_number,
            "due_date": due.isoformat(),
            "assignments": [item.assignment_id for item in items],
            "tasks": len(items),
        }
        for day, lead in days.items():
            if not today <= day <= until:
                continue
            kind = task_kind(lead)
            at = (plan_id, None, deliverable_at(at_local(day, hour, tz), now, tz))
            for person in snapshot.focal.get(agency, []):
                if person.away_on(day):
                    continue
                key = task_key(plan_id, person.id, due, lead)
                planned.append(Planned.to(person, kind, at, payload | {"lead": lead}, key))
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
    """The messages of one period with agencies still `missing` (effective agency ids) or
    explanation requests unanswered."""
    today = now.astimezone(tz).date()
    rule = snapshot.rules[period.rule_id]
    plan = snapshot.plans.get(period.plan_id)
    base = base_payload(period, plan)
    hour = working_hour(rule.remind_hour)
    planned: list[Planned] = []

    def at(day: date, period_id: int | None) -> tuple[int, int | None, datetime]:
        return period.plan_id, period_id, deliverable_at(at_local(day, hour, tz), now, tz)

    def add(kind: str, person: Recipient, lead: Any, day: date, extra: dict[str, Any]) -> None:
        key = dedupe_key(period.plan_id, period.id, person.id, kind, lead)
        planned.append(
            Planned.to(person, kind, at(day, period.id), base | {"lead": lead} | extra, key)
        )

    coordinators = snapshot.coordinators.get(
        coordinating_agency(rule, plan, snapshot.effective), []
    )

    def present(agency: int, day: date) -> list[Recipient]:
        """The agency's focal points not on leave on `day`; when it has none left, the
        coordinators are told of each one away (once per leave: `away_key`)."""
        people = snapshot.focal.get(agency, [])
        here = [person for person in people if not person.away_on(day)]
        if not here:
            for person in people:
                assert person.leave is not None  # away, since nobody is here
                leave = {
                    "first": person.leave.first.isoformat(),
                    "last": person.leave.last.isoformat(),
                }
                payload = {"away_person_id": person.id, "leave": leave}
                for coordinator in coordinators:
                    key = away_key(coordinator.id, person.id, person.leave)
                    planned.append(Planned.to(coordinator, AWAY, at(day, None), payload, key))
        return here

    for day, lead in reminder_days(rule, period.due_date).items():
        if today <= day <= until:
            kind = period_kind(lead)
            for agency in missing:
                tasks = snapshot.outstanding[(period.id, agency)]
                for person in present(agency, day):
                    add(kind, person, lead, day, {"agency_id": agency, "tasks": tasks})
    unanswered = snapshot.unanswered.get(period.id, [])
    for cycle, day in escalation_days(rule, period.due_date, until):
        if day < today:
            continue
        if missing or any(answer_due < day for answer_due in unanswered):
            for person in coordinators:
                add(ESCALATION, person, -(cycle + 1), day, {"missing": len(missing)})
        for agency in missing:  # the late notice, as long as the agency owes the report
            tasks = snapshot.outstanding[(period.id, agency)]
            for person in present(agency, day):
                add(LATE, person, -(cycle + 1), day, {"agency_id": agency, "tasks": tasks})
    for agency in missing:  # back from leave: what was held back, that morning
        tasks = snapshot.outstanding[(period.id, agency)]
        for person in snapshot.focal.get(agency, []):
            if person.leave is None:
                continue
            back = back_day(rule, period.due_date, person.leave)
            if back is not None and today <= back <= until:
                mark = f"back@{person.leave.last}"
                extra = {"agency_id": agency, "tasks": tasks}
                add(back_kind(period.due_date, back), person, mark, back, extra)
    return planned


def back_kind(due: date, day: date) -> str:
    """What a message on `day` is to a period due on `due`: early, the deadline, or late."""
    if day < due:
        return EARLY
    return DEADLINE if days_late(due, day) == 0 else LATE


def back_day(rule: ReportingRule, due: date, leave: Leave | None) -> date | None:
    """The first working day after `leave` when messages of the period due on `due` were held
    back during it and none is planned that day anyway; else None."""
    if leave is None:
        return None
    back = next_working_day(leave.back)
    days = set(reminder_days(rule, due)) | {day for _, day in escalation_days(rule, due, back)}
    if back in days or not any(leave.covers(day) for day in days):
        return None
    return back


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
