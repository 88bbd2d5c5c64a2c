"""Sending and editing dondoc's messages on Telegram: HTML pieces, keyboards, files.

Each call goes out as the Bot API's own JSON, and Telegram's answer comes back as JSON: building
PTB's `Message` of every answer and PTB objects of every keyboard cost about as much CPU as the
request itself, for answers of which only the message id is read. A call without files is posted
as it is through the bot's request object (`BaseRequest.post`); one with files goes through
`Bot.do_api_request`, which finds the files among the parameters. Either way PTB turns a refusal
into its own errors, which `mapped_errors` maps to channel errors. `do_api_request`'s nudge
towards the typed methods (a `PTBUserWarning` on each call) is silenced for this module, when an
`Outbound` is made (a filter set at import would not outlive a test runner's `catch_warnings`
around collecting).
"""

from __future__ import annotations

import logging
import warnings
from functools import partial
from typing import Any

from telegram import Bot, InputFile, Message
from telegram.constants import ParseMode
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter
from telegram.warnings import PTBUserWarning

from bot.channels.base import Outgoing, RateLimited
from bot.channels.limits import ChannelLimits
from bot.channels.retry import retrying
from bot.channels.telegram.callbacks import CallbackKeys
from bot.channels.telegram.errors import mapped_errors
from bot.channels.telegram.render import answered, caption_html, html_chunks, keyboard

logger = logging.getLogger(__name__)

NO_PREVIEW = {"is_disabled": True}
HTML = ParseMode.HTML.value
MAX_REPLY_WAIT = 5.0  # seconds a reply waits out Telegram's flood control before giving up

Call = tuple[str, dict[str, Any]]  # a Bot API method and its parameters


class Outbound:
    """Renders `Outgoing` into Bot API calls on one bot; callback keys shared with the channel,
    which reads them back when a button is pressed."""

    def __init__(self, bot: Bot, keys: CallbackKeys) -> None:
        self._bot = bot
        self._keys = keys
        warnings.filterwarnings("ignore", r"Please use 'Bot\.", PTBUserWarning, __name__)

    def requests(self, chat_id: str | int, message: Outgoing, reply_to: int | None) -> list[Call]:
        """The Bot API calls that send `message`: its text in pieces (the keyboard on the last),
        then its document and its image; the first one answers `reply_to`."""
        chunks = html_chunks(message)
        calls: list[Call] = [
            (
                "sendMessage",
                {
                    "chat_id": chat_id,
                    "text": chunk,
                    "parse_mode": HTML,
                    "link_preview_options": NO_PREVIEW,
                },
            )
            for chunk in chunks
        ]
        uploads = (
            ("sendDocument", "document", message.document),
            ("sendPhoto", "photo", message.image),
        )
        for method, name, file in uploads:
            if file is not None:
                params = {
                    "chat_id": chat_id,
                    name: InputFile(file.data, filename=file.name),
                    "caption": caption_html(file.caption),
                    "parse_mode": HTML,
                }
                calls.append((method, params))
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
            calls[max(len(chunks) - 1, 0)][1]["reply_markup"] = markup
        if reply_to is not None:
            calls[0][1]["reply_parameters"] = {
                "message_id": reply_to,
                "allow_sending_without_reply": True,
            }
        return calls

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
        sent: Any = None
        for method, params in self.requests(chat_id, message, reply_to):
            async with limits.turn(str(chat_id), group=group, reply=patient):
                if patient:
                    sent = await retrying(
                        "Telegram reply",
                        partial(self._mapped, method, params),
                        log=logger,
                        backoff=(0.0, MAX_REPLY_WAIT),
                        attempts=2,
                        when=_short_pause,
                    )
                else:  # the outbox's: its retries are rows due later
                    sent = await self._mapped(method, params)
        return None if sent is None else str(sent["message_id"])

    async def edit(self, question: Message, message: Outgoing) -> None:
        """Replace the question a person answered with `message` (its first piece)."""
        markup = keyboard(
            message.choices, message.columns, self._keys.key_for, last_row=message.last_row
        )
        text = html_chunks(message)[0]
        await self._call("editMessageText", _edited(question, text) | {"reply_markup": markup})

    async def show_answer(self, question: Message, label: str | None) -> None:
        """The question, its keyboard gone, with the chosen answer under it."""
        text = answered(question.text_html, label) if question.text and label else None
        if text is None:
            where = {"chat_id": question.chat.id, "message_id": question.message_id}
            await self._call("editMessageReplyMarkup", where)
            return
        await self._call("editMessageText", _edited(question, text))

    async def _mapped(self, method: str, params: dict[str, Any]) -> Any:
        with mapped_errors():
            return await self._call(method, params)

    async def _call(self, method: str, params: dict[str, Any]) -> Any:
        """Telegram's answer to `method`, as JSON. Raises PTB's `TelegramError`s.

        `params` are the Bot API's JSON as they are, but for files (`InputFile`), so only a call
        with files needs `do_api_request`'s way: it looks through every parameter for files,
        dates and PTB objects, fills in PTB's defaults (dondoc sets none) and warns, which cost a
        reminder about a tenth of its CPU, most of it in the coroutines it stacks up."""
        if any(isinstance(value, InputFile) for value in params.values()):
            return await self._bot.do_api_request(method, api_kwargs=params)
        data = RequestData([RequestParameter(name, value, None) for name, value in params.items()])
        return await self._bot.request.post(f"{self._bot.base_url}/{method}", data)


def _edited(question: Message, text: str) -> dict[str, Any]:
    """editMessageText's parameters: `question` gets `text` (HTML), its keyboard gone."""
    return {
        "chat_id": question.chat.id,
        "message_id": question.message_id,
        "text": text,
        "parse_mode": HTML,
        "link_preview_options": NO_PREVIEW,
    }


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
