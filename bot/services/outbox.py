"""Queueing a message that is ready as it is (a weekly summary, an explanation request or answer):
the sender sends `payload["message"]` without rendering it again (`schedules/recheck.py`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.channels.base import Outgoing
from bot.db.models import OutboxMessage, Person


def ready_message(
    person: Person,
    message: Outgoing,
    *,
    kind: str,
    dedupe_key: str,
    due_at: datetime,
    plan_id: int | None = None,
    period_id: int | None = None,
    extra: dict[str, Any] | None = None,
) -> OutboxMessage:
    """An outbox row delivering `message` to `person`'s private chat at `due_at`."""
    return OutboxMessage(
        kind=kind,
        channel=person.channel,
        person_id=person.id,
        chat_id=person.chat_id,
        plan_id=plan_id,
        period_id=period_id,
        payload={"message": message.as_json(), **(extra or {})},
        dedupe_key=dedupe_key,
        due_at=due_at,
    )
