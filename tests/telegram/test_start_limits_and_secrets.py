"""Start-up faults, secrets in logs, and one chat's limit shared by replies and reminders."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bot.channels.base import Incoming, Outgoing
from bot.channels.telegram import TelegramChannel
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import running, served, telegram_app, telegram_settings
from tests.telegram.test_webhook import update

SECRET = "hook-Secret_42xyz"
STRANGERS = "not-the-Secret_99"


class Echo:
    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        return [Outgoing(f"nhận: {incoming.text}")]


async def test_replies_and_reminders_to_one_chat_share_its_limit() -> None:
    """Against a server that answers 429 past one message a second per chat: a reminder sent
    right after a reply waits its second, and so does the reply right after a reminder."""
    async with FakeTelegram(enforce_limits=True) as tg:
        async with running(telegram_settings(tg), Echo()) as channel:
            tg.push_text("chào", user_id=51)
            first = await tg.wait_for("sendMessage", chat_id=51)
            await channel.send("51", Outgoing("Nhắc việc: hạn 15/01/2027"))  # as the outbox does
            tg.push_text("tôi báo cáo ngay", user_id=51)
            await tg.wait_for("sendMessage", chat_id=51, count=3)
        reply, reminder, second = tg.sent(51)
        assert tg.too_many_requests == 0
        assert reply is first and "Nhắc việc" in reminder.text and "báo cáo" in second.text
        assert reminder.at - reply.at >= 0.95 and second.at - reminder.at >= 0.95


async def test_an_unreachable_bot_api_is_retried_one_line_per_attempt(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    settings = telegram_settings(
        FakeTelegram(), telegram_base_url="http://127.0.0.1:9/bot", telegram_bot_token="42:NOPE-x"
    )
    channel = TelegramChannel(
        telegram_app(settings), Echo(), poll_timeout=timedelta(seconds=0.3), backoff=(0.05, 0.1)
    )
    starting = asyncio.create_task(channel.start())
    await asyncio.sleep(0.8)
    assert not starting.done()  # still trying, not failed
    starting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await starting
    await channel.stop()
    attempts = [r for r in caplog.records if "Telegram getMe failed" in r.getMessage()]
    assert len(attempts) >= 3
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in attempts)
    assert "NOPE-x" not in caplog.text


async def dondoc_run(tmp_path: Path, tg: FakeTelegram, **settings: str) -> tuple[int, str, str]:
    """`dondoc run` in a process of its own on the fake Bot API: exit code, stdout, stderr."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM", "ZALO", "WEB"))
    }
    environment |= {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
        "TELEGRAM_BASE_URL": tg.base_url,
        **{name.upper(): value for name, value in settings.items()},
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_a_refused_token_is_one_line_without_the_token(tmp_path: Path) -> None:
    token = "999:WRONG-secret-part"
    async with FakeTelegram() as tg:
        code, out, err = await dondoc_run(tmp_path, tg, telegram_bot_token=token)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, err
    assert lines[-1].startswith("✗") and "TELEGRAM_BOT_TOKEN" in lines[-1]
    assert "Traceback" not in err
    assert "WRONG-secret-part" not in err + out


async def test_a_taken_web_port_stops_a_webhook_run_with_one_line(tmp_path: Path) -> None:
    """The webhook is served by the web server: without its port the bot could receive nothing."""
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    try:
        async with FakeTelegram() as tg:
            code, _, err = await dondoc_run(
                tmp_path,
                tg,
                telegram_bot_token=tg.token,
                telegram_webhook_url="https://bot.example.org/tg/hook",
                telegram_webhook_secret=SECRET,
                web_listen="127.0.0.1",
                web_port=str(blocker.getsockname()[1]),
            )
    finally:
        blocker.close()
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, err
    assert lines[-1].startswith("✗") and "WEB_PORT" in lines[-1] and "telegram webhook" in lines[-1]
    assert "Traceback" not in err and SECRET not in err
    assert tg.calls_to("setWebhook") == []


async def test_webhook_secrets_ours_and_received_never_reach_a_log(
    tg: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    webhook = {"url": "https://bot.example.org/tg/hook", "secret": SECRET}
    settings = telegram_settings(
        tg, **{f"telegram_webhook_{key}": value for key, value in webhook.items()}
    )
    stranger = {"X-Telegram-Bot-Api-Secret-Token": STRANGERS}
    async with served(settings, Echo()) as (_, address), httpx.AsyncClient() as client:
        await tg.wait_for("setWebhook")
        url = f"{address}/tg/hook"
        wrong = await client.post(url, json=update("mã sai", 41), headers=stranger)
    assert wrong.status_code == 403
    assert any("setWebhook" in r.getMessage() for r in caplog.records)  # PTB did log the call
    assert any("refused a request" in r.getMessage() for r in caplog.records)
    assert SECRET not in caplog.text and STRANGERS not in caplog.text
