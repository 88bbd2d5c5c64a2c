"""The few facts the Zalo channel reads about a chat: the person's language, and whether they are
in the middle of a form (a form's free-text answer must not be read as a typed command)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Channel, ConversationState, ConversationStatus, Person
from bot.i18n import normalise_locale


async def person_locale(session: AsyncSession, user_id: str, default: str) -> str:
    """The language of the Zalo user `user_id` (a private chat's id is its user's id)."""
    language = await session.scalar(
        select(Person.language).where(
            Person.channel == Channel.ZALO, Person.platform_user_id == user_id
        )
    )
    return normalise_locale(language or default)


async def in_form(session: AsyncSession, chat_id: str, user_id: str) -> bool:
    status = await session.scalar(
        select(ConversationState.status).where(
            ConversationState.channel == Channel.ZALO,
            ConversationState.chat_id == chat_id,
            ConversationState.user_id == user_id,
        )
    )
    return status == ConversationStatus.ACTIVE
