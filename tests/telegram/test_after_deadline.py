"""After the deadline on Telegram, end to end: the real channel and python-telegram-bot's HTTP
stack against the fake Bot API, a real database. The quarterly report "Quý IV/2026" is due
Sunday 20/12/2026, so it runs to Monday 21/12; on Wednesday 23/12 it is two days late."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models import ReportingPeriod, Role, StatusUpdate
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import telegram_settings
from tests.telegram.e2e import User, bot, button_starting, enrolled, seed_plan, shown

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def test_a_late_report_from_the_overdue_button(database: Database) -> None:
    # The fake server lives inside the travel too: its connections must not outlive the jump back.
    with time_machine.travel(datetime(2026, 12, 23, 9, 0, tzinfo=VN), tick=True):
        async with FakeTelegram() as tg:
            await _late_report(tg, database)
    async with database.session() as session:
        [update] = await session.scalars(select(StatusUpdate))
        period = await session.get(ReportingPeriod, update.period_id)
    assert period is not None and period.label == "Quý IV/2026"
    assert update.is_late and update.days_late == 2


async def _late_report(tg: FakeTelegram, database: Database) -> None:
    seed = await seed_plan(database)
    lan = User(tg, 401)
    async with bot(telegram_settings(tg), database):
        await enrolled(lan, database, seed.agency_id, Role.FOCAL)
        listing = await lan.says("/tasks")
        assert (
            "Quý IV/2026 (hạn báo cáo 20/12/2026, lùi đến Thứ Hai 21/12/2026) — QUÁ HẠN 2 ngày"
            in shown(listing)
        )
        status = await lan.presses(listing, button_starting(listing, "1.1 (Quý IV/2026)"))
        assert "đang báo cáo cho kỳ Quý IV/2026" in shown(status)
        assert "Báo cáo cho kỳ Quý I/2027" in [b["text"] for b in status.buttons]
        result = await lan.presses(status, "Hoàn thành")
        obstacles = await lan.says("Đã rà soát xong 42 thủ tục")
        proposals = await lan.presses(obstacles, "Bỏ qua")
        attachment = await lan.presses(proposals, "Bỏ qua")
        summary = await lan.presses(attachment, "Bỏ qua")
        saved = await lan.presses(summary, "Gửi")
        assert "nộp muộn 2 ngày" in shown(saved), shown(result)
