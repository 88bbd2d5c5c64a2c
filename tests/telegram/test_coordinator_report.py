"""A coordinator's /report on Telegram: the summary, the DOCX and XLSX as documents and the chart
as a photo, through the real channel and python-telegram-bot's HTTP stack to the fake Bot API."""

from __future__ import annotations

from bot.db.engine import Database
from bot.db.models import Role
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import telegram_settings
from tests.telegram.e2e import User, bot, enrolled, seed_plan


async def test_report_sends_the_files_and_the_chart_as_a_photo(
    tg: FakeTelegram, database: Database
) -> None:
    seed = await seed_plan(database)
    coordinator = User(tg, 701)
    async with bot(telegram_settings(tg), database):
        await enrolled(coordinator, database, seed.coordinating_id, Role.COORDINATOR)
        tg.push_text("/report", user_id=701, chat_id=701, name="Lan")
        photo = await tg.wait_for("sendPhoto", chat_id=701)
        await tg.wait_for("sendDocument", chat_id=701, count=2)
    documents = tg.calls_to("sendDocument", 701)
    names = sorted(call.params["document"]["file_name"] for call in documents)
    assert [name.rsplit(".", 1)[1] for name in names] == ["docx", "xlsx"]
    chart = photo.params["photo"]["data"]
    assert chart.startswith(b"\x89PNG")
    assert names[0].removesuffix(".docx") == photo.params["photo"]["file_name"].removesuffix(".png")
