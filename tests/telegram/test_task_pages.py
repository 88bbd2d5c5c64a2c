"""/tasks pages on Telegram: the real Dispatcher behind the real TelegramChannel and
python-telegram-bot's HTTP stack, against the fake Bot API server. The pager is a row of its
own under the report buttons, and a page button edits the list in place."""

from __future__ import annotations

from bot.db.engine import Database
from bot.db.models import Role
from tests.chat.test_task_pages import add_tasks, codes_in
from tests.fakes.telegram_api import Call, FakeTelegram
from tests.telegram.conftest import telegram_settings
from tests.telegram.e2e import User, bot, enrolled, seed_plan, shown


def rows(call: Call) -> list[list[str]]:
    markup = call.params.get("reply_markup") or {}
    return [[button["text"] for button in row] for row in markup.get("inline_keyboard", [])]


async def edit_of(tg: FakeTelegram, user: User, count: int) -> Call:
    return await tg.wait_for("editMessageText", chat_id=user.chat_id, count=count)


async def test_page_buttons_edit_the_list_in_place(tg: FakeTelegram, database: Database) -> None:
    seed = await seed_plan(database)
    codes = ["1.1", "1.2", *await add_tasks(database, seed.plan_id, seed.agency_id, 16)]  # 18
    lan = User(tg, 701)
    async with bot(telegram_settings(tg), database):
        await enrolled(lan, database, seed.agency_id, Role.FOCAL)
        first = await lan.says("/tasks")
        tg.press(first, "›", user_id=701)
        second = await edit_of(tg, lan, 1)
        tg.press(second, "›", user_id=701)
        third = await edit_of(tg, lan, 2)
        tg.press(third, "‹", user_id=701)
        back = await edit_of(tg, lan, 3)
        sent = len(tg.calls_to("sendMessage", 701))
    assert rows(first) == [
        ["Báo cáo 1.1", "Báo cáo 1.2", "Báo cáo 9.1", "Báo cáo 9.2"],
        ["Báo cáo 9.3", "Báo cáo 9.4", "Báo cáo 9.5", "Báo cáo 9.6"],
        ["1/3", "›"],
    ]
    assert rows(second)[-1] == ["‹", "2/3", "›"]
    assert rows(third) == [["Báo cáo 9.15", "Báo cáo 9.16"], ["‹", "3/3"]]  # not one row of 4
    pages = [shown(first), str(second.params["text"]), str(third.params["text"])]
    assert [code for page in pages for code in codes_in(page)] == codes
    assert "Trang 3/3 · 18 nhiệm vụ" in third.params["text"]
    assert codes_in(str(back.params["text"])) == codes[8:16]
    assert sent == 2  # the welcome and the list: every page came as an edit
