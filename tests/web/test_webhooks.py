"""One web server for everything `dondoc run` serves: the dashboard, Telegram's webhook and Zalo's,
mounted as bot/runtime.py mounts them, on one port; a wrong secret is refused (403) and nothing of
it is handled; no token or secret reaches a log line."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import App
from bot.db.engine import Database
from bot.runtime import chat_channels, start_web
from bot.settings import load_settings
from handlers.dispatcher import Dispatcher
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import TOKEN as ZALO_TOKEN
from tests.fakes.zalo_api import FakeZalo

TELEGRAM_SECRET = "tg-Hook_secret_1234"
ZALO_SECRET = "zalo-hook-secret-5678"
TELEGRAM_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def telegram_update(text: str, user_id: int, update_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Lan", "language_code": "vi"},
            "text": text,
        },
    }


@asynccontextmanager
async def dondoc(
    tg: FakeTelegram, zalo: FakeZalo, db: Database, tmp_path: Path
) -> AsyncIterator[str]:
    """Both channels in webhook mode behind one server, built and started as `dondoc run` does;
    yields the server's local address."""
    settings = load_settings(
        _env_file=None,
        database_url=db.url,
        files_dir=tmp_path / "files",
        telegram_bot_token=tg.token,
        telegram_base_url=tg.base_url,
        telegram_webhook_url="https://dondoc.example.gov.vn/hooks/telegram",
        telegram_webhook_secret=TELEGRAM_SECRET,
        zalo_bot_token=ZALO_TOKEN,
        zalo_base_url=zalo.base_url,
        zalo_webhook_url="https://dondoc.example.gov.vn/hooks/zalo",
        zalo_webhook_secret=ZALO_SECRET,
        web_listen="127.0.0.1",
        web_port=0,
    )
    app = App.create(settings, db)
    channels = chat_channels(app, Dispatcher(app))
    server = await start_web(app, channels)
    assert server is not None and server.address is not None
    try:
        for channel in channels:
            await channel.start()
        await tg.wait_for("setWebhook")
        await zalo.wait_for("setWebhook")
        yield server.address
    finally:
        for channel in reversed(channels):
            await channel.stop()
        await server.stop()


async def test_the_dashboard_and_both_webhooks_answer_on_one_port(
    sqlite_database: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with (
        FakeTelegram() as tg,
        FakeZalo() as zalo,
        dondoc(tg, zalo, sqlite_database, tmp_path) as address,
        httpx.AsyncClient(base_url=address) as http,
    ):
        assert tg.calls_to("setWebhook")[0].params["url"].endswith("/hooks/telegram")
        assert zalo.calls_to("setWebhook")[0].params["secret_token"] == ZALO_SECRET

        dashboard = await http.get("/")
        assert dashboard.status_code == 401  # the dashboard's own sign-in explanation
        assert "Content-Security-Policy" in dashboard.headers

        refused = [
            await http.post("/hooks/telegram", json=telegram_update("/help", 61, 1)),
            await http.post(
                "/hooks/telegram",
                json=telegram_update("/help", 61, 2),
                headers={TELEGRAM_HEADER: ZALO_SECRET},  # another platform's secret
            ),
        ]
        zalo_update = {"event_name": "message.text.received", "message": zalo.message(text="help")}
        wrong, _ = await zalo.post_webhook(f"{address}/hooks/zalo", zalo_update, TELEGRAM_SECRET)

        good = await http.post(
            "/hooks/telegram",
            json=telegram_update("/help", 62, 3),
            headers={TELEGRAM_HEADER: TELEGRAM_SECRET},
        )
        zalo.deliver_to = f"{address}/hooks/zalo"
        zalo.push_text("help", user_id="u-ha")
        telegram_answer = await tg.wait_for("sendMessage", chat_id=62)
        zalo_answer = await zalo.wait_for("sendMessage", chat_id="u-ha")
        await asyncio.sleep(0.3)  # anything the refused requests might have caused
    assert [answer.status_code for answer in refused] + [wrong] == [403, 403, 403]
    assert good.status_code == 200 and zalo.webhook_answers == [200]
    assert telegram_answer.text and zalo_answer.text
    assert tg.calls_to("sendMessage", 61) == [] and zalo.calls_to("sendMessage", "u-lan") == []
    assert caplog.text.count("refused a request without the right secret token") == 3
    for secret in (tg.token, ZALO_TOKEN, TELEGRAM_SECRET, ZALO_SECRET):
        assert secret not in caplog.text


async def test_two_webhooks_at_one_path_are_a_settings_error(
    sqlite_database: Database, tmp_path: Path
) -> None:
    from bot.settings import SettingsError

    settings = load_settings(
        _env_file=None,
        database_url=sqlite_database.url,
        telegram_bot_token="1:x",
        telegram_webhook_url="https://dondoc.example.gov.vn/hook",
        telegram_webhook_secret=TELEGRAM_SECRET,
        zalo_bot_token=ZALO_TOKEN,
        zalo_webhook_url="https://dondoc.example.gov.vn/hook",
        zalo_webhook_secret=ZALO_SECRET,
        web_port=0,
    )
    app = App.create(settings, sqlite_database)
    channels = chat_channels(app, Dispatcher(app))
    with pytest.raises(SettingsError, match="/hook"):
        await start_web(app, channels)
