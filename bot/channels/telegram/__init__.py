"""Telegram: python-telegram-bot as transport for dondoc's own conversations.

Light on purpose: importing this package, or one of its PTB-free modules (callbacks, logs), does
not load python-telegram-bot; `TelegramChannel` is imported from `channel.py` when first named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.channels.telegram.channel import TelegramChannel

__all__ = ["NAME", "TelegramChannel"]

NAME = "telegram"  # the channel's name, stored in every `channel` column of its people and chats


def __getattr__(name: str) -> Any:
    if name == "TelegramChannel":
        from bot.channels.telegram.channel import TelegramChannel

        return TelegramChannel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
