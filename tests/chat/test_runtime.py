"""`dondoc run` wiring: which channels start for which tokens, the console demo's dashboard
socket."""

from __future__ import annotations

import io
import logging
import socket

import pytest

from bot.app import App
from bot.channels.console import ConsoleChannel
from bot.runtime import chat_channels, listen_for_dashboard
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import make_app


async def test_channels_follow_the_tokens(sqlite_database) -> None:
    plain = make_app(sqlite_database)
    plain.senders.clear()
    assert chat_channels(plain, Dispatcher(plain)) == [] and plain.senders == {}

    both: App = make_app(
        sqlite_database, telegram_bot_token="123456:TEST-TOKEN", zalo_bot_token="zalo-token"
    )
    both.senders.clear()
    channels = chat_channels(both, Dispatcher(both))
    assert [channel.name for channel in channels] == ["telegram", "zalo"]
    assert both.senders == {"telegram": channels[0], "zalo": channels[1]}


def test_log_lines_never_carry_a_bot_token() -> None:
    import logging

    from bot.runtime import RedactSecrets

    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        __file__,
        1,
        "POST %s failed",
        ("https://x/bot123:SECRET/send",),
        None,
    )
    assert RedactSecrets(["123:SECRET", ""]).filter(record)
    assert record.getMessage() == "POST https://x/bot<TOKEN>/send failed"


def test_the_console_demo_names_a_taken_port_and_listens_on_a_free_one(
    sqlite_database, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    try:
        taken = make_app(sqlite_database, web_listen="127.0.0.1", web_port=port)
        with caplog.at_level(logging.WARNING, logger="bot.runtime"):
            assert listen_for_dashboard(taken, ConsoleChannel(taken, stdout=io.StringIO())) is None
    finally:
        blocker.close()
    assert f"cannot listen on 127.0.0.1:{port} (Address already in use)" in caplog.text

    free = make_app(sqlite_database, web_listen="127.0.0.1", web_port=0)
    shown = io.StringIO()
    listening = listen_for_dashboard(free, ConsoleChannel(free, stdout=shown))
    assert listening is not None
    try:
        host, bound = listening.getsockname()[:2]
        assert f"http://{host}:{bound}" in shown.getvalue()
        assert listening.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
        assert not listening.getblocking()
    finally:
        listening.close()
