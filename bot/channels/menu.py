"""Numbered choices for chats without buttons (Zalo, console).

A channel without buttons (`Capabilities.buttons`) renders `Outgoing.choices` as numbered lines;
the core remembers what each chat was last shown (`shown`, `show`), once a message: a reply in the
transaction that read the message it answers (the dispatcher's, or `bot.channels.reading`'s in
front of another inbound callable), anything else in the channel's `send`, the road `App.send`
takes. A reply is read back as a choice (`recall_choice`): the number ("2", "2."), or the label
typed with or without accents, in any case ("hoan thanh" for "Hoàn thành"). The menu is a row,
so it survives a restart between the question and the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import Choice, Outgoing
from bot.channels.capabilities import capabilities
from bot.db.engine import Database
from bot.db.models import ChatMenu, utcnow
from bot.text import fold

_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")


def numbered_lines(choices: list[Choice]) -> str:
    """ "1. Hoàn thành\\n2. Đang thực hiện" """
    return "\n".join(f"{index}. {choice.label}" for index, choice in enumerate(choices, 1))


def typed_number(text: str) -> int | None:
    """The number a reply is made of alone ("2", "2.", " 2) "), else None."""
    number = _NUMBER.match(text)
    return int(number.group(1)) if number else None


def match_choice(text: str, choices: list[Choice]) -> Choice | None:
    """The choice `text` names, by number or by label (accent- and case-insensitive), or None."""
    if not choices or not text:
        return None
    index = typed_number(text)
    if index is not None:
        return choices[index - 1] if 1 <= index <= len(choices) else None
    key = fold(text).strip(" .!")
    for choice in choices:
        if fold(choice.label) == key:
            return choice
    return None


async def remember(
    session: AsyncSession, channel: str, chat_id: str, choices: list[Choice]
) -> None:
    """Keep `choices` as the chat's current menu (an empty list forgets it)."""
    await session.execute(
        delete(ChatMenu).where(ChatMenu.channel == channel, ChatMenu.chat_id == chat_id)
    )
    if choices:
        session.add(
            ChatMenu(
                channel=channel,
                chat_id=chat_id,
                choices=[[c.value, c.label] for c in choices],
                updated_at=utcnow(),
            )
        )


async def shown(
    session: AsyncSession, channel: str, chat_id: str, messages: Sequence[Outgoing]
) -> None:
    """Keep the menu a chat is left with once `messages` are shown there in order: the last
    one's choices (none: the menu is forgotten). Nothing on a channel with buttons, nor when
    nothing is shown."""
    if messages and not capabilities(channel).buttons:
        await remember(session, channel, chat_id, messages[-1].choices)


async def show(db: Database, channel: str, chat_id: str, messages: Sequence[Outgoing]) -> None:
    """`shown`, in a transaction of its own (opened only where menus are kept)."""
    if messages and not capabilities(channel).buttons:
        async with db.session() as session:
            await shown(session, channel, chat_id, messages)


async def current_menu(session: AsyncSession, channel: str, chat_id: str) -> list[Choice]:
    menu = await session.scalar(
        select(ChatMenu).where(ChatMenu.channel == channel, ChatMenu.chat_id == chat_id)
    )
    return [Choice(value, label) for value, label in menu.choices] if menu else []


async def recall_choice(
    session: AsyncSession, channel: str, chat_id: str, text: str
) -> Choice | None:
    """The choice a typed reply names in the chat's current menu, if any."""
    return match_choice(text, await current_menu(session, channel, chat_id))
