"""Where each person is in a form, kept in the database so a restart loses nothing.

One row per (channel, chat, user): a person may be in a form in a group and another in private.
A form left idle gets one nudge; left idle again it expires, keeping its draft for next time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from bot.db.models import Channel, ConversationState, ConversationStatus, InboundMessage, Person


async def first_delivery(
    session: AsyncSession, channel: str, key: str, received_at: datetime
) -> bool:
    """False when the platform already delivered this message (a retry after a timeout). The
    mark is part of the caller's transaction: a message whose handling failed is not marked."""
    try:
        async with session.begin_nested():
            session.add(
                InboundMessage(
                    channel=Channel(channel), message_id=key[:80], received_at=received_at
                )
            )
    except IntegrityError:
        return False
    return True


# Built once: this query runs for every incoming message, and building it (and its cache key)
# each time cost as much as running it.
_PERSON_AND_STATE = (
    select(Person, ConversationState)
    .options(joinedload(Person.agency))
    .outerjoin(
        ConversationState,
        and_(
            ConversationState.channel == Person.channel,
            ConversationState.user_id == Person.platform_user_id,
            ConversationState.chat_id == bindparam("chat_id"),
        ),
    )
    .where(Person.channel == bindparam("channel"), Person.platform_user_id == bindparam("user_id"))
)


async def person_and_state(
    session: AsyncSession, channel: str, chat_id: str, user_id: str
) -> tuple[Person | None, ConversationState | None]:
    """The person behind a platform user (with their agency) and their form in this chat, in one
    query: this runs for every incoming message."""
    params = {"channel": Channel(channel), "chat_id": chat_id, "user_id": user_id}
    row = (await session.execute(_PERSON_AND_STATE, params)).first()
    return (row[0], row[1]) if row else (None, None)


def start(
    session: AsyncSession,
    existing: ConversationState | None,
    *,
    channel: str,
    chat_id: str,
    user_id: str,
    person_id: int | None,
    form: str,
    step: str,
    draft: dict[str, Any],
    now: datetime,
) -> ConversationState:
    """Begin a form, reusing the chat's row when there is one."""
    state = existing or ConversationState(
        channel=Channel(channel), chat_id=chat_id, user_id=user_id
    )
    state.person_id = person_id
    state.form = form
    state.step = step
    state.draft = draft
    state.status = ConversationStatus.ACTIVE
    state.started_at = now
    state.updated_at = now
    state.nudged_at = None
    if existing is None:
        session.add(state)
    return state


def advance(state: ConversationState, step: str, draft: dict[str, Any], now: datetime) -> None:
    state.step = step
    state.draft = dict(draft)  # a new object, so the JSON column is seen as changed
    state.updated_at = now
    state.nudged_at = None
    state.status = ConversationStatus.ACTIVE


def finish(state: ConversationState, now: datetime) -> None:
    state.status = ConversationStatus.FINISHED
    state.draft = {}
    state.updated_at = now


def mark_nudged(state: ConversationState, now: datetime) -> None:
    state.nudged_at = now


def expire(state: ConversationState) -> None:
    """Idle too long: no longer waiting for an answer; the draft stays for /update to resume."""
    state.status = ConversationStatus.EXPIRED


async def idle_forms(
    session: AsyncSession, *, now: datetime, idle: timedelta
) -> tuple[list[ConversationState], list[ConversationState]]:
    """(forms to nudge now, forms to expire now): active forms untouched for `idle`, and forms
    already nudged that stayed untouched for `idle` after the nudge."""
    rows = await session.scalars(
        select(ConversationState).where(
            ConversationState.status == ConversationStatus.ACTIVE,
            ConversationState.updated_at <= now - idle,
        )
    )
    to_nudge: list[ConversationState] = []
    to_expire: list[ConversationState] = []
    for state in rows:
        if state.nudged_at is None:
            to_nudge.append(state)
        elif state.nudged_at <= now - idle:
            to_expire.append(state)
    return to_nudge, to_expire


async def in_form(session: AsyncSession, channel: str, chat_id: str, user_id: str) -> bool:
    """Whether the person is in the middle of a form in this chat."""
    status = await session.scalar(
        select(ConversationState.status).where(
            ConversationState.channel == Channel(channel),
            ConversationState.chat_id == chat_id,
            ConversationState.user_id == user_id,
        )
    )
    return status == ConversationStatus.ACTIVE
