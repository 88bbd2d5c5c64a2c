"""/import on Telegram: the admin's file is fetched with getFile and read by the import service."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models import Agency, Assignment, AssignmentRole, Plan, Task
from bot.i18n import t
from tests.conftest import FIXTURES
from tests.fakes.telegram_api import FakeTelegram
from tests.importing.helpers import NEW_BODY, TYPO, two_unknown_names_xlsx
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


async def test_unknown_names_decided_on_telegram_then_confirmed(
    tg: FakeTelegram, sqlite_database: Database
) -> None:
    """The walk-through of the README: a file with two unknown names, one taken as the closest
    registry agency and one created, then confirmed."""
    admin = User(tg, 900)
    async with bot(telegram_settings(tg), sqlite_database):
        first = await admin.sends_document(two_unknown_names_xlsx(), "ke-hoach-77.xlsx", "/import")
        preview_file = await tg.wait_for("sendDocument", chat_id=900, count=1)
        closest = button_starting(first, t("vi", "chat-import-decide-near", agency=""))
        second = await admin.presses(first, closest)
        confirm = await admin.presses(second, t("vi", "chat-import-decide-new"))
        applied = await admin.presses(confirm, t("vi", "chat-import-confirm"))
    assert t("vi", "import-summary-undecided", count=2) in shown(first)
    assert preview_file.params["document"]["file_name"].endswith(".txt")
    assert closest == t("vi", "chat-import-decide-near", agency="Sở Khoa học và Công nghệ")
    assert NEW_BODY in shown(second) and len(tg.calls_to("sendDocument", 900)) == 1
    assert shown(applied).startswith(t("vi", "chat-import-applied"))
    async with sqlite_database.session() as session:
        rows = await session.execute(
            select(Task.code, Agency.name)
            .join(Assignment, Assignment.task_id == Task.id)
            .join(Agency, Agency.id == Assignment.agency_id)
            .where(Assignment.role == AssignmentRole.LEAD)
        )
        leads = dict(rows.tuples().all())
    assert sorted(leads.values()) == sorted(["Sở Y tế", "Sở Khoa học và Công nghệ", NEW_BODY])
    assert TYPO not in leads.values()
