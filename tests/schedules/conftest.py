"""Fixtures for the reminder tests: the fake Bot API server and an App sending through the real
Telegram channel (python-telegram-bot's HTTP stack) to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.channels.base import Incoming, Outgoing
from bot.channels.limits import ChannelLimits, Rates
from bot.channels.telegram import TelegramChannel
from bot.db.engine import Database
from bot.settings import load_settings
from schedules.sender import OutboxSender
from tests.conftest import postgres_in
from tests.fakes.telegram_api import FakeTelegram

TOKEN = "123456:TEST-TOKEN"


class NoReplies:
    """The channel's inbound side is not exercised here: the outbox only sends."""

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        return []


def make_app(db: Database, base_url: str) -> App:
    settings = load_settings(
        database_url=db.url, telegram_bot_token=TOKEN, telegram_base_url=base_url
    )
    app = App.create(settings, db)
    app.senders["telegram"] = TelegramChannel(app, NoReplies())
    return app


async def second_database(db: Database) -> Database:
    """Another engine on the same database (and, on PostgreSQL, the same test schema), as a
    second process would have."""
    if db.dialect != "postgresql":
        return Database(db.url)
    async with db.engine.connect() as connection:
        schema = (await connection.exec_driver_sql("SELECT current_schema()")).scalar_one()
    return postgres_in(schema)


def fast_sender(app: App, **options: object) -> OutboxSender:
    """A sender with generous limits, so tests of faults and claims do not wait for rates."""
    channel = app.senders["telegram"]
    assert isinstance(channel, TelegramChannel)
    channel.limits = ChannelLimits(Rates(1000, 1000, 1000))
    values: dict[str, object] = {"retry_base_seconds": 0.05} | options
    return OutboxSender(app, **values)  # type: ignore[arg-type]


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as fake:
        yield fake
