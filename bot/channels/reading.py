"""Reading what a person typed, the same for every channel, before the core routes it.

- A message the platform delivered twice is handled once (`InboundMessage`, keyed by chat and
  message id). Button presses are not deduplicated: several can come from one message.
- Where people type commands without "/" (`Capabilities.typed_commands`: Zalo), a command word
  outside a form becomes the command ("start ABC" → "/start ABC").
- In chats without buttons, outside a form, a reply naming a line of the chat's numbered menu
  (bot/channels/menu.py) becomes that choice. Inside a form the text goes as typed: the form
  reads it against the question it asked, so a reminder that arrived meanwhile cannot turn "2"
  (per cent) into its own second line.

`handlers.dispatcher.Dispatcher.handle` reads every `Incoming` it gets, in its own transaction;
`reading(app, deliver, words)` puts the same reading in front of any other inbound callable (a
tool's or a test's stand-in for the core). An `Incoming` is read once (`Incoming.read`), and
whoever reads it keeps the menu its answers show (`menu.shown`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels import menu
from bot.channels.base import Deliver, Incoming, Outgoing
from bot.channels.capabilities import capabilities
from bot.services import conversations
from bot.text import fold


def as_command(text: str, command_words: Collection[str]) -> str:
    """ "start ABC123" → "/start ABC123" when "start" is a known command word (Zalo has no
    command menu, so people type commands without the slash); other text is left as it is."""
    if not text or text.startswith("/"):
        return text
    head, _, rest = text.partition(" ")
    word = fold(head)
    if word in command_words:
        return f"/{word} {rest.strip()}".rstrip()
    return text


async def read(
    session: AsyncSession, incoming: Incoming, command_words: Collection[str]
) -> Incoming | None:
    """`incoming` as the core reads it, or None when it was delivered before."""
    if incoming.read:
        return incoming
    if incoming.message_id is not None and incoming.choice is None:
        key = f"{incoming.chat_id}:{incoming.message_id}"
        if not await conversations.first_delivery(
            session, incoming.channel, key, incoming.received_at
        ):
            return None
    incoming = incoming.as_read()
    can = capabilities(incoming.channel)
    text = incoming.text
    if can.buttons or not text or incoming.choice is not None or incoming.file is not None:
        return incoming
    if await conversations.in_form(session, incoming.channel, incoming.chat_id, incoming.user_id):
        return incoming
    if can.typed_commands:
        text = as_command(text, command_words)
        if text.startswith("/"):
            return replace(incoming, text=text)
    picked = await menu.recall_choice(session, incoming.channel, incoming.chat_id, text)
    return replace(incoming, text=text, choice=picked.value if picked else None)


def reading(app: App, deliver: Deliver, command_words: Collection[str]) -> Deliver:
    """`deliver` with the reading in front of it (in a transaction of its own) and, behind it,
    the menu its answers leave the chat with (`menu.show`: whoever reads a message keeps the
    menu of its answers; the dispatcher does both for what it reads itself)."""

    async def read_then_deliver(incoming: Incoming) -> list[Outgoing]:
        async with app.db.session() as session:
            found = await read(session, incoming, command_words)
        if found is None:
            return []
        answers = await deliver(found)
        await menu.show(app.db, found.channel, found.chat_id, answers)
        return answers

    return read_then_deliver
