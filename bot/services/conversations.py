"""Where each person is in a form, kept in the database so a restart loses nothing.

One row per (channel, chat, user): a person may be in a form in a group and another in private.
A form left idle gets one nudge; left idle again it expires, keeping its draft for next time.

This runs for every incoming message, so it is written as a few Core statements built once, with
bound parameters (no ORM unit of work): reading the person (a `people.Caller` row, not an ORM
object) and their form in one query, saving a
step as one UPDATE, and the mark that a platform message was handled as one INSERT that a repeat
leaves alone (ON CONFLICT DO NOTHING).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ConversationState, ConversationStatus, InboundMessage
from bot.services.people import CALLER_COLUMNS, Caller

_STATE = cast(Table, ConversationState.__table__)
_INBOUND = cast(Table, InboundMessage.__table__)


@dataclass(slots=True)
class FormState:
    """One chat's form row as the core reads and changes it (through the functions below)."""

    id: int | None
    channel: str
    chat_id: str
    user_id: str
    person_id: int | None = None
    form: str = ""
    step: str = ""
    draft: dict[str, Any] = field(default_factory=dict)
    status: ConversationStatus = ConversationStatus.ACTIVE
    started_at: datetime | None = None
    updated_at: datetime | None = None
    nudged_at: datetime | None = None


# As text, the same on SQLite and PostgreSQL: the dialects' `insert().on_conflict_do_nothing()`
# has no cache key, so SQLAlchemy compiled it again for every message. The parameters take the
# columns' types, so values are stored exactly as the ORM stores them.
_FIRST_DELIVERY = text(
    "INSERT INTO inbound_message (channel, message_id, received_at)"
    " VALUES (:b_channel, :b_message_id, :b_received_at)"
    " ON CONFLICT (channel, message_id) DO NOTHING"
).bindparams(
    bindparam("b_channel", type_=_INBOUND.c.channel.type),
    bindparam("b_message_id", type_=_INBOUND.c.message_id.type),
    bindparam("b_received_at", type_=_INBOUND.c.received_at.type),
)


async def first_delivery(
    session: AsyncSession, channel: str, key: str, received_at: datetime
) -> bool:
    """False when the platform already delivered this message (a retry after a timeout). The
    mark is part of the caller's transaction: a message whose handling failed is not marked."""
    params = {"b_channel": channel, "b_message_id": key[:80], "b_received_at": received_at}
    result = await session.execute(_FIRST_DELIVERY, params)
    return bool(result.rowcount)  # type: ignore[attr-defined]


_STATE_COLUMNS = (
    _STATE.c.id,
    _STATE.c.person_id,
    _STATE.c.form,
    _STATE.c.step,
    _STATE.c.draft,
    _STATE.c.status,
    _STATE.c.started_at,
    _STATE.c.updated_at,
    _STATE.c.nudged_at,
)
# Built once: this query runs for every incoming message, and building it (and its cache key)
# each time cost as much as running it.
_PERSON = CALLER_COLUMNS[0].table
_PERSON_AND_STATE = (
    select(*CALLER_COLUMNS, *_STATE_COLUMNS)
    .outerjoin(
        _STATE,
        and_(
            _STATE.c.channel == _PERSON.c.channel,
            _STATE.c.user_id == _PERSON.c.platform_user_id,
            _STATE.c.chat_id == bindparam("chat_id"),
        ),
    )
    .where(
        _PERSON.c.channel == bindparam("channel"),
        _PERSON.c.platform_user_id == bindparam("user_id"),
    )
)
_CALLER_WIDTH = len(CALLER_COLUMNS)


async def person_and_state(
    session: AsyncSession, channel: str, chat_id: str, user_id: str
) -> tuple[Caller | None, FormState | None]:
    """The person behind a platform user and their form in this chat, in one query: this runs
    for every incoming message (the person's agency is loaded only where it is shown)."""
    params = {"channel": channel, "chat_id": chat_id, "user_id": user_id}
    row = (await session.execute(_PERSON_AND_STATE, params)).first()
    if row is None:
        return None, None
    person = Caller(*row[:_CALLER_WIDTH])
    state_id, *values = row[_CALLER_WIDTH:]
    if state_id is None:
        return person, None
    return person, FormState(state_id, channel, chat_id, user_id, *values)


def _binds(*columns: str) -> dict[str, Any]:
    """{column: a bound parameter "b_<column>"} for a statement's values."""
    return {column: bindparam(f"b_{column}") for column in columns}


_FORM = ("person_id", "form", "step", "draft", "status", "started_at", "updated_at")
_INSERT_STATE = insert(_STATE).values(
    **_binds("channel", "chat_id", "user_id", *_FORM), nudged_at=None
)
_BY_ID = _STATE.c.id == bindparam("b_id")
_RESTART_STATE = update(_STATE).where(_BY_ID).values(**_binds(*_FORM), nudged_at=None)
_ADVANCE = (
    update(_STATE)
    .where(_BY_ID)
    .values(**_binds("step", "draft", "status", "updated_at"), nudged_at=None)
)
_FINISH = (
    update(_STATE)
    .where(_BY_ID)
    .values(draft={}, status=ConversationStatus.FINISHED, **_binds("updated_at"))
)
_MARK_NUDGED = update(_STATE).where(_BY_ID).values(**_binds("nudged_at"))
_EXPIRE = update(_STATE).where(_BY_ID).values(status=ConversationStatus.EXPIRED)


async def start(
    session: AsyncSession,
    existing: FormState | None,
    *,
    channel: str,
    chat_id: str,
    user_id: str,
    person_id: int | None,
    form: str,
    step: str,
    draft: dict[str, Any],
    now: datetime,
) -> FormState:
    """Begin a form, reusing the chat's row when there is one."""
    params = {
        "b_person_id": person_id,
        "b_form": form,
        "b_step": step,
        "b_draft": draft,
        "b_status": ConversationStatus.ACTIVE,
        "b_started_at": now,
        "b_updated_at": now,
    }
    if existing is None or existing.id is None:
        params |= {"b_channel": channel, "b_chat_id": chat_id, "b_user_id": user_id}
        result = await session.execute(_INSERT_STATE, params)
        state_id = result.inserted_primary_key[0]  # type: ignore[attr-defined]
    else:
        state_id = existing.id
        await session.execute(_RESTART_STATE, params | {"b_id": state_id})
    return FormState(
        state_id, channel, chat_id, user_id, person_id, form, step, dict(draft),
        ConversationStatus.ACTIVE, now, now, None,
    )  # fmt: skip


async def advance(
    session: AsyncSession, state: FormState, step: str, draft: dict[str, Any], now: datetime
) -> None:
    """The form moves to `step` with `draft` (and is waiting again, if it had expired)."""
    await session.execute(
        _ADVANCE,
        {
            "b_id": state.id,
            "b_step": step,
            "b_draft": draft,
            "b_status": ConversationStatus.ACTIVE,
            "b_updated_at": now,
        },
    )
    state.step, state.draft, state.updated_at = step, dict(draft), now
    state.nudged_at, state.status = None, ConversationStatus.ACTIVE


async def finish(session: AsyncSession, state: FormState, now: datetime) -> None:
    await session.execute(_FINISH, {"b_id": state.id, "b_updated_at": now})
    state.status, state.draft, state.updated_at = ConversationStatus.FINISHED, {}, now


async def mark_nudged(session: AsyncSession, state: FormState, now: datetime) -> None:
    await session.execute(_MARK_NUDGED, {"b_id": state.id, "b_nudged_at": now})
    state.nudged_at = now


async def expire(session: AsyncSession, state: FormState) -> None:
    """Idle too long: no longer waiting for an answer; the draft stays for /update to resume."""
    await session.execute(_EXPIRE, {"b_id": state.id})
    state.status = ConversationStatus.EXPIRED


async def idle_forms(
    session: AsyncSession, *, now: datetime, idle: timedelta
) -> tuple[list[FormState], list[FormState]]:
    """(forms to nudge now, forms to expire now): active forms untouched for `idle`, and forms
    already nudged that stayed untouched for `idle` after the nudge."""
    rows = await session.execute(
        select(_STATE.c.channel, _STATE.c.chat_id, _STATE.c.user_id, *_STATE_COLUMNS).where(
            _STATE.c.status == ConversationStatus.ACTIVE, _STATE.c.updated_at <= now - idle
        )
    )
    to_nudge: list[FormState] = []
    to_expire: list[FormState] = []
    for channel, chat_id, user_id, *values in rows:
        state = FormState(values[0], channel, chat_id, user_id, *values[1:])
        if state.nudged_at is None:
            to_nudge.append(state)
        elif state.nudged_at <= now - idle:
            to_expire.append(state)
    return to_nudge, to_expire


_IN_FORM = select(_STATE.c.status).where(
    _STATE.c.channel == bindparam("channel"),
    _STATE.c.chat_id == bindparam("chat_id"),
    _STATE.c.user_id == bindparam("user_id"),
)


async def in_form(session: AsyncSession, channel: str, chat_id: str, user_id: str) -> bool:
    """Whether the person is in the middle of a form in this chat."""
    params = {"channel": channel, "chat_id": chat_id, "user_id": user_id}
    status = await session.scalar(_IN_FORM, params)
    return status == ConversationStatus.ACTIVE
