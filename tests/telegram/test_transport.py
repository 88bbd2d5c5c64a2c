"""The aiohttp transport under python-telegram-bot: failures of the network are transient channel
errors that never quote the token, slow answers time out, and a proxy named in the environment
carries the requests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.channels.base import Outgoing, TransientChannelError
from bot.channels.telegram.transport import AiohttpRequest
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import running, telegram_settings
from tests.telegram.test_start_limits_and_secrets import Echo


async def test_a_server_gone_is_a_transient_error_without_the_token(tg: FakeTelegram) -> None:
    async with running(telegram_settings(tg), Echo()) as channel:
        assert await channel.send("61", Outgoing("trước")) is not None
        await tg.__aexit__()  # the Bot API goes away
        with pytest.raises(TransientChannelError) as gone:
            await channel.send("61", Outgoing("sau"))
    words = f"{gone.value} {gone.value.answer} {gone.value.__cause__}"
    assert "aiohttp" in words and tg.token not in words and tg.token.split(":")[1] not in words


@pytest.fixture
async def silent() -> AsyncIterator[str]:
    """A server that takes requests and answers none in time: its base URL."""

    async def never(request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/{path:.*}", never)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/bot42:SECRET-part"
    await runner.cleanup()


async def test_an_answer_that_does_not_come_times_out(silent: str) -> None:
    from telegram.error import TimedOut

    request = AiohttpRequest(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut) as late:
            await request.post(f"{silent}/getMe")
    finally:
        await request.shutdown()
    assert "SECRET-part" not in str(late.value)


async def test_a_proxy_named_in_the_environment_carries_the_requests(
    tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Bot API at a name that does not resolve, reached through the proxy (the fake server
    answers requests in a proxy's absolute form as it answers direct ones)."""
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{tg.port}")
    settings = telegram_settings(tg, telegram_base_url="http://api.telegram.invalid/bot")
    async with running(settings, Echo()) as channel:
        await channel.send("62", Outgoing("qua proxy"))
    assert [call.text for call in tg.sent(62)] == ["qua proxy"]


async def test_a_json_body_is_compact_utf8_and_the_same_parameters() -> None:
    """Vietnamese text goes as its UTF-8 bytes, not as ASCII escapes (half the size)."""
    from telegram.request import RequestData
    from telegram.request._requestparameter import RequestParameter

    bodies: list[tuple[str | None, bytes]] = []

    async def take(request: web.Request) -> web.Response:
        bodies.append((request.content_type, await request.read()))
        return web.json_response({"ok": True, "result": {"message_id": 7}})

    app = web.Application()
    app.router.add_route("POST", "/{path:.*}", take)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    params = {"chat_id": 61, "text": "Nhắc việc: báo cáo", "link_preview_options": {"a": True}}
    request = AiohttpRequest()
    try:
        data = RequestData([RequestParameter(name, value, None) for name, value in params.items()])
        answer = await request.post(f"http://127.0.0.1:{port}/bot1:x/sendMessage", data)
    finally:
        await request.shutdown()
        await runner.cleanup()
    assert answer == {"message_id": 7}
    [(content_type, body)] = bodies
    assert content_type == "application/json"
    assert json.loads(body) == params
    assert "Nhắc việc".encode() in body and b"\\u" not in body and b", " not in body
