"""Telegram deep links: t.me/<bot>?start=<code> opens the bot with /start <code> already typed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.settings import Settings


def bot_username(settings: Settings, senders: Mapping[str, Any]) -> str | None:
    """The bot's username: TELEGRAM_BOT_USERNAME, else what the running channel learned (getMe)."""
    if settings.telegram_bot_username:
        return settings.telegram_bot_username
    return getattr(senders.get("telegram"), "username", None)


def deep_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"
