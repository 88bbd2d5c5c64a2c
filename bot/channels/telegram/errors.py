"""Telegram's errors as dondoc's channel errors, so the outbox sender knows what to do next."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.channels.base import (
    ChannelError,
    RateLimited,
    RecipientUnreachable,
    TransientChannelError,
)

# A 400 that means the chat is gone for good, not that the message was malformed.
_GONE = ("chat not found", "user not found", "bot was kicked", "not enough rights")


def retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns while retry_after moves from int to timedelta
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def channel_error(error: TelegramError) -> ChannelError:
    """The `ChannelError` for a Telegram error; `answer` keeps Telegram's own description."""
    answer = error.message
    if isinstance(error, RetryAfter):
        return RateLimited(retry_after_seconds(error), answer=answer)
    if isinstance(error, Forbidden):
        return RecipientUnreachable(answer, answer=answer)
    if isinstance(error, ChatMigrated):
        return RecipientUnreachable(f"the group moved to chat {error.new_chat_id}", answer=answer)
    if isinstance(error, BadRequest):
        if any(words in answer.lower() for words in _GONE):
            return RecipientUnreachable(answer, answer=answer)
        return ChannelError(answer, answer=answer)
    if isinstance(error, NetworkError):  # includes TimedOut and every 5xx
        return TransientChannelError(answer, answer=answer)
    return ChannelError(answer, answer=answer)


@contextmanager
def mapped_errors() -> Iterator[None]:
    """Raise Telegram's errors inside as `ChannelError`s."""
    try:
        yield
    except TelegramError as error:
        raise channel_error(error) from error
