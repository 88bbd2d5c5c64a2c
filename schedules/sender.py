"""The outbox sender: claims due rows under a lease, sends them within the platforms' limits, and
records what the platform answered.

Durability: a claim is a short transaction (status `sending`, `claimed_by`, `lease_until`); the
result is written after the send. A sender that dies mid-batch leaves its rows `sending`; when the
lease runs out any sender takes them again. So no due row is lost, and only rows in flight at the
instant of a crash (sent but not yet recorded) can go out twice. Several senders on one PostgreSQL
database claim with FOR UPDATE SKIP LOCKED and never take the same row; on SQLite the claim is one
conditional UPDATE, which SQLite's single writer makes atomic.

Limits: each row goes out through `App.send`, so through its channel's own limits
(bot/channels/limits.py), the ones that channel's replies take their turns from too. A row goes to
a person's stored chat, which is private. A 429 delays that chat only (retry_after); 5xx and
timeouts are retried with exponential backoff up to `max_attempts`, then the row is `failed` (see
`dondoc reminders failed`); a 403 marks the person unreachable and tells the plan's coordinators.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, Update, and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels.base import (
    ChannelError,
    RateLimited,
    RecipientUnreachable,
    TransientChannelError,
)
from bot.db.dialect import insert_ignoring_duplicates
from bot.db.models import (
    Agency,
    Base,
    OutboxMessage,
    OutboxStatus,
    Person,
    Role,
)
from bot.services.coordination import plan_coordinating_agencies
from bot.services.people import reachable
from bot.services.succession import effective_agency_map, followed_by
from schedules.planner import UNREACHABLE, dedupe_key
from schedules.recheck import Cancel, ClaimedRow, Decision, Postpone, Send, decide

log = logging.getLogger(__name__)

MAX_ERROR_CHARS = 500


@dataclass(frozen=True, slots=True)
class Outcome:
    row_id: int
    status: OutboxStatus
    error: str | None = None
    message_id: str | None = None
    retry_at: datetime | None = None
    refund_attempt: bool = False  # a rate limit is not the row's fault: it never ends as failed
    unreachable: bool = False  # the platform said the person blocked the bot or left


class OutboxSender:
    """Drains due outbox rows. One instance per process; `drain` is what the scheduler wakes."""

    def __init__(
        self,
        app: App,
        *,
        name: str | None = None,
        batch_size: int = 100,
        max_batch_size: int = 500,
        batch_seconds: float = 2.0,
        record_every: int = 25,
        record_seconds: float = 0.25,
        lease_seconds: float = 120.0,
        max_attempts: int = 5,
        retry_base_seconds: float = 2.0,
    ) -> None:
        self.app = app
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.batch_size = batch_size
        self.max_batch_size = max(max_batch_size, batch_size)
        self.batch_seconds = batch_seconds
        self._claim_size = batch_size  # what the next claim takes (see `drain`)
        self.record_every = record_every
        self.record_seconds = record_seconds
        self._recorded_at = 0.0  # monotonic time the last recording began
        self.lease = timedelta(seconds=lease_seconds)
        self.max_attempts = max_attempts
        self.retry_base_seconds = retry_base_seconds
        self.blocked_until: dict[tuple[str, str], float] = {}  # (channel, chat) → monotonic time
        self._lock = asyncio.Lock()
        # The agencies' successors, read once a drain (by its first batch): they change by an
        # admin's command, not within a drain, and reading them is most of a batch's re-check.
        self._effective: dict[int, int] | None = None
        self._statements = _Statements.of(self.name, app.db.dialect)

    # ------------------------------------------------------------------ the loop

    async def drain(self, *, max_batches: int | None = None) -> int:
        """Send batches until nothing is due (or `max_batches`); returns rows handled.

        A two-stage pipeline: the next batch is claimed and checked while the current one is
        being sent, so the rate limiter never idles between batches.

        The first claim takes `batch_size` rows; each later one about what the batch before
        went out at in `batch_seconds`, up to `max_batch_size`. Under a platform's limits
        (30 a second) that is `batch_size` as ever, so no row waits longer between its re-check
        and its turn; a drain that goes as fast as the CPU does claims and re-checks fewer,
        larger batches (a batch's re-check costs ~2.5 ms whatever its size). Only messages
        sent set the pace (`_resize`).
        """
        async with self._lock:  # the scheduler may wake us while a drain is still going
            self._effective = None
            self._claim_size = self.batch_size
            handled = 0
            batches = 0
            rows, decisions = await self._prepare()
            while rows:
                batches += 1
                more = max_batches is None or batches < max_batches
                following = asyncio.create_task(self._prepare()) if more else None
                started = time.monotonic()
                try:
                    await self._process(rows, decisions)
                finally:
                    handled += len(rows)
                    sent = sum(isinstance(decision, Send) for decision in decisions.values())
                    self._resize(sent, time.monotonic() - started)
                    rows, decisions = ([], {}) if following is None else await following
                if following is not None and not rows:
                    # Rows this batch added (a notice to coordinators) came after the prefetch.
                    rows, decisions = await self._prepare()
            return handled

    def _resize(self, sent: int, seconds: float) -> None:
        """The next claims' size: `sent` messages went in `seconds`. Rows dropped without a send
        (cancelled, postponed) do not count: a batch of them goes by in no time, and taken for
        the pace it would make the next claim the largest, which at a platform's 10 a second would
        hold its last rows near the end of their lease."""
        paced = sent * self.batch_seconds / seconds if seconds > 0 else 0
        self._claim_size = int(min(max(paced, self.batch_size), self.max_batch_size))

    async def _prepare(self) -> tuple[list[ClaimedRow], dict[int, Decision]]:
        rows = await self.claim()
        if not rows:
            return [], {}
        async with self.app.db.session() as session:
            if self._effective is None:
                self._effective = await effective_agency_map(session)
            return rows, await decide(session, rows, self.app.clock.now(), self._effective)

    async def claim(self) -> list[ClaimedRow]:
        """Take up to `batch_size` due rows (and rows whose lease ran out), or the larger size a
        fast drain worked out. A Core statement on the connection: the ORM's bulk UPDATE path
        costs more than the claim's own SQL."""
        now = self.app.clock.now()
        claim = self._statements.claim
        params = {"now": now, "lease_until": now + self.lease, "batch_size": self._claim_size}
        async with self.app.db.session() as session:
            result = await (await session.connection()).execute(claim, params)
            rows = [
                ClaimedRow(
                    id=row.id,
                    kind=row.kind,
                    channel=str(row.channel),
                    person_id=row.person_id,
                    chat_id=row.chat_id,
                    plan_id=row.plan_id,
                    period_id=row.period_id,
                    payload=dict(row.payload or {}),
                    attempts=row.attempts,
                )
                for row in result
            ]
        return sorted(rows, key=lambda row: row.id)

    async def _process(self, rows: list[ClaimedRow], decisions: dict[int, Decision]) -> None:
        """Send every chat's rows concurrently (each chat in order) and record the outcomes as
        they come, in groups of at least `record_every` and at most one each `record_seconds`
        (and the rest at the end): a crash leaves few rows sent but unrecorded, the last
        `record_every` or `record_seconds` worth, and a fast drain is not slowed by a commit
        each few rows (the commits were most of the CPU the database cost a row).

        One recording transaction at a time: while it runs, sending goes on and the outcomes
        pile up for the next one (concurrent small transactions would queue for SQLite's single
        writer and cost a commit each)."""
        by_chat: dict[tuple[str, str], list[ClaimedRow]] = defaultdict(list)
        for row in rows:
            by_chat[(row.channel, row.chat_id)].append(row)
        outcomes: list[Outcome] = []
        recording = asyncio.Lock()

        async def flush() -> None:
            async with recording:
                self._recorded_at = time.monotonic()
                taken = outcomes[:]
                outcomes.clear()
                if taken:
                    await self._record(taken, rows)

        async def one_chat(chat_rows: list[ClaimedRow]) -> None:
            for row in chat_rows:
                outcomes.append(await self._outcome(row, decisions))
                if (
                    len(outcomes) >= self.record_every
                    and not recording.locked()
                    and time.monotonic() - self._recorded_at >= self.record_seconds
                ):
                    await flush()

        try:
            await asyncio.gather(*(one_chat(chat_rows) for chat_rows in by_chat.values()))
        finally:
            await flush()

    async def _outcome(self, row: ClaimedRow, decisions: dict[int, Decision]) -> Outcome:
        decision = decisions.get(row.id, Cancel("no decision"))
        if isinstance(decision, Cancel):
            return Outcome(row.id, OutboxStatus.CANCELLED, decision.reason)
        if isinstance(decision, Postpone):
            return Outcome(
                row.id, OutboxStatus.PENDING, retry_at=decision.until, refund_attempt=True
            )
        return await self._send_one(row, decision)

    async def _send_one(self, row: ClaimedRow, decision: Send) -> Outcome:
        key = (row.channel, row.chat_id)
        blocked = self.blocked_until.get(key, 0.0) - time.monotonic()
        if blocked > 0:
            return self._retry_later(row, blocked, "chat rate limited", refund=True)
        if row.channel not in self.app.senders:
            return Outcome(row.id, OutboxStatus.FAILED, f"no sender for channel {row.channel}")
        try:
            delivery = await self.app.send(row.channel, row.chat_id, decision.render())
        except RateLimited as exc:
            self.blocked_until[key] = time.monotonic() + exc.retry_after
            return self._retry_later(row, exc.retry_after, _answer(exc), refund=True)
        except RecipientUnreachable as exc:
            return Outcome(row.id, OutboxStatus.FAILED, _answer(exc), unreachable=True)
        except TransientChannelError as exc:
            if row.attempts >= self.max_attempts:
                return Outcome(row.id, OutboxStatus.FAILED, _answer(exc))
            backoff = self.retry_base_seconds * 2 ** (row.attempts - 1)
            return self._retry_later(row, backoff, _answer(exc))
        except ChannelError as exc:  # refused for good (a malformed message): retrying won't help
            return Outcome(row.id, OutboxStatus.FAILED, _answer(exc))
        message_id = delivery.message_id if delivery is not None else None
        return Outcome(row.id, OutboxStatus.SENT, message_id=message_id)

    def _retry_later(
        self, row: ClaimedRow, seconds: float, error: str, *, refund: bool = False
    ) -> Outcome:
        retry_at = self.app.clock.now() + timedelta(seconds=seconds)
        return Outcome(row.id, OutboxStatus.PENDING, error, None, retry_at, refund)

    # ------------------------------------------------------------------ recording

    async def _record(self, outcomes: list[Outcome], rows: list[ClaimedRow]) -> None:
        now = self.app.clock.now()
        values: list[dict[str, Any]] = []
        for outcome in outcomes:
            values.append(
                {
                    "b_id": outcome.row_id,
                    "b_status": outcome.status,
                    "b_error": (outcome.error or None) and outcome.error[:MAX_ERROR_CHARS],
                    "b_message_id": outcome.message_id,
                    "b_sent_at": now if outcome.status == OutboxStatus.SENT else None,
                    "b_due_at": outcome.retry_at,
                    "b_refund": int(outcome.refund_attempt),
                }
            )
        if not values:
            return
        statement = self._statements.record
        unreachable = {outcome.row_id for outcome in outcomes if outcome.unreachable}
        async with self.app.db.session() as session:
            await (await session.connection()).execute(statement, values)
            if unreachable:
                await self._mark_unreachable(
                    session, [row for row in rows if row.id in unreachable]
                )

    async def _mark_unreachable(self, session: AsyncSession, rows: list[ClaimedRow]) -> None:
        """A 403: the person blocked the bot. Stop writing to them and tell the coordinators."""
        effective = await effective_agency_map(session)
        for row in rows:
            if row.person_id is None:
                continue
            person = await session.get(Person, row.person_id)
            if person is None or not person.reachable:
                continue
            person.reachable = False
            if row.plan_id is None or row.kind == UNREACHABLE:
                continue
            agency = await session.get(Agency, person.agency_id) if person.agency_id else None
            for coordinator in await plan_coordinators(session, row.plan_id, effective):
                if coordinator.id == person.id:
                    continue
                await session.execute(
                    insert_ignoring_duplicates(session, OutboxMessage, ["dedupe_key"]).values(
                        kind=UNREACHABLE,
                        channel=coordinator.channel,
                        person_id=coordinator.id,
                        chat_id=coordinator.chat_id,
                        plan_id=row.plan_id,
                        payload={
                            "person_name": person.display_name,
                            "agency_name": agency.name if agency else "",
                        },
                        dedupe_key=dedupe_key(
                            row.plan_id, None, coordinator.id, UNREACHABLE, person.id
                        ),
                        due_at=self.app.clock.now(),
                        status=OutboxStatus.PENDING,
                        attempts=0,
                    )
                )


@dataclass(frozen=True, slots=True)
class _Statements:
    """The claim and the recording for the sender `name`, built once with bound parameters for
    what changes: building them and working out their cache keys on every batch cost about as
    much CPU as SQLite running them (~1 ms a claim)."""

    claim: Update
    record: Update

    @classmethod
    def of(cls, name: str, dialect: str) -> _Statements:
        table = Base.metadata.tables["outbox_message"]
        c = table.c
        now = bindparam("now", type_=c.due_at.type)
        due = (
            select(c.id)
            .where(
                or_(
                    and_(c.status == OutboxStatus.PENDING, c.due_at <= now),
                    and_(c.status == OutboxStatus.SENDING, c.lease_until < now),
                )
            )
            .order_by(c.due_at, c.id)
            .limit(bindparam("batch_size", type_=Integer))
        )
        if dialect == "postgresql":
            due = due.with_for_update(skip_locked=True)
        claim = (
            update(table)
            .where(c.id.in_(due.scalar_subquery()))
            .values(
                status=OutboxStatus.SENDING,
                claimed_by=name,
                lease_until=bindparam("lease_until", type_=c.lease_until.type),
                attempts=c.attempts + 1,
            )
            .returning(
                c.id,
                c.kind,
                c.channel,
                c.person_id,
                c.chat_id,
                c.plan_id,
                c.period_id,
                c.payload,
                c.attempts,
            )
        )
        record = (
            update(table)
            .where(
                c.id == bindparam("b_id"),
                c.claimed_by == name,
                c.status == OutboxStatus.SENDING,
            )
            .values(
                status=bindparam("b_status"),
                last_error=bindparam("b_error"),
                platform_message_id=bindparam("b_message_id"),
                sent_at=bindparam("b_sent_at"),
                due_at=func.coalesce(bindparam("b_due_at", type_=c.due_at.type), c.due_at),
                attempts=c.attempts - bindparam("b_refund"),
                lease_until=None,
            )
        )
        return cls(claim, record)


def _answer(exc: ChannelError) -> str:
    return exc.answer or str(exc)


async def plan_coordinators(
    session: AsyncSession, plan_id: int, effective: dict[int, int]
) -> list[Person]:
    """Active, reachable coordinators of the plan's (or its rules') coordinating agency."""
    agencies = await plan_coordinating_agencies(session, plan_id)
    wanted = {effective.get(a, a) for a in agencies}
    followed = followed_by(effective, wanted)
    return list(
        await session.scalars(
            select(Person).where(*reachable(Role.COORDINATOR), Person.agency_id.in_(followed))
        )
    )


async def failed_messages(session: AsyncSession, limit: int = 200) -> list[OutboxMessage]:
    """Rows the sender gave up on, newest first (shown to admins)."""
    return list(
        await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.FAILED)
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
    )
