"""The admin's /import through the chat (file → preview → confirm), and the coordinators' report
commands wired to the reports and reminders parts."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.channels.base import FileRef
from bot.db.models import Plan, Role, Task
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import ADMIN_ID, Chat, enrol, fixture_path

SAMPLE = "quangnam-kh1600-phuluc.xlsx"


async def _task_count(app) -> int:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return await session.scalar(select(func.count(Task.id)))


async def test_admin_imports_a_plan_file_after_preview_and_confirmation(world) -> None:
    app, _ = world
    app.senders["telegram"].files["f-1"] = fixture_path(SAMPLE).read_bytes()
    admin = Chat(Dispatcher(app), ADMIN_ID)
    before = await _task_count(app)
    await admin.send("/import")
    assert "Gửi tệp kế hoạch" in admin.text
    await admin.send("đây là tệp")
    assert "Vui lòng gửi tệp" in admin.text
    await admin.send(file=FileRef("f-1", name=SAMPLE))
    assert "số kế hoạch" in admin.text  # the appendix carries no number
    await admin.send("12/KH-UBND")
    assert "12/KH-UBND" in admin.text and "form:confirm" in admin.values
    assert await _task_count(app) == before  # a preview writes nothing
    await admin.pick("form:confirm")
    assert "Đã nhập kế hoạch" in admin.text
    assert await _task_count(app) == before + 15
    async with app.db.session() as session:
        assert await session.scalar(select(Plan.id).where(Plan.number == "12/KH-UBND"))

    await admin.send("/weekly")  # two plans now: which one?
    assert all(value.startswith("plan:weekly:") for value in admin.values)
    assert len(admin.values) == 2
    await admin.pick("12/KH-UBND")
    assert "12/KH-UBND" in admin.text
    await admin.send("/overdue 12/KH-UBND")
    assert "12/KH-UBND" in admin.text


async def test_a_broken_file_is_named_and_asked_again_and_cancel_writes_nothing(world) -> None:
    app, _ = world
    app.senders["telegram"].files["bad"] = b"PK\x03\x04 not really a workbook"
    app.senders["telegram"].files["good"] = fixture_path(SAMPLE).read_bytes()
    admin = Chat(Dispatcher(app), ADMIN_ID)
    await admin.send("/import 13/KH-UBND", file=FileRef("bad", name="ke-hoach.xlsx"))
    assert "ke-hoach.xlsx" in admin.text and "Gửi tệp kế hoạch" in admin.text
    await admin.send(file=FileRef("good", name=SAMPLE))
    assert "13/KH-UBND" in admin.text
    before = await _task_count(app)
    await admin.pick("Hủy")
    assert await _task_count(app) == before


async def test_coordinator_gets_the_period_report_files(world) -> None:
    app, seed = world
    coordinator = await enrol(app, seed.industry, "111", Role.COORDINATOR)
    replies = await coordinator.send("/report")
    documents = [reply.document for reply in replies if reply.document is not None]
    assert {d.name.rsplit(".", 1)[1] for d in documents} == {"docx", "xlsx"}
    assert all(d.data[:2] == b"PK" for d in documents)
    await coordinator.send("/report Năm 1990")
    assert not [r for r in coordinator.last if r.document]


async def test_deadlines_name_the_period_in_the_persons_language(world) -> None:
    """As /tasks does: "Year 2026", not the stored "Năm 2026"."""
    app, seed = world
    focal = await enrol(app, seed.health, "223", language="en")
    await focal.send("/lang en")
    await focal.send("/deadlines")
    assert "Year 2026" in focal.text and "Năm" not in focal.text
    await focal.send("/tasks")
    assert "Year 2026" in focal.text


async def test_deadlines_and_nudge(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.health, "222")
    await focal.send("/deadlines")
    assert "15/01" in focal.text
    coordinator = await enrol(app, seed.industry, "111", Role.COORDINATOR)
    await coordinator.send("/nudge")
    assert "1600/KH-UBND" in coordinator.text
