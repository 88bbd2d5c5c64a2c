"""Webhook mode: setWebhook with the secret, the route on the one web server, the secret checked on
every request (constant time), 200 at once and the update handled from a queue."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from bot.app import App
from bot.channels.zalo.channel import ZaloChannel
from bot.clock import Clock
from bot.db.engine import Database
from bot.runtime import start_web
from bot.settings import SettingsError
from tests.fakes.zalo_api import FakeZalo
from tests.zalo.conftest import ChannelStarter, make_settings
from tests.zalo.test_channel import Recorder

SECRET = "s3cret-webhook-token"


async def _webhook_channel(
    zalo: FakeZalo, tmp_path: Path, db: Database, start_channel: ChannelStarter, recorder: Recorder
) -> tuple[ZaloChannel, str]:
    settings = make_settings(
        zalo,
        tmp_path,
        zalo_webhook_url="https://bot.example.vn/hooks/zalo",
        zalo_webhook_secret=SECRET,
    )
    app = App(settings=settings, db=db, clock=Clock(settings.timezone))
    channel = await start_channel(app, recorder)
    await asyncio.wait_for(channel.ready.wait(), 5)
    return channel, f"{start_channel.address(channel)}/hooks/zalo"


async def test_webhook_is_set_with_the_secret_and_a_wrong_secret_is_refused(
    zalo: FakeZalo, tmp_path: Path, sqlite_database: Database, start_channel: ChannelStarter
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
    zalo: FakeZalo, tmp_path: Path, sqlite_database: Database, start_channel: ChannelStarter
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


async def test_a_port_in_use_is_an_error_with_a_webhook_and_a_warning_without(
    zalo: FakeZalo,
    tmp_path: Path,
    sqlite_database: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    taken = {"web_listen": "127.0.0.1", "web_port": blocker.getsockname()[1]}
    hook = {"zalo_webhook_url": "https://bot.example.vn/hooks/zalo", "zalo_webhook_secret": SECRET}
    try:
        for webhook in (hook, {}):
            settings = make_settings(zalo, tmp_path, **taken, **webhook)
            app = App(settings=settings, db=sqlite_database, clock=Clock(settings.timezone))
            channel = ZaloChannel(app, Recorder())
            if webhook:
                with pytest.raises(SettingsError, match=r"WEB_PORT: .*zalo webhook"):
                    await start_web(app, [channel])
            else:
                assert await start_web(app, [channel]) is None
                assert "cannot listen" in caplog.text
    finally:
        blocker.close()
    assert zalo.calls == []  # nothing was started
