"""A running TelegramChannel against the fake Bot API server, with python-telegram-bot's real
HTTP stack in between."""

from __future__ import annotations

import sys
import types
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

from bot.channels.telegram import TelegramChannel
from bot.settings import Settings, load_settings
from tests.fakes.telegram_api import FakeTelegram


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
    channel = TelegramChannel(settings, dispatcher, poll_timeout=0.3)
    await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()


@pytest.fixture(autouse=True)
def command_menu_until_chat_core_lands(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        import handlers.commands  # noqa: F401
    except ImportError:
        module = types.ModuleType("handlers.commands")
        menu: Callable[[str | None, str], list[tuple[str, str]]] = lambda role, locale: [  # noqa: E731
            ("help", "Trợ giúp" if locale == "vi" else "Help"),
            ("update", f"{role}"),
        ]
        module.command_menu = menu  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "handlers.commands", module)
