"""Webhook mode: setWebhook with the secret, the secret checked on every request (constant time),
200 at once and the update handled from a queue."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from bot.app import App
from bot.channels.zalo.channel import ZaloChannel
from bot.clock import Clock
from bot.db.engine import Database
from bot.settings import SettingsError
from tests.fakes.zalo_api import FakeZalo
from tests.zalo.conftest import ChannelFactory, make_settings
from tests.zalo.test_channel import Recorder

SECRET = "s3cret-webhook-token"


async def _webhook_channel(
    zalo: FakeZalo, tmp_path: Path, db: Database, start_channel: ChannelFactory, recorder: Recorder
) -> tuple[ZaloChannel, str]:
    settings = make_settings(
        zalo,
        tmp_path,
        zalo_webhook_url="https://bot.example.vn/hooks/zalo",
        zalo_webhook_secret=SECRET,
        webhook_listen="127.0.0.1",
        zalo_webhook_port=0,  # any free port
    )
    app = App(settings=settings, db=db, clock=Clock(settings.timezone))
    channel = await start_channel(app, recorder)
    await asyncio.wait_for(channel.ready.wait(), 5)
    assert channel.webhook is not None
    return channel, f"http://127.0.0.1:{channel.webhook.port}/hooks/zalo"


async def test_webhook_is_set_with_the_secret_and_a_wrong_secret_is_refused(
    zalo: FakeZalo, tmp_path: Path, sqlite_database: Database, start_channel: ChannelFactory
) -> None:
    recorder = Recorder()
    _, local_url = await _webhook_channel(zalo, tmp_path, sqlite_database, start_channel, recorder)
    [call] = zalo.calls_to("setWebhook")
    assert call.params == {"url": "https://bot.example.vn/hooks/zalo", "secret_token": SECRET}
    assert zalo.calls_to("getUpdates") == []

    update = {"event_name": "message.text.received", "message": zalo.message(text="giả mạo")}
    assert (await zalo.post_webhook(local_url, update, "wrong-secret"))[0] == 403
    assert (await zalo.post_webhook(local_url, update, None))[0] == 403
    assert (await zalo.post_webhook(local_url, update, SECRET[:-1]))[0] == 403
    await asyncio.sleep(0.2)
    assert recorder.seen == []

    status, _ = await zalo.post_webhook(local_url, update, SECRET)
    assert status == 200
    [incoming] = await recorder.wait()
    assert incoming.text == "giả mạo"


async def test_updates_pushed_by_zalo_are_answered_200_and_handled_once(
    zalo: FakeZalo, tmp_path: Path, sqlite_database: Database, start_channel: ChannelFactory
) -> None:
    recorder = Recorder()
    _, local_url = await _webhook_channel(zalo, tmp_path, sqlite_database, start_channel, recorder)
    zalo.deliver_to = local_url
    message = zalo.message(text="báo cáo", user_id="u-lan")
    zalo.push_update("message.text.received", message)  # the fake POSTs it with the secret
    zalo.push_update("message.text.received", dict(message))  # Zalo retried the delivery
    await recorder.wait()
    await zalo.wait_for("sendMessage", chat_id="u-lan")
    await asyncio.sleep(0.3)
    assert zalo.webhook_answers == [200, 200]
    assert len(recorder.seen) == 1


def test_webhook_mode_needs_a_secret(
    zalo: FakeZalo, tmp_path: Path, sqlite_database: Database
) -> None:
    for secret in (None, "short"):
        settings = make_settings(
            zalo,
            tmp_path,
            zalo_webhook_url="https://bot.example.vn/zalo",
            zalo_webhook_secret=secret,
        )
        app = App(settings=settings, db=sqlite_database, clock=Clock(settings.timezone))
        with pytest.raises(SettingsError, match="ZALO_WEBHOOK_SECRET"):
            ZaloChannel(app, Recorder())


async def test_a_webhook_port_in_use_stops_only_the_zalo_channel(
    zalo: FakeZalo, tmp_path: Path, sqlite_database: Database, start_channel: ChannelFactory
) -> None:
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    try:
        settings = make_settings(
            zalo,
            tmp_path,
            zalo_webhook_url="https://bot.example.vn/hooks/zalo",
            zalo_webhook_secret=SECRET,
            webhook_listen="127.0.0.1",
            zalo_webhook_port=blocker.getsockname()[1],
        )
        app = App(settings=settings, db=sqlite_database, clock=Clock(settings.timezone))
        channel = await start_channel(app, Recorder())
        await asyncio.wait_for(channel.stopped.wait(), 5)
        assert zalo.calls_to("setWebhook") == []
    finally:
        blocker.close()
