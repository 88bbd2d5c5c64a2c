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
from bot.runtime import start_web
from bot.settings import Settings, load_settings
from bot.web.server import WebServer
from tests.fakes.zalo_api import TOKEN, FakeZalo

ChannelFactory = Callable[..., Awaitable[ZaloChannel]]  # a ChannelStarter, as the tests use it


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
        "web_listen": "127.0.0.1",
        "web_port": 0,  # any free port
    }
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture
def settings(zalo: FakeZalo, tmp_path: Path) -> Settings:
    return make_settings(zalo, tmp_path)


@pytest.fixture
def app(settings: Settings, database: Database) -> App:
    return App(settings=settings, db=database, clock=Clock(settings.timezone))


class ChannelStarter:
    """`await start_channel(app, dispatcher=None, **kwargs)`: a started channel (on the real
    Dispatcher when none is given), stopped at the end of the test. In webhook mode its route is
    mounted on the one web server first, as `dondoc run` does; `address(channel)` is that
    server's local address."""

    def __init__(self) -> None:
        self.started: list[ZaloChannel] = []
        self.servers: dict[int, WebServer] = {}

    async def __call__(self, app: App, dispatcher: Any = None, **kwargs: Any) -> ZaloChannel:
        kwargs.setdefault("idle_pause", 0.05)
        kwargs.setdefault("poll_timeout", 1.0)
        kwargs.setdefault("backoff", (0.05, 0.2))
        channel = ZaloChannel(app, dispatcher, **kwargs)
        if dispatcher is not None:
            # A stand-in handler has no command menu: give the channel the words it reads.
            channel._command_words = {"start", "help"}
        self.started.append(channel)
        if channel.webhook_routes():
            server = await start_web(app, [channel])
            assert server is not None
            self.servers[id(channel)] = server
        await channel.start()
        return channel

    def address(self, channel: ZaloChannel) -> str:
        address = self.servers[id(channel)].address
        assert address is not None
        return address

    async def stop(self) -> None:
        for channel in self.started:
            await channel.stop(drain_timeout=2)
        for server in self.servers.values():
            await server.stop()


@pytest.fixture
async def start_channel() -> AsyncIterator[ChannelStarter]:
    starter = ChannelStarter()
    yield starter
    await starter.stop()
