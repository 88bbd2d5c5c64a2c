"""Webhook mode: a route of the one web server; Telegram's secret token header is required (compared
in constant time), and a right one lets updates in."""

from __future__ import annotations

import hmac
import time

import httpx
import pytest

from bot.channels.base import Incoming, Outgoing
from bot.channels.telegram import TelegramChannel
from bot.settings import SettingsError
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import served, telegram_app, telegram_settings

SECRET = "s3cret-Token_1"


class Echo:
    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        return [Outgoing(f"nhận: {incoming.text}")]


def update(text: str, chat_id: int) -> dict[str, object]:
    return {
        "update_id": 1,
        "message": {
            "message_id": 5,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Lan"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Lan"},
            "text": text,
        },
    }


async def test_webhook_checks_the_secret_token(tg: FakeTelegram) -> None:
    settings = telegram_settings(
        tg,
        telegram_webhook_url="https://bot.example.org/tg/hook",
        telegram_webhook_secret=SECRET,
    )
    async with served(settings, Echo()) as (_, address), httpx.AsyncClient() as client:
        url = f"{address}/tg/hook"
        set_webhook = await tg.wait_for("setWebhook")
        assert set_webhook.params["url"] == "https://bot.example.org/tg/hook"
        assert set_webhook.params["secret_token"] == SECRET

        missing = await client.post(url, json=update("không có mã", 41))
        wrong = await client.post(
            url,
            json=update("mã sai", 41),
            headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_2"},
        )
        right = await client.post(
            url, json=update("đúng mã", 42), headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        answer = await tg.wait_for("sendMessage", chat_id=42)
    assert (missing.status_code, wrong.status_code, right.status_code) == (403, 403, 200)
    assert answer.text == "nhận: đúng mã"
    assert tg.calls_to("sendMessage", 41) == []
    assert tg.calls_to("getUpdates") == []  # no polling in webhook mode


async def test_secret_compared_in_constant_time(
    tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def recording(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording)
    settings = telegram_settings(
        tg, telegram_webhook_url="https://bot.example.org/hook", telegram_webhook_secret=SECRET
    )
    async with served(settings, Echo()) as (_, address), httpx.AsyncClient() as client:
        await tg.wait_for("setWebhook")
        header = "X-Telegram-Bot-Api-Secret-Token"
        wrong = await client.post(
            f"{address}/hook", json=update("x", 43), headers={header: "s3cret-Token_2"}
        )
    assert wrong.status_code == 403
    assert (b"s3cret-Token_2", SECRET.encode()) in compared


def test_webhook_without_secret_refused() -> None:
    settings = telegram_settings(
        FakeTelegram(), telegram_webhook_url="https://bot.example.org/tg/hook"
    )
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        TelegramChannel(telegram_app(settings), Echo())


async def test_a_webhook_url_telegram_refuses_is_a_settings_error(tg: FakeTelegram) -> None:
    settings = telegram_settings(
        tg, telegram_webhook_url="http://bot.example.org/hook", telegram_webhook_secret=SECRET
    )
    with pytest.raises(
        SettingsError, match=r"(?i)TELEGRAM_WEBHOOK_URL: Telegram refused it \(.*https"
    ):
        async with served(settings, Echo()):
            pass
