"""Fixtures for the Zalo channel: the fake Zalo Bot API server, settings pointing at it, an App on
a real database, and a factory that starts a ZaloChannel and always stops it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.channels.zalo.channel import ZaloChannel
from bot.clock import Clock
from bot.db.engine import Database
from bot.settings import Settings, load_settings
from tests.fakes.zalo_api import TOKEN, FakeZalo

ChannelFactory = Callable[..., Awaitable[ZaloChannel]]


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as server:
        yield server


def make_settings(zalo: FakeZalo, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "_env_file": None,
        "zalo_bot_token": TOKEN,
        "zalo_base_url": zalo.base_url,
        "files_dir": tmp_path / "files",
        "zalo_rate_global": 1000,
        "zalo_rate_per_chat": 1000,
        "admin_zalo_ids": "u-admin",
    }
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture
def settings(zalo: FakeZalo, tmp_path: Path) -> Settings:
    return make_settings(zalo, tmp_path)


@pytest.fixture
def app(settings: Settings, database: Database) -> App:
    return App(settings=settings, db=database, clock=Clock(settings.timezone))


@pytest.fixture
async def start_channel() -> AsyncIterator[ChannelFactory]:
    """`await start_channel(app, dispatcher=None, **kwargs)`: a started channel (on the real
    Dispatcher when none is given), stopped at the end of the test."""
    started: list[ZaloChannel] = []

    async def factory(app: App, dispatcher: Any = None, **kwargs: Any) -> ZaloChannel:
        kwargs.setdefault("idle_pause", 0.05)
        kwargs.setdefault("poll_timeout", 1.0)
        kwargs.setdefault("backoff", (0.05, 0.2))
        channel = ZaloChannel(app, dispatcher, **kwargs)
        if dispatcher is not None:
            # A stand-in handler has no command menu: give the channel the words it reads.
            channel._command_words = {"start", "help"}
        started.append(channel)
        await channel.start()
        return channel

    yield factory
    for channel in started:
        await channel.stop(drain_timeout=2)
