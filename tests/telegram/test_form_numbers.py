"""Typed numbers over Telegram's buttons: through the real TelegramChannel and the fake Bot API, a
number typed at a choice or file step is the button of that number, the same as on Zalo and the
console; at a text step (Skip, Back and Cancel as buttons, never numbered) and at the percent
step a typed number is the answer: "1" obstacles, 2 %."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models import Role, StatusUpdate, UpdateStatus
from bot.i18n import t
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import telegram_settings
from tests.telegram.e2e import User, bot, enrolled, seed_plan, shown


async def test_typed_numbers_pick_buttons_and_the_percent_takes_them(
    tg: FakeTelegram, database: Database
) -> None:
    seed = await seed_plan(database)
    lan = User(tg, 301)
    async with bot(telegram_settings(tg), database):
        await enrolled(lan, database, seed.agency_id, Role.FOCAL)
        await lan.says("/update")
        status = await lan.says("2")  # the second button: task 1.2
        assert "1.2" in shown(status)
        labels = [button["text"] for button in status.buttons]
        percent = await lan.says(str(labels.index(t("vi", "status-in-progress")) + 1))
        assert "phần trăm" in shown(percent)
        assert [b["text"] for b in percent.buttons] == ["Quay lại", "Hủy"]
        result = await lan.says("2")  # 2 %, not the second button
        assert "Kết quả đã thực hiện" in shown(result)
        assert "1. Quay lại" not in shown(result) and "ngoặc kép" not in shown(result)
        assert "phần trăm" in shown(await lan.presses(result, "Quay lại"))
        await lan.says("45")
        obstacles = await lan.says("Đã khảo sát 3 doanh nghiệp")
        assert [b["text"] for b in obstacles.buttons] == ["Bỏ qua", "Quay lại", "Hủy"]
        proposals = await lan.says("1")  # the answer "1" (one obstacle), not the first button
        assert "Đề xuất" in shown(proposals)
        attachment = await lan.presses(proposals, "Bỏ qua")
        summary = await lan.says("1")  # Skip the file
        assert "Gửi báo cáo này?" in shown(summary)
        await lan.says("1")  # Gửi
        async with database.session() as session:
            [stored] = list(await session.scalars(select(StatusUpdate)))
        assert (stored.status, stored.percent, stored.obstacles, stored.proposals) == (
            UpdateStatus.IN_PROGRESS,
            45,
            "1",
            None,
        )
        assert attachment.buttons and stored.attachments == []
