"""Links that open a bot with "/start <code>" typed, for invite codes (Telegram's t.me links;
Zalo and the console have none). Kept apart from the Telegram channel so that `dondoc invite`
prints one without loading python-telegram-bot."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from bot.settings import Settings


@runtime_checkable
class InviteLinks(Protocol):
    """A channel whose platform has links that open its bot with "/start <code>" typed."""

    def invite_link(self, code: str) -> str | None: ...


def deep_link(bot_username: str, code: str) -> str:
    """t.me/<bot>?start=<code> opens the bot with /start <code> already typed."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"


def invite_link(settings: Settings, channels: Iterable[object], code: str) -> str | None:
    """The first link for an invite code that a running channel offers, else Telegram's t.me
    link when TELEGRAM_BOT_USERNAME names the bot."""
    for channel in channels:
        if isinstance(channel, InviteLinks) and (link := channel.invite_link(code)):
            return link
    if settings.telegram_bot_username:
        return deep_link(settings.telegram_bot_username, code)
    return None
