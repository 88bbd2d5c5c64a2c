"""A running TelegramChannel against the fake Bot API server, with python-telegram-bot's real
HTTP stack in between."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest

from bot.channels.telegram import TelegramChannel
from bot.settings import Settings, load_settings
from tests.fakes.telegram_api import FakeTelegram

POLL_TIMEOUT = timedelta(seconds=0.3)  # getUpdates held open briefly, so stop() is quick


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


def telegram_settings(tg: FakeTelegram, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": tg.token,
        "telegram_base_url": tg.base_url,
        "admin_telegram_ids": "900",
    }
    return load_settings(_env_file=None, **{**values, **overrides})


@asynccontextmanager
async def running(settings: Settings, dispatcher: Any) -> AsyncIterator[TelegramChannel]:
    channel = TelegramChannel(settings, dispatcher, poll_timeout=POLL_TIMEOUT)
    await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()
