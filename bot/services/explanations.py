"""Explanation requests (yêu cầu giải trình): a coordinator asks a late agency why it has not
reported for an overdue period; the agency's focal points answer with a reason, the date they
expect to finish and optionally a file.

One request per agency and period is open at a time: asking again while one is unanswered
returns the open one (its notice is sent again, unless it went out less than `RESEND_QUIET` ago),
asking after an answer makes a new one. A request
unanswered by its `answer_due` (EXPLANATION_ANSWER_DAYS working days) is listed in the
escalation digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import Outgoing
from bot.db.models import Agency, ExplanationRequest, OutboxMessage, Person, ReportingPeriod, Role
from bot.periods.calendar import VN_TZ, add_working_days
from bot.services import audit
from bot.services.coordination import plan_coordinating_agencies
from bot.services.outbox import ready_message
from bot.services.succession import effective_agency_map, followed_by

NOTICE_KIND = "explanation"
RESEND_QUIET = timedelta(minutes=10)
"""How long after a request's notice it is not queued again: a double tap on the button or a
command typed twice is answered, but the agency's focal points get one notice, not one each."""


@dataclass(frozen=True, slots=True)
class ExplanationView:
    id: int
    plan_id: int
    period_id: int
    period_label: str
    agency_id: int
    agency_name: str
    requested_on: date
    answer_due: date
    reason: str | None
    expected_on: date | None
    answered_on: date | None
    attachments: list[Any]

    @property
    def answered(self) -> bool:
        return self.answered_on is not None

    def unanswered_past_due(self, today: date) -> bool:
        return not self.answered and today > self.answer_due


def _view(row: ExplanationRequest, period: ReportingPeriod, agency: Agency) -> ExplanationView:
    return ExplanationView(
        id=row.id,
        plan_id=row.plan_id,
        period_id=row.period_id,
        period_label=period.label,
        agency_id=row.agency_id,
        agency_name=agency.name,
        requested_on=row.requested_at.astimezone(VN_TZ).date(),
        answer_due=row.answer_due,
        reason=row.reason,
        expected_on=row.expected_on,
        answered_on=row.answered_at.astimezone(VN_TZ).date() if row.answered_at else None,
        attachments=list(row.attachments or []),
    )


def _query():  # type: ignore[no-untyped-def]
    return (
        select(ExplanationRequest, ReportingPeriod, Agency)
        .join(ReportingPeriod, ReportingPeriod.id == ExplanationRequest.period_id)
        .join(Agency, Agency.id == ExplanationRequest.agency_id)
        .order_by(ReportingPeriod.due_date, Agency.name, ExplanationRequest.id)
    )


async def plan_explanations(
    session: AsyncSession, plan_id: int, period_ids: Iterable[int] | None = None
) -> list[ExplanationView]:
    """The plan's requests (of some periods), the latest per agency and period, oldest period
    first."""
    query = _query().where(ExplanationRequest.plan_id == plan_id)
    if period_ids is not None:
        query = query.where(ExplanationRequest.period_id.in_(set(period_ids)))
    latest: dict[tuple[int, int], ExplanationView] = {}
    for row, period, agency in (await session.execute(query)).tuples():
        latest[(row.period_id, row.agency_id)] = _view(row, period, agency)
    return list(latest.values())


async def open_request_for(
    session: AsyncSession, agency_ids: Iterable[int]
) -> list[ExplanationView]:
    """Unanswered requests to these (effective) agencies, oldest period first."""
    query = _query().where(
        ExplanationRequest.agency_id.in_(set(agency_ids)), ExplanationRequest.answered_at.is_(None)
    )
    return [_view(*row) for row in (await session.execute(query)).tuples()]


async def get_request(session: AsyncSession, request_id: int) -> ExplanationView | None:
    row = (await session.execute(_query().where(ExplanationRequest.id == request_id))).first()
    return _view(*row._tuple()) if row else None


async def request_explanation(
    session: AsyncSession,
    *,
    plan_id: int,
    period_id: int,
    agency_id: int,
    by_person_id: int | None,
    now: datetime,
    answer_days: int,
) -> tuple[ExplanationView, bool]:
    """(the open request for this agency and period, whether it was made now)."""
    existing = await session.scalar(
        select(ExplanationRequest).where(
            ExplanationRequest.period_id == period_id,
            ExplanationRequest.agency_id == agency_id,
            ExplanationRequest.answered_at.is_(None),
        )
    )
    created = existing is None
    if existing is None:
        existing = ExplanationRequest(
            plan_id=plan_id,
            period_id=period_id,
            agency_id=agency_id,
            requested_by_id=by_person_id,
            requested_at=now,
            answer_due=add_working_days(now.astimezone(VN_TZ).date(), answer_days),
            attachments=[],
        )
        await audit.record_new(
            session,
            existing,
            "explanation.request",
            actor_id=by_person_id,
            details={"period_id": period_id, "agency_id": agency_id},
        )
    view = await get_request(session, existing.id)
    assert view is not None
    return view, created


async def answer_explanation(
    session: AsyncSession,
    request_id: int,
    *,
    reason: str,
    expected_on: date | None,
    attachments: list[dict[str, Any]],
    by_person_id: int | None,
    now: datetime,
) -> ExplanationView | None:
    """Record the agency's answer (None: no such request). Answering again replaces the answer."""
    row = await session.get(ExplanationRequest, request_id)
    if row is None:
        return None
    row.reason = reason
    row.expected_on = expected_on
    row.attachments = attachments
    row.answered_at = now
    row.answered_by_id = by_person_id
    await session.flush()
    await audit.record(
        session,
        "explanation.answer",
        actor_id=by_person_id,
        object_type="explanation_request",
        object_id=row.id,
        details={"expected_on": expected_on.isoformat() if expected_on else None},
    )
    return await get_request(session, row.id)


async def _people(session: AsyncSession, role: Role, agency_ids: set[int]) -> list[Person]:
    """Active people with `role` of these effective agencies (their predecessors' included)."""
    mapping = await effective_agency_map(session)
    sources = followed_by(mapping, agency_ids)
    rows = await session.scalars(
        select(Person)
        .where(Person.role == role, Person.active.is_(True), Person.agency_id.in_(sources))
        .order_by(Person.id)
    )
    return list(rows)


async def focal_points(session: AsyncSession, agency_id: int) -> list[Person]:
    """Who answers a request to `agency_id` (an effective agency)."""
    return await _people(session, Role.FOCAL, {agency_id})


async def plan_coordinators(session: AsyncSession, plan_id: int) -> list[Person]:
    """The coordinators of the plan's coordinating agencies (after mergers)."""
    mapping = await effective_agency_map(session)
    agencies = {mapping.get(a, a) for a in await plan_coordinating_agencies(session, plan_id)}
    return await _people(session, Role.COORDINATOR, agencies) if agencies else []


def _key_prefix(what: str, request_id: int) -> str:
    return f"{NOTICE_KIND}:{what}:{request_id}:"


async def last_notice_at(
    session: AsyncSession, request: ExplanationView, now: datetime, *, what: str = "request"
) -> datetime | None:
    """When a `what` notice about `request` was last queued, if less than `RESEND_QUIET` before
    `now` (the application clock's, so the console's /clock counts), else None."""
    return await session.scalar(
        select(func.max(OutboxMessage.due_at)).where(
            OutboxMessage.kind == NOTICE_KIND,
            OutboxMessage.dedupe_key.startswith(_key_prefix(what, request.id), autoescape=True),
            OutboxMessage.due_at > now - RESEND_QUIET,
        )
    )


def queue_notices(
    session: AsyncSession,
    request: ExplanationView,
    messages: list[tuple[Person, Outgoing]],
    *,
    now: datetime,
    what: str,
) -> int:
    """Queue ready-made messages about `request` for the sender to deliver now (`what`: why, a
    word of the dedupe key). The key ends with the second it was queued, so each notice about
    one request to one person is its own row; two within a second would break the unique key,
    so callers ask `last_notice_at` first (a turn that lost a race to a twin is run again by the
    dispatcher and then sees the twin's notice)."""
    for person, message in messages:
        session.add(
            ready_message(
                person,
                message,
                kind=NOTICE_KIND,
                dedupe_key=f"{_key_prefix(what, request.id)}{person.id}:{now.timestamp():.0f}",
                due_at=now,
                plan_id=request.plan_id,
                period_id=request.period_id,
                extra={"request_id": request.id},
            )
        )
    return len(messages)
