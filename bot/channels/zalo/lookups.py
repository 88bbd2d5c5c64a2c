"""The one fact the Zalo channel reads about a chat: the person's language (Zalo gives none), for
the answer to a sticker or a message it cannot read, which never reaches the core. What the core
sends says its own language (`Outgoing.locale`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.zalo import NAME
from bot.db.models import Person
from bot.i18n import normalise_locale


async def person_locale(session: AsyncSession, user_id: str, default: str) -> str:
    """The language of the Zalo user `user_id` (a private chat's id is its user's id)."""
    language = await session.scalar(
        select(Person.language).where(Person.channel == NAME, Person.platform_user_id == user_id)
    )
    return normalise_locale(language or default)
