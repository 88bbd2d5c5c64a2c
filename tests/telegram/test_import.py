"""/import on Telegram: the admin's file is fetched with getFile and read by the import service."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models import Task
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
        preview = await admin.sends_document(sample.read_bytes(), sample.name)
        cancelled = await admin.presses(preview, t("vi", "form-cancel"))
    assert shown(ask) == t("vi", "import-ask-file")
    fetched = tg.calls_to("getFile")
    assert len(fetched) == 1 and tg.files[fetched[0].params["file_id"]] == sample.read_bytes()
    assert sample.name in shown(preview)  # the import service read the downloaded bytes
    assert button_starting(preview, t("vi", "import-confirm"))
    assert shown(cancelled) == t("vi", "form-cancelled")
    async with sqlite_database.session() as session:
        assert await session.scalar(select(func.count()).select_from(Task)) == 0
