"""The fake Bot API server answers python-telegram-bot's real HTTP client as Telegram would."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, RetryAfter

from tests.fakes.telegram_api import FakeTelegram


async def test_real_client_against_fake_server() -> None:
    async with FakeTelegram() as tg:
        bot = Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url)
        async with bot:
            assert bot.username == "dondoc_test_bot"
            keyboard = InlineKeyboardMarkup(
                [[InlineKeyboardButton("Hoàn thành", callback_data="d")]]
            )
            message = await bot.send_message(chat_id=42, text="Trạng thái?", reply_markup=keyboard)
            assert message.reply_markup is not None

            tg.push_text("/start ABC", user_id=42)
            updates = await bot.get_updates(timeout=1)
            assert updates[0].message is not None and updates[0].message.text == "/start ABC"

            tg.fail_chat(42, 429, retry_after=3)
            with pytest.raises(RetryAfter):
                await bot.send_message(chat_id=42, text="again")
            tg.fail_chat(42, 403)
            with pytest.raises(Forbidden):
                await bot.send_message(chat_id=42, text="again")

    call = tg.calls_to("sendMessage", 42)[0]
    assert call.text == "Trạng thái?"
    assert call.buttons == [{"text": "Hoàn thành", "callback_data": "d"}]
    assert tg.too_many_requests == 1


async def test_limits_enforced_when_asked() -> None:
    async with FakeTelegram(enforce_limits=True) as tg:
        bot = Bot(tg.token, base_url=tg.base_url)
        async with bot:
            await bot.send_message(chat_id=5, text="1")
            with pytest.raises(RetryAfter):
                await bot.send_message(chat_id=5, text="2")  # second in the same second
    assert tg.too_many_requests == 1
