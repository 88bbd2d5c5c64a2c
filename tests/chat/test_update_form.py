"""The status-update form, end to end through the dispatcher on a real database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.channels.base import FileRef
from bot.channels.telegram import NAME as TELEGRAM
from bot.db.models import AuditLog, UpdateStatus
from tests.chat.conftest import enrol, stored_updates
from tests.forms import finish_update_form


async def test_full_form_stores_one_version(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/update")  # one task led: pre-selected
    assert "1.1" in focal.text and "Tình trạng" in focal.text
    assert focal.values[:4] == ["s:not_started", "s:in_progress", "s:done", "s:blocked"]
    await focal.pick("Đang thực hiện")
    assert "phần trăm" in focal.text
    await focal.send("70 %")
    assert "Kết quả" in focal.text
    await focal.send("Đã tổ chức 2 hội thảo")
    assert "Khó khăn" in focal.text and "form:skip" in focal.values
    await focal.send("Thiếu kinh phí")
    await focal.pick("Bỏ qua")  # proposals
    assert "tệp" in focal.text
    await focal.send(file=FileRef("tg-file-1", "document", name="bao-cao.pdf"))
    summary = focal.text
    assert "70%" in summary and "Thiếu kinh phí" in summary and "bao-cao.pdf" in summary
    assert focal.values[:2] == ["form:submit", "form:edit"]
    await focal.pick("Gửi")
    assert "phiên bản 1" in focal.text

    [update] = await stored_updates(app.db)
    assert update.assignment_id == seed.assignments["1.1/lead"]
    assert update.status == UpdateStatus.IN_PROGRESS and update.percent == 70
    assert update.result == "Đã tổ chức 2 hội thảo" and update.obstacles == "Thiếu kinh phí"
    assert update.proposals is None and update.version == 1 and not update.is_late
    assert update.attachments[0]["file_id"] == "tg-file-1"
    assert update.channel == TELEGRAM and update.period_id is not None

    await focal.send("/tasks")
    assert "Đang thực hiện, 70%" in focal.text


async def test_wrong_answers_are_asked_again_with_the_reason(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/update")
    await focal.send("xong rồi")  # not a status
    assert "chọn một" in focal.text and "Tình trạng" in focal.text
    await focal.send("2")  # numbered answer: Đang thực hiện
    for wrong in ("bảy mươi", "170", "-5"):
        await focal.send(wrong)
        assert "không phải là tỷ lệ phần trăm" in focal.text and "phần trăm?" in focal.text
    await focal.send("70%")
    await focal.send("x" * 1001)
    assert "1.001" in focal.text and "1.000" in focal.text
    await focal.send("Đã làm")
    await focal.send("bỏ qua")
    await focal.send("bỏ qua")
    await focal.send("không có tệp nào")
    assert "gửi một tệp" in focal.text
    await focal.send("bỏ qua")
    assert "Gửi báo cáo này?" in focal.text


async def test_done_skips_percent_and_stores_100(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/update")
    await focal.pick("Hoàn thành")
    assert "Kết quả" in focal.text
    await finish_update_form(focal.send, result="Đã hoàn thành")
    [update] = await stored_updates(app.db)
    assert update.status == UpdateStatus.DONE and update.percent == 100


async def test_back_goes_one_step_and_cancel_stores_nothing(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/update")
    await focal.pick("Gặp khó khăn")
    await focal.send("30")
    await focal.pick("Quay lại")
    assert "phần trăm" in focal.text
    await focal.send("quay lại")
    assert "Tình trạng" in focal.text
    await focal.pick("Đang thực hiện")
    await focal.send("40")
    await focal.send("Đang làm")
    await focal.pick("Hủy")
    assert "Đã hủy" in focal.text
    assert await stored_updates(app.db) == []
    await focal.send("Đang làm")  # no form open any more
    assert "/help" in focal.text


async def test_edit_a_field_from_the_summary_then_edit_the_submitted_update(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/update 1.1 60% Đã tổ chức hội thảo")
    assert "60%" in focal.text and "Gửi báo cáo này?" in focal.text
    await focal.pick("Sửa một mục")
    await focal.pick("Tiến độ")
    await focal.send("65")
    assert "65%" in focal.text and "Gửi báo cáo này?" in focal.text
    await focal.pick("Gửi")

    await focal.send("/update 1.1")  # already reported: opens it for editing
    assert "đã báo cáo" in focal.text and "65%" in focal.text
    await focal.pick("Sửa một mục")
    await focal.pick("Tình trạng")
    await focal.pick("Hoàn thành")
    assert "Tiến độ: 100%" in focal.text
    await focal.pick("Sửa một mục")
    await focal.pick("Tình trạng")
    await focal.pick("Đang thực hiện")  # 100 came from "done": asked again
    assert "phần trăm" in focal.text
    await focal.send("90")
    await focal.pick("Gửi")
    assert "phiên bản 2" in focal.text

    first, second = await stored_updates(app.db)
    assert (first.percent, second.percent) == (65, 90)
    assert second.supersedes_id == first.id and second.version == 2
    assert second.result == first.result == "Đã tổ chức hội thảo"
    async with app.db.session() as session:
        audited = list(
            await session.scalars(
                select(AuditLog.object_id)
                .where(AuditLog.action == "update.submit")
                .order_by(AuditLog.id)
            )
        )
    assert audited == [str(first.id), str(second.id)]


async def test_one_line_update_is_confirmed_before_it_is_stored(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.finance, "111")  # follows up 1.2 of Sở Kế hoạch và Đầu tư
    await focal.send("/update 1.2 70% Đã tổ chức 2 hội thảo")
    assert "1.2" in focal.text and "70%" in focal.text and "Đã tổ chức 2 hội thảo" in focal.text
    assert await stored_updates(app.db) == []
    await focal.pick("Gửi")
    [update] = await stored_updates(app.db)
    assert update.assignment_id == seed.assignments["1.2/lead"] and update.percent == 70

    await focal.send("/update 9.9 50% Không có")
    assert "9.9" in focal.text and "/tasks" in focal.text
    await focal.send("/update 1.2 bảy mươi phần trăm")
    assert "/update 1.2 70%" in focal.text


async def test_reminder_button_preselects_and_late_update_is_marked(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.health, "111")
    app.clock.advance(timedelta(days=400))  # well past the period's due date
    await focal.send(choice=f"update:{seed.assignments['2.1/lead']}")
    assert "2.1" in focal.text and "Tình trạng" in focal.text
    await focal.pick("Chưa triển khai")
    await finish_update_form(focal.send, percent="0", result="Chưa có kinh phí")
    assert "Đã lưu" in focal.text
    [update] = await stored_updates(app.db)
    assert update.status == UpdateStatus.NOT_STARTED and update.period_id is not None


async def test_a_report_in_time_for_its_period_is_on_time_after_the_task_deadline(world) -> None:
    """A report is late against its period's deadline; a task finished after its own deadline
    is the four-way split's "done late", not a late report."""
    from datetime import date

    from sqlalchemy import update as sql_update

    from bot.db.models import Task

    app, seed = world
    async with app.db.session() as session:
        await session.execute(
            sql_update(Task).where(Task.code == "2.1").values(timeframe_end=date(2020, 6, 30))
        )
    focal = await enrol(app, seed.health, "111")
    await focal.send("/update 2.1 100% Đã xong")
    await focal.pick("Gửi")
    assert "Đã lưu" in focal.text and "muộn" not in focal.text
    [update] = await stored_updates(app.db)
    assert not update.is_late and update.days_late == 0 and update.status == UpdateStatus.DONE


async def test_many_assignments_are_paged(world) -> None:
    from bot.db.models import Assignment, AssignmentRole, Task

    app, seed = world
    async with app.db.session() as session:
        for index in range(12):
            task = Task(
                plan_id=seed.plan_id,
                code=f"3.{index + 1}",
                position=10 + index,
                content=f"Nhiệm vụ thêm {index + 1}",
            )
            session.add(task)
            await session.flush()
            session.add(
                Assignment(task_id=task.id, agency_id=seed.industry, role=AssignmentRole.LEAD)
            )
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/update")
    assert "trang 1/2" in focal.text
    assert len([v for v in focal.values if v.startswith("a:")]) == 8
    await focal.pick("Trang sau »")
    assert "trang 2/2" in focal.text
    assert len([v for v in focal.values if v.startswith("a:")]) == 5
    await focal.pick("3.12 · Nhiệm vụ thêm 12")
    assert "3.12" in focal.text and "Tình trạng" in focal.text
    await focal.pick("Quay lại")
    assert "trang 2/2" in focal.text


async def test_a_photo_is_kept_by_its_platform_id_and_back_from_the_summary(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.health, "111", language="en")
    await focal.send("/lang en")
    await focal.send("/update 2.1 100% Opened the biotech lab")
    assert "Progress: 100%" in focal.text and "Submit this report?" in focal.text
    await focal.pick("Back")
    assert "Attach a file or photo" in focal.text
    await focal.send(file=FileRef("photo-77", "photo"))
    assert "Attachment: photo" in focal.text
    await focal.pick("Submit")
    [update] = await stored_updates(app.db)
    assert update.attachments == [{"channel": "telegram", "file_id": "photo-77", "kind": "photo"}]
    assert update.status == UpdateStatus.DONE and update.result == "Opened the biotech lab"
