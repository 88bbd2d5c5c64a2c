"""The last look before sending: is this message still worth sending, and what does it say now?

For a batch of claimed outbox rows, a few queries decide each row's fate: send (with the text
rendered from the current state), cancel (the agency reported meanwhile, the person left or is
on leave today, muted early reminders, the bot is blocked, or a later reminder of the same
series is due already: `schedules.series`), or postpone (the person snoozed
reminders). A reminder lists what fits its channel (`Capabilities`) and names the colleagues on
leave today whom its recipient stands in for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import Outgoing
from bot.channels.capabilities import capabilities
from bot.db.models import (
    Agency,
    Assignment,
    OutboxMessage,
    OutboxStatus,
    Person,
    ReportingPeriod,
    ReportingRule,
    Task,
)
from bot.periods.calendar import VN_TZ
from bot.services import away
from bot.services.explanations import plan_explanations
from bot.services.obligations import Obligation, lead_obligations, missing_reports
from bot.services.succession import effective_agency_map
from schedules.messages import (
    Room,
    TaskLine,
    Unanswered,
    render_away_notice,
    render_escalation,
    render_person_message,
    render_task_message,
    render_unreachable,
)
from schedules.planner import (
    AWAY,
    ESCALATION,
    HELD_BY_LEAVE,
    MUTABLE_KINDS,
    PERSON_KINDS,
    REPORTING_ROLES,
    TASK_KINDS,
    UNREACHABLE,
    not_done,
    outstanding_counts,
)
from schedules.series import successor_keys


@dataclass(frozen=True, slots=True)
class ClaimedRow:
    id: int
    kind: str
    channel: str
    person_id: int | None
    chat_id: str
    plan_id: int | None
    period_id: int | None
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True, slots=True)
class Send:
    """Send the message `render()` makes. Rendering waits for the message's turn, so a batch's
    texts are not all built in one go while other messages wait for the event loop."""

    render: Callable[[], Outgoing]

    @property
    def message(self) -> Outgoing:
        return self.render()


@dataclass(frozen=True, slots=True)
class Cancel:
    reason: str


@dataclass(frozen=True, slots=True)
class Postpone:
    until: datetime


Decision = Send | Cancel | Postpone


@dataclass(frozen=True, slots=True)
class Batch:
    """What the re-check of a batch reads once for all its rows: the recipients, the periods,
    the agencies' successors (`effective_agency_map`) and today, in Hà Nội."""

    people: dict[int, Person]
    periods: dict[int, ReportingPeriod]
    effective: dict[int, int]
    today: date

    def person(self, row: ClaimedRow) -> Person | None:
        return self.people.get(row.person_id) if row.person_id is not None else None

    def locale(self, row: ClaimedRow) -> str:
        return _locale(self.person(row))

    def periods_of(self, rows: list[ClaimedRow]) -> list[ReportingPeriod]:
        """The periods `rows` are about, each once, in the rows' order."""
        wanted = dict.fromkeys(row.period_id for row in rows if row.period_id is not None)
        return [self.periods[period_id] for period_id in wanted]

    def agency_of(self, row: ClaimedRow) -> int | None:
        """The recipient's effective agency."""
        person = self.person(row)
        agency = person.agency_id if person is not None else None
        return self.effective.get(agency, agency) if agency is not None else None


# Built once, a batch's ids bound: building a statement and its cache key took ~0.1 ms a batch.
_PEOPLE = select(Person).where(Person.id.in_(bindparam("ids", expanding=True)))
_PERIODS = select(ReportingPeriod).where(ReportingPeriod.id.in_(bindparam("ids", expanding=True)))
_RULES = select(ReportingRule).where(ReportingRule.id.in_(bindparam("ids", expanding=True)))
_QUEUED_KEYS = select(OutboxMessage.dedupe_key).where(
    OutboxMessage.dedupe_key.in_(bindparam("keys", expanding=True)),
    OutboxMessage.status != OutboxStatus.CANCELLED,
)


async def decide(
    session: AsyncSession,
    rows: list[ClaimedRow],
    now: datetime,
    effective: dict[int, int] | None = None,
) -> dict[int, Decision]:
    """{row id: what to do with it}, for a whole batch in a handful of queries. `effective`:
    the agencies' successors (`effective_agency_map`), when the caller has them already."""
    person_ids = list({row.person_id for row in rows if row.person_id is not None})
    people = {person.id: person for person in await session.scalars(_PEOPLE, {"ids": person_ids})}
    if effective is None:
        effective = await effective_agency_map(session)
    period_ids = list({row.period_id for row in rows if row.period_id is not None})
    periods = {period.id: period for period in await session.scalars(_PERIODS, {"ids": period_ids})}
    today = now.astimezone(VN_TZ).date()
    rule_ids = list({period.rule_id for period in periods.values()})
    rules = {rule.id: rule for rule in await session.scalars(_RULES, {"ids": rule_ids})}
    batch = Batch(people, periods, effective, today)
    replaced = await _replaced(session, rows, periods, rules, now)
    decisions: dict[int, Decision] = {}
    needs_tasks: list[ClaimedRow] = []
    escalations: list[ClaimedRow] = []
    task_rows: list[ClaimedRow] = []
    away_rows: list[ClaimedRow] = []
    for row in rows:
        person = batch.person(row)
        verdict = _recipient_verdict(row, person, now, today)
        if verdict is not None:
            decisions[row.id] = verdict
        elif row.id in replaced:
            decisions[row.id] = Cancel("superseded: a later reminder of its series is due")
        elif "message" in row.payload:
            message = row.payload["message"]
            decisions[row.id] = Send(partial(Outgoing.from_json, message, locale=_locale(person)))
        elif row.kind == UNREACHABLE:
            decisions[row.id] = Send(partial(render_unreachable, row.payload, _locale(person)))
        elif row.kind == AWAY:
            away_rows.append(row)
        elif row.kind in TASK_KINDS:
            task_rows.append(row)
        elif row.period_id not in periods:
            decisions[row.id] = Cancel("period gone")
        elif periods[row.period_id].closed_at is not None:
            decisions[row.id] = Cancel("period closed")
        elif row.kind in PERSON_KINDS:
            needs_tasks.append(row)
        elif row.kind == ESCALATION:
            escalations.append(row)
        else:
            decisions[row.id] = Cancel(f"unknown kind {row.kind}")
    decisions |= await _person_messages(session, needs_tasks, batch)
    decisions |= await _escalations(session, escalations, batch)
    decisions |= await _task_messages(session, task_rows, batch)
    decisions |= await _away_notices(session, away_rows, batch)
    return decisions


async def _replaced(
    session: AsyncSession,
    rows: list[ClaimedRow],
    periods: dict[int, ReportingPeriod],
    rules: dict[int, ReportingRule],
    now: datetime,
) -> set[int]:
    """The ids of `rows` that a later message of their series replaces: its day has come and it
    is in the outbox (`schedules.series`). One query for the batch, only when a row has one."""
    later: dict[int, list[str]] = {}
    for row in rows:
        if row.person_id is None or row.plan_id is None:
            continue
        keys = successor_keys(
            row.kind,
            row.payload,
            _rule_of(row, periods, rules),
            now,
            VN_TZ,
            plan_id=row.plan_id,
            period_id=row.period_id,
            person_id=row.person_id,
        )
        if keys:
            later[row.id] = keys
    if not later:
        return set()
    wanted = [key for keys in later.values() for key in keys]
    queued = set(await session.scalars(_QUEUED_KEYS, {"keys": wanted}))
    return {row_id for row_id, keys in later.items() if queued.intersection(keys)}


def _rule_of(
    row: ClaimedRow, periods: dict[int, ReportingPeriod], rules: dict[int, ReportingRule]
) -> ReportingRule | None:
    period = periods.get(row.period_id) if row.period_id is not None else None
    return rules.get(period.rule_id) if period is not None else None


def _locale(person: Person | None) -> str:
    return person.language if person is not None else "vi"


def _recipient_verdict(
    row: ClaimedRow, person: Person | None, now: datetime, today: date
) -> Decision | None:
    if row.person_id is None:
        return None
    if person is None or not person.active:
        return Cancel("recipient no longer active")
    if not person.reachable:
        return Cancel("recipient unreachable")
    if row.kind in HELD_BY_LEAVE and away.is_away(person, today):
        return Cancel("recipient on leave")
    if row.kind in MUTABLE_KINDS and person.mute_early_reminders:
        return Cancel("early reminders muted")
    if row.kind in MUTABLE_KINDS and person.snoozed_until and person.snoozed_until > now:
        return Postpone(person.snoozed_until)
    return None


async def outstanding_tasks(
    session: AsyncSession,
    periods: list[ReportingPeriod],
    effective: dict[int, int],
    agency_ids: set[int],
) -> dict[tuple[int, int], list[Obligation]]:
    """{(period id, effective agency id): the tasks it still owes a report on}, in the plan's
    order, for a few agencies (effective ids): what a reminder lists, one line per task and
    effective agency, as /tasks shows it (`bot.services.obligations`)."""
    if not periods or not agency_ids:
        return {}
    obligations = await lead_obligations(
        session,
        plan_ids={period.plan_id for period in periods},
        agency_ids=agency_ids,
        effective=effective,
    )
    owed: dict[tuple[int, int], list[Obligation]] = defaultdict(list)
    for period_id, items in (await missing_reports(session, periods, obligations)).items():
        for item in items:
            owed[(period_id, item.agency_id)].append(item)
    return dict(owed)


async def _person_messages(
    session: AsyncSession, rows: list[ClaimedRow], batch: Batch
) -> dict[int, Decision]:
    """Each row judged against its own period: the agency's tasks still unreported in it."""
    if not rows:
        return {}
    effective, today = batch.effective, batch.today
    agency_of = {row.id: batch.agency_of(row) or 0 for row in rows}  # 0: no agency
    agencies = set(agency_of.values()) - {0}
    outstanding = await outstanding_tasks(session, batch.periods_of(rows), effective, agencies)
    absent = await away.absences(session, agencies, today, effective)
    decisions: dict[int, Decision] = {}
    for row in rows:
        owed = outstanding.get((row.period_id or 0, agency_of[row.id]), [])
        if not owed:
            decisions[row.id] = Cancel("nothing outstanding: the agency reported")
            continue
        tasks = [TaskLine(item.assignment_id, item.code, item.content) for item in owed]
        decisions[row.id] = Send(
            partial(
                render_person_message,
                row.kind,
                row.payload,
                tasks,
                batch.locale(row),
                today=today,
                period_id=row.period_id,
                room=Room.of(capabilities(row.channel)),
                covering=_covering(row, absent.get(agency_of[row.id], [])),
            )
        )
    return decisions


def _covering(row: ClaimedRow, absent: list[away.Absence]) -> list[away.Absence]:
    """The recipient's colleagues on leave today (never the recipient: that row is cancelled)."""
    return [item for item in absent if item.person_id != row.person_id]


async def _unanswered(
    session: AsyncSession, rows: list[ClaimedRow], today: date
) -> dict[int, list[Unanswered]]:
    """{period id: its explanation requests not answered by their answer date}."""
    by_plan: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        if row.plan_id is not None and row.period_id is not None:
            by_plan[row.plan_id].add(row.period_id)
    found: dict[int, list[Unanswered]] = defaultdict(list)
    for plan_id, period_ids in by_plan.items():
        for view in await plan_explanations(session, plan_id, period_ids):
            if view.unanswered_past_due(today):
                found[view.period_id].append(
                    Unanswered(view.agency_name, view.requested_on, view.answer_due)
                )
    return found


async def _escalations(
    session: AsyncSession, rows: list[ClaimedRow], batch: Batch
) -> dict[int, Decision]:
    if not rows:
        return {}
    today = batch.today
    outstanding = await outstanding_counts(session, batch.periods_of(rows), batch.effective)
    per_period: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (period_id, agency), count in outstanding.items():
        per_period[period_id].append((agency, count))
    agency_rows = await session.execute(
        select(Agency.id, Agency.name).where(Agency.id.in_({agency for _, agency in outstanding}))
    )
    names = {agency_id: name for agency_id, name in agency_rows.tuples()}
    unanswered = await _unanswered(session, rows, today)
    decisions: dict[int, Decision] = {}
    for row in rows:
        missing = sorted(
            (names.get(agency, str(agency)), count)
            for agency, count in per_period[row.period_id or 0]
        )
        late_answers = unanswered.get(row.period_id or 0, [])
        if not missing and not late_answers:
            decisions[row.id] = Cancel("every agency has reported")
            continue
        decisions[row.id] = Send(
            partial(
                render_escalation,
                row.payload,
                missing,
                batch.locale(row),
                unanswered=late_answers,
                today=today,
            )
        )
    return decisions


async def _task_messages(
    session: AsyncSession, rows: list[ClaimedRow], batch: Batch
) -> dict[int, Decision]:
    """Reminders of tasks' own deadlines: only the tasks not done by now are listed (a task is
    done for an agency when an update on any of its lead assignments of the task says so)."""
    wanted = {i for row in rows for i in row.payload.get("assignments", [])}
    if not wanted:
        return {row.id: Cancel("no task") for row in rows}
    tasks_of = select(Assignment.task_id).where(Assignment.id.in_(wanted))
    found = await session.execute(
        select(Assignment.id, Assignment.task_id, Assignment.agency_id, Task.code, Task.content)
        .add_columns(not_done())
        .join(Task, Task.id == Assignment.task_id)
        .where(
            Assignment.task_id.in_(tasks_of),
            Assignment.role.in_(REPORTING_ROLES),
            Task.withdrawn.is_(False),
        )
    )
    effective, today = batch.effective, batch.today
    lines: dict[int, tuple[int, int, TaskLine]] = {}
    done: set[tuple[int, int]] = set()
    for assignment_id, task_id, agency, code, content, open_ in found.tuples():
        key = (task_id, effective.get(agency, agency))
        if not open_:
            done.add(key)
        lines[assignment_id] = (*key, TaskLine(assignment_id, code, content))

    def agency_of(row: ClaimedRow) -> int:
        return batch.agency_of(row) or 0

    absent = await away.absences(session, {agency_of(row) for row in rows}, today, effective)
    decisions: dict[int, Decision] = {}
    for row in rows:
        tasks = [
            line
            for i in row.payload.get("assignments", [])
            if i in lines and (line := lines[i])[:2] not in done
        ]
        if not tasks:
            decisions[row.id] = Cancel("every task is done")
            continue
        decisions[row.id] = Send(
            partial(
                render_task_message,
                row.kind,
                row.payload,
                [line[2] for line in tasks],
                batch.locale(row),
                today=today,
                room=Room.of(capabilities(row.channel)),
                covering=_covering(row, absent.get(agency_of(row), [])),
            )
        )
    return decisions


async def _away_notices(
    session: AsyncSession, rows: list[ClaimedRow], batch: Batch
) -> dict[int, Decision]:
    """The coordinators' notice of a leave, while that leave stands as it was planned."""
    if not rows:
        return {}
    wanted = {int(row.payload.get("away_person_id", 0)) for row in rows}
    found = await session.execute(
        select(Person, Agency.name).outerjoin(Agency).where(Person.id.in_(wanted))
    )
    absent = {person.id: (person, name or "-") for person, name in found.tuples()}
    today = batch.today
    decisions: dict[int, Decision] = {}
    for row in rows:
        dates = row.payload.get("leave", {})
        planned = away.Leave(date.fromisoformat(dates["first"]), date.fromisoformat(dates["last"]))
        person, agency = absent.get(int(row.payload.get("away_person_id", 0)), (None, "-"))
        if person is None or not person.active or away.current_leave(person, today) != planned:
            decisions[row.id] = Cancel("the leave is over or changed")
            continue
        decisions[row.id] = Send(
            partial(render_away_notice, person.display_name, agency, planned, batch.locale(row))
        )
    return decisions
