"""The last look before sending: is this message still worth sending, and what does it say now?

For a batch of claimed outbox rows, a few queries decide each row's fate: send (with the text
rendered from the current state), cancel (the agency reported meanwhile, the person left, muted
early reminders, or the bot is blocked), or postpone (the person snoozed reminders).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import Outgoing
from bot.db.models import Agency, Assignment, Person, ReportingPeriod, Task
from bot.services.succession import effective_agency_map
from schedules.messages import (
    MAX_TASKS_SHOWN,
    TaskLine,
    render_escalation,
    render_person_message,
    render_task_message,
    render_unreachable,
)
from schedules.planner import (
    ESCALATION,
    MUTABLE_KINDS,
    PERSON_KINDS,
    TASK_KINDS,
    UNREACHABLE,
    not_done,
    outstanding_by_agency,
    outstanding_counts,
)


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


async def decide(
    session: AsyncSession, rows: list[ClaimedRow], now: datetime
) -> dict[int, Decision]:
    """{row id: what to do with it}, for a whole batch in a handful of queries."""
    person_ids = {row.person_id for row in rows if row.person_id is not None}
    people = {
        person.id: person
        for person in await session.scalars(select(Person).where(Person.id.in_(person_ids)))
    }
    effective = await effective_agency_map(session)
    period_ids = {row.period_id for row in rows if row.period_id is not None}
    periods = {
        period.id: period
        for period in await session.scalars(
            select(ReportingPeriod).where(ReportingPeriod.id.in_(period_ids))
        )
    }
    decisions: dict[int, Decision] = {}
    needs_tasks: list[ClaimedRow] = []
    escalations: list[ClaimedRow] = []
    task_rows: list[ClaimedRow] = []
    for row in rows:
        person = people.get(row.person_id) if row.person_id is not None else None
        verdict = _recipient_verdict(row, person, now)
        if verdict is not None:
            decisions[row.id] = verdict
        elif "message" in row.payload:
            decisions[row.id] = Send(partial(Outgoing.from_json, row.payload["message"]))
        elif row.kind == UNREACHABLE:
            decisions[row.id] = Send(partial(render_unreachable, row.payload, _locale(person)))
        elif row.kind in TASK_KINDS:
            task_rows.append(row)
        elif row.period_id not in periods:
            decisions[row.id] = Cancel("period gone")
        elif row.kind in PERSON_KINDS:
            needs_tasks.append(row)
        elif row.kind == ESCALATION:
            escalations.append(row)
        else:
            decisions[row.id] = Cancel(f"unknown kind {row.kind}")
    decisions |= await _person_messages(session, needs_tasks, people, periods, effective)
    decisions |= await _escalations(session, escalations, people, periods, effective)
    decisions |= await _task_messages(session, task_rows, people)
    return decisions


def _locale(person: Person | None) -> str:
    return person.language if person is not None else "vi"


def _recipient_verdict(row: ClaimedRow, person: Person | None, now: datetime) -> Decision | None:
    if row.person_id is None:
        return None
    if person is None or not person.active:
        return Cancel("recipient no longer active")
    if not person.reachable:
        return Cancel("recipient unreachable")
    if row.kind in MUTABLE_KINDS and person.mute_early_reminders:
        return Cancel("early reminders muted")
    if row.kind in MUTABLE_KINDS and person.snoozed_until and person.snoozed_until > now:
        return Postpone(person.snoozed_until)
    return None


async def _person_messages(
    session: AsyncSession,
    rows: list[ClaimedRow],
    people: dict[int, Person],
    periods: dict[int, ReportingPeriod],
    effective: dict[int, int],
) -> dict[int, Decision]:
    if not rows:
        return {}

    def agency_of(row: ClaimedRow) -> int | None:
        agency = people[row.person_id].agency_id if row.person_id is not None else None
        return effective.get(agency, agency) if agency is not None else None

    agencies = {agency for row in rows if (agency := agency_of(row)) is not None}
    wanted = [periods[row.period_id] for row in rows if row.period_id is not None]
    outstanding = await outstanding_by_agency(
        session, list({p.id: p for p in wanted}.values()), effective, agencies
    )
    shown_ids: set[int] = set()
    for ids in outstanding.values():
        shown_ids.update(ids[:MAX_TASKS_SHOWN])
    details = {
        assignment_id: (code, content)
        for assignment_id, code, content in (
            await session.execute(
                select(Assignment.id, Task.code, Task.content)
                .join(Task, Task.id == Assignment.task_id)
                .where(Assignment.id.in_(shown_ids))
            )
        ).tuples()
    }
    decisions: dict[int, Decision] = {}
    for row in rows:
        ids = outstanding.get((row.period_id or 0, agency_of(row) or 0), [])
        if not ids:
            decisions[row.id] = Cancel("nothing outstanding: the agency reported")
            continue
        tasks = [TaskLine(i, *details[i]) if i in details else TaskLine(i, "", "") for i in ids]
        person = people[row.person_id] if row.person_id is not None else None
        decisions[row.id] = Send(
            partial(render_person_message, row.kind, row.payload, tasks, _locale(person))
        )
    return decisions


async def _escalations(
    session: AsyncSession,
    rows: list[ClaimedRow],
    people: dict[int, Person],
    periods: dict[int, ReportingPeriod],
    effective: dict[int, int],
) -> dict[int, Decision]:
    if not rows:
        return {}
    wanted = {row.period_id: periods[row.period_id] for row in rows if row.period_id is not None}
    outstanding = await outstanding_counts(session, list(wanted.values()), effective)
    per_period: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (period_id, agency), count in outstanding.items():
        per_period[period_id].append((agency, count))
    agency_rows = await session.execute(
        select(Agency.id, Agency.name).where(Agency.id.in_({agency for _, agency in outstanding}))
    )
    names = {agency_id: name for agency_id, name in agency_rows.tuples()}
    decisions: dict[int, Decision] = {}
    for row in rows:
        missing = sorted(
            (
                (names.get(agency, str(agency)), count)
                for agency, count in per_period[row.period_id or 0]
            ),
        )
        if not missing:
            decisions[row.id] = Cancel("every agency has reported")
            continue
        person = people.get(row.person_id) if row.person_id is not None else None
        decisions[row.id] = Send(partial(render_escalation, row.payload, missing, _locale(person)))
    return decisions


async def _task_messages(
    session: AsyncSession, rows: list[ClaimedRow], people: dict[int, Person]
) -> dict[int, Decision]:
    """Reminders of tasks' own deadlines: only the tasks not done by now are listed."""
    wanted = {i for row in rows for i in row.payload.get("assignments", [])}
    if not wanted:
        return {row.id: Cancel("no task") for row in rows}
    found = await session.execute(
        select(Assignment.id, Task.code, Task.content)
        .join(Task, Task.id == Assignment.task_id)
        .where(Assignment.id.in_(wanted), Task.withdrawn.is_(False), not_done())
    )
    open_tasks = {i: TaskLine(i, code, content) for i, code, content in found.tuples()}
    decisions: dict[int, Decision] = {}
    for row in rows:
        tasks = [open_tasks[i] for i in row.payload.get("assignments", []) if i in open_tasks]
        if not tasks:
            decisions[row.id] = Cancel("every task is done")
            continue
        person = people.get(row.person_id) if row.person_id is not None else None
        decisions[row.id] = Send(
            partial(render_task_message, row.kind, row.payload, tasks, _locale(person))
        )
    return decisions
