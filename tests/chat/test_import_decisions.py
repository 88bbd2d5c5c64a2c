"""/import in chat: the preview on one screen with the full preview as a file, each unknown
name decided in chat (buttons or numbers), and nothing stored before Confirm."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.channels.base import FileRef
from bot.db.models import Agency, AgencyKind, Assignment, AssignmentRole, Plan, Task
from bot.i18n import t
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import ADMIN_ID, Chat, fixture_path
from tests.importing.helpers import NEW_BODY, TYPO, two_unknown_names_xlsx

CLI_FLAGS = ("--map", "--yes", "--plan", "--new", "--duties-as-tasks")


async def _leads(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        rows = await session.execute(
            select(Task.code, Agency.name)
            .join(Assignment, Assignment.task_id == Task.id)
            .join(Agency, Agency.id == Assignment.agency_id)
            .join(Plan, Plan.id == Task.plan_id)
            .where(Plan.number == "77/KH-UBND", Assignment.role == AssignmentRole.LEAD)
        )
        return dict(rows.tuples().all())


async def _agency_count(app) -> int:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return int(await session.scalar(select(func.count(Agency.id))) or 0)


async def _plans(app) -> int:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return int(await session.scalar(select(func.count(Plan.id))) or 0)


async def test_two_unknown_names_decided_in_chat_then_confirmed(world) -> None:
    app, _ = world
    app.senders["telegram"].files["plan"] = two_unknown_names_xlsx()
    admin = Chat(Dispatcher(app), ADMIN_ID)
    plans = await _plans(app)
    await admin.send("/import", file=FileRef("plan", name="ke-hoach-77.xlsx"))
    first = admin.last[-1]
    # One screen: the plan, tasks per section, who leads, what needs a decision; no CLI flags.
    assert "77/KH-UBND" in first.text and "Chuyển đổi số: 3" in first.text
    assert t("vi", "import-summary-undecided", count=2) in first.text
    assert f'"{TYPO}"' in first.text and "(1/2)" in first.text
    assert first.document is not None and first.document.name.endswith(".txt")
    full = first.document.data.decode()
    assert NEW_BODY in full and "Sở Y tế" in full
    for flag in CLI_FLAGS:
        assert flag not in first.text and flag not in full
    labels = [choice.label for choice in first.choices]
    assert labels[:4] == [
        t("vi", "chat-import-decide-near", agency="Sở Khoa học và Công nghệ"),
        t("vi", "chat-import-decide-new"),
        t("vi", "chat-import-decide-group"),
        t("vi", "chat-import-decide-skip"),
    ]
    await admin.pick(labels[0])  # the closest registry agency, by its button
    second = admin.last[-1]
    assert f'"{NEW_BODY}"' in second.text and "(2/2)" in second.text
    assert second.document is None and "Chuyển đổi số" not in second.text  # asked, not re-shown
    await admin.send("2")  # a number picks the 2nd choice: a new agency
    confirm = admin.last[-1]
    assert "Sở Khoa học và Công nghệ" in confirm.text and NEW_BODY in confirm.text
    assert confirm.document is None and "Chuyển đổi số" not in confirm.text
    # Nothing stored yet (the preview only seeds the registry, as every import does).
    assert await _leads(app) == {} and await _plans(app) == plans
    agencies = await _agency_count(app)
    await admin.pick("form:confirm")
    done = admin.text
    assert done.startswith(t("vi", "chat-import-applied")) and "Chuyển đổi số" not in done
    leads = await _leads(app)
    assert sorted(leads.values()) == sorted(["Sở Y tế", "Sở Khoa học và Công nghệ", NEW_BODY])
    assert leads[max(leads)] == NEW_BODY  # the third task, by its code
    async with app.db.session() as session:
        created = await session.scalar(select(Agency).where(Agency.name == NEW_BODY))
    assert created is not None and not created.verified and created.kind != AgencyKind.GROUP
    assert await _agency_count(app) == agencies + 1


async def test_a_group_and_a_skipped_name_and_cancel_stores_nothing(world) -> None:
    app, _ = world
    app.senders["telegram"].files["plan"] = two_unknown_names_xlsx()
    admin = Chat(Dispatcher(app), ADMIN_ID, language="en")
    await admin.send("/import", file=FileRef("plan", name="plan.xlsx"))
    assert t("en", "import-summary-undecided", count=2) in admin.text
    agencies = await _agency_count(app)
    await admin.pick(t("en", "chat-import-decide-skip"))
    await admin.pick(t("en", "chat-import-decide-group"))
    assert t("en", "chat-import-decided-skip", name=TYPO) in admin.text
    await admin.pick(t("en", "form-cancel"))
    assert await _agency_count(app) == agencies and await _leads(app) == {}
    await admin.send("/import", file=FileRef("plan", name="plan.xlsx"))
    await admin.pick(t("en", "chat-import-decide-skip"))
    await admin.pick(t("en", "chat-import-decide-group"))
    await admin.pick("form:confirm")
    leads = await _leads(app)
    assert TYPO not in leads.values() and "Sở Khoa học và Công nghệ" not in leads.values()
    async with app.db.session() as session:
        group = await session.scalar(select(Agency).where(Agency.name == NEW_BODY))
    assert group is not None and group.kind == AgencyKind.GROUP


async def test_a_table_alone_is_said_to_be_followed_by_nobody(world) -> None:
    """A CSV task table gives no coordinating department and no reporting rule: the first
    screen and the result say so, in the admin's language, with the command that sets them."""
    app, _ = world
    app.senders["telegram"].files["csv"] = fixture_path("quangnam-kh1600-phuluc.csv").read_bytes()
    for language, due, agency in (
        ("vi", "NGÀY/THÁNG", "TÊN CƠ QUAN ĐẦU MỐI"),
        ("en", "DD/MM", "AGENCY NAME"),
    ):
        admin = Chat(Dispatcher(app), ADMIN_ID, language=language)
        await admin.send("/lang " + language)
        await admin.send("/import 9/KH-UBND", file=FileRef("csv", name="phu-luc.csv"))
        command = f'dondoc plans rule 9/KH-UBND --due {due} --coordinator "{agency}"'
        warned = [
            t(language, "import-gap-coordinator"),
            t(language, "import-gap-rule"),
            t(language, "import-gap-command", command=command),
        ]
        first = admin.last[-1]
        assert all(line in first.text for line in warned), first.text
        assert first.document is not None and warned[2] in first.document.data.decode()
        await admin.pick("form:confirm")
        assert admin.text.startswith(t(language, "chat-import-applied"))
        assert all(line in admin.text for line in warned), admin.text


async def test_a_workbook_sent_as_docx_is_read_as_the_workbook_it_is(world) -> None:
    app, _ = world
    app.senders["telegram"].files["x"] = fixture_path("quangnam-kh1600-phuluc.xlsx").read_bytes()
    admin = Chat(Dispatcher(app), ADMIN_ID)
    await admin.send("/import 9/KH-UBND", file=FileRef("x", name="phu-luc.docx"))
    first = admin.last[-1]
    assert t("vi", "import-preview-tasks", count=15) in first.text
    assert t("vi", "import-error-corrupt") not in first.text
    assert first.document is not None
    notice = t("vi", "import-notice-read-as-xlsx", detail="docx")
    assert notice in first.document.data.decode()
