"""Sending and editing dondoc's messages on Telegram: HTML pieces, keyboards, files."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from telegram import Bot, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode

from bot.channels.base import Outgoing, RateLimited
from bot.channels.limits import ChannelLimits
from bot.channels.retry import retrying
from bot.channels.telegram.callbacks import CallbackKeys
from bot.channels.telegram.errors import mapped_errors
from bot.channels.telegram.render import answered, caption_html, html_chunks, keyboard

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
MAX_REPLY_WAIT = 5.0  # seconds a reply waits out Telegram's flood control before giving up


class Outbound:
    """Renders `Outgoing` into Bot API calls on one bot; callback keys shared with the channel,
    which reads them back when a button is pressed."""

    def __init__(self, bot: Bot, keys: CallbackKeys) -> None:
        self._bot = bot
        self._keys = keys

    def requests(
        self, chat_id: str | int, message: Outgoing, reply_to: int | None
    ) -> list[Callable[[], Awaitable[Message]]]:
        """The Bot API calls that send `message`: its text in pieces (the keyboard on the last),
        then its document and its image; the first one answers `reply_to`."""
        bot = self._bot
        chunks = html_chunks(message)
        html: dict[str, Any] = {"parse_mode": ParseMode.HTML}
        calls: list[tuple[Callable[..., Awaitable[Message]], tuple[Any, ...], dict[str, Any]]] = [
            (bot.send_message, (chat_id, chunk), {**html, "link_preview_options": NO_PREVIEW})
            for chunk in chunks
        ]
        for file, send in ((message.document, bot.send_document), (message.image, bot.send_photo)):
            if file is not None:
                options = {**html, "filename": file.name, "caption": caption_html(file.caption)}
                calls.append((send, (chat_id, file.data), options))
        if not calls:
            return []
        markup = keyboard(
            message.choices,
            message.columns,
            self._keys.key_for,
            message.web_app,
            last_row=message.last_row,
        )
        if markup is not None:
            calls[max(len(chunks) - 1, 0)][2]["reply_markup"] = markup
        if reply_to is not None:
            calls[0][2]["reply_parameters"] = ReplyParameters(
                reply_to, allow_sending_without_reply=True
            )
        return [partial(send, *args, **options) for send, args, options in calls]

    async def deliver(
        self,
        chat_id: str | int,
        message: Outgoing,
        *,
        limits: ChannelLimits,
        group: bool = False,
        reply_to: int | None = None,
        patient: bool = False,
    ) -> str | None:
        """Send `message`; the id of the last Telegram message. Each request takes its turn from
        `limits` (the chat's, a `group`'s by the minute). `patient`: wait out a short
        flood-control pause once instead of failing (for replies; the outbox retries later), and
        take the turn of a reply. Raises a `ChannelError`."""
        sent: Message | None = None
        for request in self.requests(chat_id, message, reply_to):
            async with limits.turn(str(chat_id), group=group, reply=patient):
                sent = await retrying(
                    "Telegram reply",
                    partial(_mapped, request),
                    log=logger,
                    backoff=(0.0, MAX_REPLY_WAIT),
                    attempts=2 if patient else 1,
                    when=_short_pause,
                )
        return None if sent is None else str(sent.message_id)

    async def edit(self, question: Message, message: Outgoing) -> None:
        """Replace the question a person answered with `message` (its first piece)."""
        await self._bot.edit_message_text(
            html_chunks(message)[0],
            chat_id=question.chat.id,
            message_id=question.message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(
                message.choices, message.columns, self._keys.key_for, last_row=message.last_row
            ),
            link_preview_options=NO_PREVIEW,
        )

    async def show_answer(self, question: Message, label: str | None) -> None:
        """The question, its keyboard gone, with the chosen answer under it."""
        bot = self._bot
        text = answered(question.text_html, label) if question.text and label else None
        if text is None:
            await bot.edit_message_reply_markup(question.chat.id, question.message_id)
            return
        await bot.edit_message_text(
            text,
            chat_id=question.chat.id,
            message_id=question.message_id,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
        )


async def _mapped(request: Callable[[], Awaitable[Message]]) -> Message:
    with mapped_errors():
        return await request()


def _short_pause(error: BaseException) -> bool:
    """Telegram's flood control asking for a pause short enough for a person to wait."""
    return isinstance(error, RateLimited) and error.retry_after <= MAX_REPLY_WAIT


def editable(message: Outgoing) -> bool:
    """Whether `message` can replace a question in place: one piece of text, no files."""
    return (
        message.edit_previous
        and message.document is None
        and message.image is None
        and len(html_chunks(message)) == 1
    )
