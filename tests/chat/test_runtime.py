"""`dondoc run` wiring: which channels start for which tokens."""

from __future__ import annotations

from bot.app import App
from bot.runtime import chat_channels
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
