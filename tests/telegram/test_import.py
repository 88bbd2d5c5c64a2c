"""/import on Telegram: the admin's file is fetched with getFile and read by the import service."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models import Plan, Task
from bot.i18n import t
from tests.conftest import FIXTURES
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import telegram_settings
from tests.telegram.e2e import User, bot, button_starting, shown


async def test_import_document_downloaded_through_get_file(
    tg: FakeTelegram, sqlite_database: Database
) -> None:
    sample = FIXTURES / "samples" / "quangnam-kh1600-phuluc.xlsx"
    admin = User(tg, 900)
    async with bot(telegram_settings(tg), sqlite_database):
        ask = await admin.says("/import")
        number = await admin.sends_document(sample.read_bytes(), sample.name)
        preview = await admin.says("1600/KH-UBND")
        applied = await admin.presses(
            preview, button_starting(preview, t("vi", "chat-import-confirm"))
        )
    assert shown(ask) == t("vi", "chat-import-ask-file")
    assert sample.name in shown(number)  # the import service read the downloaded bytes
    assert shown(number).endswith(t("vi", "chat-import-ask-number"))
    fetched = {call.params["file_id"] for call in tg.calls_to("getFile")}
    assert len(fetched) == 1 and tg.files[fetched.pop()] == sample.read_bytes()
    assert shown(applied).startswith(t("vi", "chat-import-applied"))
    async with sqlite_database.session() as session:
        plan = await session.scalar(select(Plan))
        tasks = await session.scalar(select(func.count()).select_from(Task))
    assert plan is not None and plan.number == "1600/KH-UBND"
    assert tasks == 15
