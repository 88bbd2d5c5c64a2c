"""A running TelegramChannel against the fake Bot API server, with python-telegram-bot's real
HTTP stack in between; in webhook mode behind the one web server, mounted as `dondoc run` does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest

from bot.app import App
from bot.channels.telegram import TelegramChannel
from bot.db.engine import Database
from bot.runtime import start_web
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
        "web_listen": "127.0.0.1",
        "web_port": 0,  # any free port
    }
    return load_settings(_env_file=None, **{**values, **overrides})


def telegram_app(settings: Settings) -> App:
    """An App for a channel whose inbound side is a stand-in (no database is read)."""
    return App.create(settings, Database("sqlite+aiosqlite://"))


@asynccontextmanager
async def running(settings: Settings, dispatcher: Any) -> AsyncIterator[TelegramChannel]:
    app = telegram_app(settings)
    channel = TelegramChannel(app, dispatcher, poll_timeout=POLL_TIMEOUT)
    await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()
        await app.db.dispose()


@asynccontextmanager
async def served(settings: Settings, dispatcher: Any) -> AsyncIterator[tuple[TelegramChannel, str]]:
    """As `dondoc run` does it: the channel's webhook route mounted on the one web server, the
    server started, then the channel; yields the channel and the server's local address."""
    app = telegram_app(settings)
    channel = TelegramChannel(app, dispatcher, poll_timeout=POLL_TIMEOUT)
    server = await start_web(app, [channel])
    assert server is not None and server.address is not None
    try:
        await channel.start()
        yield channel, server.address
    finally:
        await channel.stop()  # as `dondoc run` does, also after a start that failed
        await server.stop()
        await app.db.dispose()
