"""The weekly summary (quiet week, busy week, truncation, English) and the /overdue text."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image
from sqlalchemy import select, update

from bot.channels.zalo import NAME as ZALO
from bot.db.engine import Database
from bot.db.models import (
    Agency,
    Assignment,
    AssignmentRole,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.reports import overdue_summary, weekly_summary
from bot.reports.chart import chart_caption
from bot.reports.snapshot import summary_label
from bot.reports.weekly import WeeklySummary
from tests.reports.conftest import OBSTACLE_I3, REPORT_DAY, FixturePlan, at


async def _weekly(
    database: Database, plan: FixturePlan, today: date, locale: str = "vi", max_chars: int = 4000
) -> WeeklySummary:
    async with database.session() as session:
        return await weekly_summary(
            session, plan.plan_id, today=today, locale=locale, max_chars=max_chars
        )


async def test_week_with_updates(database: Database, plan: FixturePlan) -> None:
    summary = await _weekly(database, plan, REPORT_DAY)
    assert not summary.truncated and summary.text == summary.full_text
    lines = summary.text.splitlines()
    assert lines[:4] == [
        "TỔNG HỢP TUẦN – Kế hoạch 457/KH-UBND",
        "Tuần qua (7 ngày): từ 14/01/2026 đến 20/01/2026",
        "Kỳ báo cáo: Năm 2026 (hạn 15/01/2027)",
        "Đã nhận 1/6 báo cáo (16,7%); đúng hạn: 16,7%.",
    ]

    def section(title: str) -> list[str]:
        start = lines.index(title) + 1
        end = lines.index("", start) if "" in lines[start:] else len(lines)
        return lines[start:end]

    assert section("Cập nhật nhận được trong tuần: 2") == [
        "• Sở Công Thương: 1",
        "• Sở Tài chính: 1",
    ]
    assert section("Nhiệm vụ mới hoàn thành: 2") == [
        "• I.3 Bố trí kinh phí thực hiện (Sở Tài chính)",
        "• II.2 =Kết nối cung cầu sản phẩm (Sở Công Thương)",
    ]
    assert section("Khó khăn, vướng mắc mới: 1") == [f"• Sở Tài chính (I.3): “{OBSTACLE_I3}”"]
    assert section("Nhiệm vụ quá hạn chưa hoàn thành: 2") == [
        "• II.1 Hỗ trợ doanh nghiệp dược liệu (Sở Y tế; hạn 30/09/2025)",
        "• II.4 Đào tạo nguồn nhân lực (Sở Khoa học và Công nghệ; hạn 30/11/2025)",
    ]
    assert section("Cơ quan chưa báo cáo kỳ này: 3") == [
        "• Sở Khoa học và Công nghệ",
        "• Sở Tài chính",
        "• Sở Y tế",
    ]
    assert "• I.1 " not in summary.text  # done months ago: not "newly" completed
    assert summary.chart_png is not None and summary.chart_png.startswith(b"\x89PNG")


async def test_quiet_week(database: Database, plan: FixturePlan) -> None:
    summary = await _weekly(database, plan, date(2026, 3, 1))
    assert "Cập nhật nhận được trong tuần: 0" in summary.text
    assert "Không có cập nhật nào trong tuần." in summary.text
    assert "mới hoàn thành" not in summary.text
    assert "vướng mắc mới" not in summary.text
    assert "Nhiệm vụ quá hạn chưa hoàn thành: 2" in summary.text
    assert not summary.truncated

    english = await _weekly(database, plan, date(2026, 3, 1), locale="en")
    assert english.text.startswith(
        "WEEKLY SUMMARY – Plan 457/KH-UBND\nPast week (7 days): from 23/02/2026 to 01/03/2026"
    )
    assert "No updates this week." in english.text
    assert "Received 1/6 reports (16.7%); on time: 16.7%." in english.text


async def test_busy_week_is_shortened_to_fit(database: Database, plan: FixturePlan) -> None:
    async with database.session() as session:
        for number in range(1, 31):
            task = Task(
                plan_id=plan.plan_id,
                code=f"III.{number}",
                position=100 + number,
                section_path="III",
                section_titles=["III. Nhiệm vụ bổ sung"],
                content=f"Nhiệm vụ bổ sung số {number} về phát triển dược liệu",
            )
            session.add(task)
            await session.flush()
            lead = Assignment(
                task_id=task.id, agency_id=plan.agencies["yt"], role=AssignmentRole.LEAD
            )
            session.add(lead)
            await session.flush()
            session.add(
                StatusUpdate(
                    assignment_id=lead.id,
                    period_id=plan.period_2026,
                    status=UpdateStatus.BLOCKED,
                    percent=10,
                    result="Đang chuẩn bị",
                    obstacles=f"Vướng mắc số {number}: chưa có hướng dẫn của Bộ Y tế " * 3,
                    proposals=f"Đề nghị số {number}",
                    submitted_at=at(2026, 1, 19),
                    channel=ZALO,
                )
            )
    summary = await _weekly(database, plan, REPORT_DAY, max_chars=1500)
    assert summary.truncated
    assert len(summary.text) <= 1500 < len(summary.full_text)
    assert "Cập nhật nhận được trong tuần: 32" in summary.text
    assert "Khó khăn, vướng mắc mới: 31" in summary.text
    assert "Đề xuất, kiến nghị mới: 30" in summary.text
    assert "mục khác" in summary.text  # "… và N mục khác"
    for number in range(1, 31):
        assert f"(III.{number}): “Vướng mắc số {number}:" in summary.full_text
        assert f"Đề nghị số {number}”" in summary.full_text
    quoted = [line for line in summary.full_text.splitlines() if "Vướng mắc số" in line]
    assert all(len(line) < 160 for line in quoted)  # obstacles are quoted briefly

    tiny = await _weekly(database, plan, REPORT_DAY, max_chars=200)
    assert tiny.truncated and len(tiny.text) <= 200 and tiny.text.endswith("…")


async def test_overdue_summary(database: Database, plan: FixturePlan) -> None:
    async with database.session() as session:
        text = (await overdue_summary(session, plan.plan_id, today=REPORT_DAY, locale="vi")).text
        english = (await overdue_summary(session, plan.plan_id, today=REPORT_DAY, locale="en")).text
        before = (
            await overdue_summary(session, plan.plan_id, today=date(2025, 3, 1), locale="vi")
        ).text
    assert text.splitlines() == [
        "NHIỆM VỤ QUÁ HẠN – Kế hoạch 457/KH-UBND (ngày 20/01/2026)",
        "Có 2 nhiệm vụ quá hạn chưa hoàn thành:",
        "",
        "Sở Khoa học và Công nghệ (1):",
        "• II.4 Đào tạo nguồn nhân lực (hạn 30/11/2025)",
        "",
        "Sở Y tế (1):",
        "• II.1 Hỗ trợ doanh nghiệp dược liệu (hạn 30/09/2025)",
    ]
    assert english.startswith("OVERDUE TASKS – Plan 457/KH-UBND (20/01/2026)\n2 tasks are overdue")
    assert "Không có nhiệm vụ nào quá hạn." in before


async def test_an_edited_old_report_is_not_newly_completed(
    database: Database, plan: FixturePlan
) -> None:
    async with database.session() as session:
        lead_id = (
            await session.execute(
                select(Assignment.id).where(Assignment.task_id == plan.tasks["I.1"])
            )
        ).scalar_one()
        first = (
            await session.execute(select(StatusUpdate).where(StatusUpdate.assignment_id == lead_id))
        ).scalar_one()
        session.add(
            StatusUpdate(
                assignment_id=lead_id,
                period_id=first.period_id,
                status=UpdateStatus.DONE,
                percent=100,
                result="Đã xây dựng xong cơ sở dữ liệu (sửa lỗi chính tả)",
                submitted_at=at(2026, 1, 19),
                version=2,
                supersedes_id=first.id,
            )
        )
    summary = await _weekly(database, plan, REPORT_DAY)
    assert "• Sở Công Thương: 2" in summary.text  # the edit is an update received this week
    assert "Nhiệm vụ mới hoàn thành: 2" in summary.text
    assert "• I.1 " not in summary.text


async def test_plan_without_periods_or_tasks(database: Database, plan: FixturePlan) -> None:
    async with database.session() as session:
        summary = await weekly_summary(
            session, plan.other_plan_id, today=REPORT_DAY, locale="vi", max_chars=4000
        )
        overdue = (
            await overdue_summary(session, plan.other_plan_id, today=REPORT_DAY, locale="en")
        ).text
    assert summary.text.splitlines() == [
        "TỔNG HỢP TUẦN – Kế hoạch 12/KH-UBND",
        "Tuần qua (7 ngày): từ 14/01/2026 đến 20/01/2026",
        "",
        "Cập nhật nhận được trong tuần: 0",
        "Không có cập nhật nào trong tuần.",
    ]
    assert summary.chart_png is None  # no lead agency to draw
    assert overdue.endswith("No task is overdue.")


async def test_summaries_keep_official_short_names(database: Database, plan: FixturePlan) -> None:
    """The registry's "Công Thương" is a field, not a name: the summary says "Sở Công Thương";
    a short name that names the agency on its own ("KH&CN" with its kind) is kept."""
    async with database.session() as session:
        await session.execute(
            update(Agency).where(Agency.name == "Sở Công Thương").values(short_name="Công Thương")
        )
        await session.execute(
            update(Agency)
            .where(Agency.name == "Sở Khoa học và Công nghệ")
            .values(short_name="Sở KH&CN")
        )
    summary = await _weekly(database, plan, REPORT_DAY)
    assert "• Sở Công Thương: 1" in summary.text.splitlines()
    assert "• II.2 =Kết nối cung cầu sản phẩm (Sở Công Thương)" in summary.text.splitlines()
    assert "• Sở KH&CN" in summary.text.splitlines()
    assert "Công Thương:" not in summary.text.replace("Sở Công Thương:", "")


def test_summary_label_rule() -> None:
    assert summary_label("Sở Công Thương", "Công Thương") == "Sở Công Thương"
    assert summary_label("Sở Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và PTNT") == (
        "Sở Nông nghiệp và Phát triển nông thôn"
    )
    assert (
        summary_label("Ban Quản lý các Khu kinh tế", "BQL các KKT và KCN") == "BQL các KKT và KCN"
    )
    assert summary_label("Kho bạc Nhà nước tỉnh", "Kho bạc") == "Kho bạc"
    assert summary_label("Sở Y tế", None) == "Sở Y tế"


async def test_chart_says_how_reports_are_counted(database: Database, plan: FixturePlan) -> None:
    summary = await _weekly(database, plan, REPORT_DAY)
    assert summary.chart_png is not None
    with Image.open(io.BytesIO(summary.chart_png)) as image:
        caption = image.info["Description"]
        height = image.height
    assert "Chưa báo cáo" in caption and "20/01/2026" in caption and "0%" in caption
    assert caption == chart_caption("vi", REPORT_DAY)
    assert height > 0
