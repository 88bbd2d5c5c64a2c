"""After a reporting deadline, through the real dispatcher on a real database: the overdue period
stays open for late reports, every way into the status form names its period, /overdue shows who
is missing, and explanation requests go out and come back.

The plan is loaded on 01/12/2026 (dondoc follows it from then); its yearly report "Năm 2026" is
due Friday 15/01/2027. Time moves with time-machine: before, on the day, after, a period later.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from bot.app import App
from bot.db.engine import Database
from bot.db.models import (
    Agency,
    Assignment,
    AssignmentRole,
    ExplanationRequest,
    OutboxMessage,
    ReportingPeriod,
    Role,
    Task,
)
from bot.periods.calendar import days_late, deadline_runs_to
from bot.reports import period_report
from bot.reports.figures import Outcome
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import ADMIN_ID, Chat, Seed, enrol, make_app, seed_plan, stored_updates
from tests.forms import finish_update_form

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LOADED = datetime(2026, 12, 1, 9, 0, tzinfo=VN)
ON_THE_DAY = datetime(2027, 1, 15, 9, 0, tzinfo=VN)
TWO_DAYS_LATE = datetime(2027, 1, 17, 9, 0, tzinfo=VN)  # a Sunday, 2 days after Friday 15/01
A_PERIOD_LATER = datetime(2028, 1, 18, 9, 0, tzinfo=VN)


@dataclass
class Late:
    app: App
    seed: Seed
    clock: time_machine.Coordinates
    merged_task: int  # 3.1, led by both predecessors of Sở Nông nghiệp và Môi trường
    environment: int  # Sở Nông nghiệp và Môi trường


@pytest.fixture
def traveller() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(LOADED, tick=False) as clock:
        yield clock


@pytest.fixture
async def late(database: Database, traveller: time_machine.Coordinates) -> AsyncIterator[Late]:
    app = make_app(database)
    seed = await seed_plan(database)
    async with database.session() as session:
        successor = Agency(name="Sở Nông nghiệp và Môi trường")
        session.add(successor)
        await session.flush()
        agriculture = Agency(
            name="Sở Nông nghiệp và Phát triển nông thôn", successor_id=successor.id
        )
        environment = Agency(name="Sở Tài nguyên và Môi trường", successor_id=successor.id)
        session.add_all([agriculture, environment])
        task = Task(
            plan_id=seed.plan_id, code="3.1", position=9, content="Phát triển vùng nguyên liệu"
        )
        session.add(task)
        await session.flush()
        for position, agency in enumerate((agriculture, environment)):
            session.add(
                Assignment(
                    task_id=task.id,
                    agency_id=agency.id,
                    role=AssignmentRole.LEAD,
                    position=position,
                    name_as_written=agency.name,
                )
            )
    yield Late(app, seed, traveller, task.id, successor.id)


async def period_named(db: Database, label: str) -> ReportingPeriod:
    async with db.session() as session:
        found = await session.scalar(select(ReportingPeriod).where(ReportingPeriod.label == label))
    assert found is not None, label
    return found


def test_a_deadline_on_a_day_off_runs_to_the_next_working_day() -> None:
    saturday, tet = date(2027, 1, 16), date(2027, 2, 8)  # Mùng ba Tết 2027
    assert deadline_runs_to(saturday) == date(2027, 1, 18)
    assert (
        days_late(saturday, date(2027, 1, 18)) == 0 and days_late(saturday, date(2027, 1, 19)) == 1
    )
    assert deadline_runs_to(tet) == date(2027, 2, 11)  # Tết ends on Mùng năm, 10/02
    assert days_late(date(2027, 1, 15), date(2027, 1, 17)) == 2  # a working-day deadline


async def test_before_and_on_the_day_only_the_current_period_is_asked(late: Late) -> None:
    focal = await enrol(late.app, late.seed.industry, "111")
    await focal.send("/tasks")
    assert "Năm 2026 (hạn báo cáo 15/01/2027)" in focal.text and "QUÁ HẠN" not in focal.text
    late.clock.move_to(ON_THE_DAY)
    await focal.send("/tasks")
    assert "Năm 2026" in focal.text and "QUÁ HẠN" not in focal.text and "Năm 2027" not in focal.text
    await focal.send("/update 1.1 60% Đã tổ chức hội thảo")
    await focal.pick("Gửi")
    [update] = await stored_updates(late.app.db)
    assert not update.is_late and update.days_late == 0


async def test_after_the_deadline_the_late_report_goes_to_the_overdue_period(late: Late) -> None:
    focal = await enrol(late.app, late.seed.industry, "111")
    late.clock.move_to(TWO_DAYS_LATE)
    await focal.send("/tasks")
    text = focal.text
    assert "Năm 2026 (hạn báo cáo 15/01/2027) — QUÁ HẠN 2 ngày" in text
    assert text.index("Năm 2026") < text.index("Năm 2027")
    overdue, current = (
        await period_named(late.app.db, "Năm 2026"),
        await period_named(late.app.db, "Năm 2027"),
    )
    assert focal.values[0] == f"update:{late.seed.assignments['1.1/lead']}:{overdue.id}"

    await focal.send("/update 1.1 100% Đã hoàn thành tuyên truyền")
    assert "đang báo cáo cho kỳ Năm 2026" in focal.text and "quá hạn 2 ngày" in focal.text
    assert "Báo cáo cho kỳ Năm 2027" in labels(focal)
    await focal.pick("Gửi")
    assert "nộp muộn 2 ngày" in focal.text
    [update] = await stored_updates(late.app.db)
    assert update.period_id == overdue.id and update.is_late and update.days_late == 2

    await focal.send("/tasks")  # nothing owed for Năm 2026 any more; Năm 2027 still open
    assert "QUÁ HẠN" not in focal.text and "Năm 2027" in focal.text
    assert focal.values == [f"update:{late.seed.assignments['1.1/lead']}:{current.id}"]

    late.clock.move_to(A_PERIOD_LATER)  # a year on: Năm 2027 is now the overdue one
    await focal.send("/tasks")
    assert (
        "Năm 2027 (hạn báo cáo 15/01/2028, lùi đến Thứ Hai 17/01/2028) — QUÁ HẠN 1 ngày"
        in focal.text
    )  # 15/01/2028 is a Saturday: late from Monday 17/01
    assert "Năm 2026 (hạn" not in focal.text


async def test_the_other_open_period_is_one_tap_away(late: Late) -> None:
    focal = await enrol(late.app, late.seed.industry, "111")
    late.clock.move_to(TWO_DAYS_LATE)
    await focal.send("/update 1.1")
    assert "Anh/chị đang báo cáo cho kỳ Năm 2026" in focal.text
    await focal.pick("Báo cáo cho kỳ Năm 2027")
    assert "đang báo cáo cho kỳ Năm 2027" in focal.text
    await focal.pick("Đang thực hiện")
    await finish_update_form(focal.send, percent="40", result="Đang chuẩn bị")
    [update] = await stored_updates(late.app.db)
    assert update.period_id == (await period_named(late.app.db, "Năm 2027")).id
    assert not update.is_late


async def test_a_button_for_a_named_period_opens_that_period(late: Late) -> None:
    focal = await enrol(late.app, late.seed.industry, "111")
    late.clock.move_to(TWO_DAYS_LATE)
    assignment = late.seed.assignments["1.1/lead"]
    await focal.send("/tasks")  # creates both period rows
    overdue = await period_named(late.app.db, "Năm 2026")
    current = await period_named(late.app.db, "Năm 2027")
    await focal.send(choice=f"update:{assignment}:{current.id}")
    assert "Năm 2027" in focal.text and "Báo cáo cho kỳ Năm 2026" in labels(focal)
    await focal.send("/cancel")
    await focal.send(choice=f"update:{assignment}:{overdue.id}")
    assert "đang báo cáo cho kỳ Năm 2026" in focal.text
    await focal.send("/cancel")
    await focal.send(choice=f"update:{assignment}:999999")  # unknown: the owed period first
    assert "đang báo cáo cho kỳ Năm 2026" in focal.text


@pytest.mark.parametrize(
    "forged", ["update:abc", "update:1:x", "update:-3", "explain:", "askexplain:1"]
)
async def test_forged_buttons_are_answered_as_stale(late: Late, forged: str) -> None:
    focal = await enrol(late.app, late.seed.industry, "111")
    await focal.send(choice=forged)
    assert "đã cũ hoặc không hợp lệ" in focal.text


async def test_forged_page_buttons_in_the_form_are_asked_again(late: Late) -> None:
    focal = await enrol(late.app, late.seed.industry, "111")
    async with late.app.db.session() as session:  # a second lead task, so the form asks which
        session.add(
            Assignment(
                task_id=late.merged_task, agency_id=late.seed.industry, role=AssignmentRole.LEAD
            )
        )
    await focal.send("/update")
    for forged in ("page:abc", "page:-3", "page:1e9"):
        await focal.send(choice=forged)
        assert "đã cũ hoặc không hợp lệ" in focal.text, forged
    await focal.send(choice="page:0")
    assert "trang 1/1" in focal.text.lower() or "1/1" in focal.text


async def test_a_merged_successor_owes_one_report_per_task(late: Late) -> None:
    focal = await enrol(late.app, late.environment, "333")
    await focal.send("/tasks")
    assert focal.text.count("3.1 ·") == 1 and len(focal.values) == 1
    late.clock.move_to(TWO_DAYS_LATE)
    await focal.send("/tasks")
    assert focal.text.count("3.1 ·") == 2  # once under the overdue period, once under the current
    await focal.send("/update 3.1 100% Đã quy hoạch xong vùng nguyên liệu")
    await focal.pick("Gửi")
    await focal.send("/tasks")
    assert "QUÁ HẠN" not in focal.text and focal.text.count("3.1 ·") == 1
    coordinator = await enrol(late.app, late.seed.industry, "444", Role.COORDINATOR)
    await coordinator.send("/overdue")
    assert "Sở Nông nghiệp và Môi trường" not in coordinator.text


async def test_overdue_before_and_after_the_deadline(late: Late) -> None:
    coordinator = await enrol(late.app, late.seed.industry, "444", Role.COORDINATOR)
    await enrol(late.app, late.seed.health, "222")
    await coordinator.send("/overdue")
    assert "CHƯA BÁO CÁO SAU HẠN" not in coordinator.text and not coordinator.values
    late.clock.move_to(TWO_DAYS_LATE)
    await coordinator.send("/overdue")
    text = coordinator.text
    assert "Kỳ Năm 2026 (hạn 15/01/2027, quá hạn 2 ngày): 4/4 cơ quan còn thiếu báo cáo" in text
    assert "• Sở Y tế: 2.1\n  1 cán bộ đầu mối; chưa được nhắc" in text
    assert "• Sở Tài chính: 1.2\n  chưa có cán bộ đầu mối nào đăng ký" in text
    assert any(label.startswith("Yêu cầu giải trình: Sở Y tế") for label in labels(coordinator))


def labels(chat: Chat) -> list[str]:
    return [choice.label for message in chat.last for choice in message.choices]


async def test_an_explanation_is_asked_answered_and_shown(late: Late) -> None:
    coordinator = await enrol(late.app, late.seed.industry, "444", Role.COORDINATOR)
    health = await enrol(late.app, late.seed.health, "222")
    stranger_focal = await enrol(late.app, late.seed.finance, "555")
    late.clock.move_to(TWO_DAYS_LATE)
    await coordinator.send("/overdue")
    await coordinator.pick("Yêu cầu giải trình: Sở Y tế")
    assert "Đã gửi yêu cầu giải trình tới Sở Y tế về kỳ Năm 2026 (1 người nhận)" in coordinator.text
    assert "hạn trả lời 20/01/2027" in coordinator.text  # 3 working days from Sunday 17/01
    async with late.app.db.session() as session:
        [notice] = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "explanation")
        )
        [request] = await session.scalars(select(ExplanationRequest))
    [button] = notice.payload["message"]["choices"]
    assert (
        button["value"] == f"explain:{request.id}"
        and "còn thiếu: 2.1" in notice.payload["message"]["text"]
    )

    await stranger_focal.send(choice=f"explain:{request.id}")  # another agency's request
    assert "không dành cho cơ quan" in stranger_focal.text
    await health.send(choice=f"askexplain:{request.period_id}:{late.seed.health}")
    assert "không có quyền" in health.text

    await coordinator.send("/overdue")
    assert (
        "Đã yêu cầu giải trình ngày 17/01/2027, hạn trả lời 20/01/2027: chưa trả lời"
        in coordinator.text
    )

    await health.send(choice=f"explain:{request.id}")
    assert "cho biết lý do" in health.text
    await health.send("Chờ số liệu từ các bệnh viện")
    await health.send("ngày mai")
    assert "không phải một ngày hợp lệ" in health.text
    await health.send("01/01/2027")  # in the past
    assert "không phải một ngày hợp lệ" in health.text
    await health.send("30/01")
    await health.send("bỏ qua")
    assert "Dự kiến hoàn thành: 30/01/2027" in health.text
    await health.pick("Gửi")
    assert "Đã gửi giải trình kỳ Năm 2026" in health.text
    async with late.app.db.session() as session:
        answered = await session.get(ExplanationRequest, request.id)
        to_coordinators = list(
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.kind == "explanation", OutboxMessage.person_id != notice.person_id
                )
            )
        )
    assert answered is not None and answered.reason == "Chờ số liệu từ các bệnh viện"
    assert answered.expected_on == date(2027, 1, 30)
    assert [
        "Sở Y tế đã giải trình" in row.payload["message"]["text"] for row in to_coordinators
    ] == [True]

    await coordinator.send("/overdue")
    assert (
        "Đã giải trình (17/01/2027): Chờ số liệu từ các bệnh viện; dự kiến hoàn thành 30/01/2027"
        in coordinator.text
    )


async def test_explain_by_command_where_there_are_no_buttons(late: Late) -> None:
    coordinator = await enrol(
        late.app, late.seed.industry, "444", Role.COORDINATOR, channel="console"
    )
    late.clock.move_to(TWO_DAYS_LATE)
    await coordinator.send("/explain")
    assert "Cách dùng: /explain" in coordinator.text
    await coordinator.send('/explain "Sở Công Thương"')
    assert "không có trong các cơ quan còn thiếu báo cáo" not in coordinator.text
    await coordinator.send("/explain Sở Văn hóa")
    assert "không có trong các cơ quan còn thiếu báo cáo" in coordinator.text
    await coordinator.send('/explain "Sở Tài chính" Năm 2025')
    assert "Không có kỳ “Năm 2025”" in coordinator.text
    await coordinator.send('/explain "Sở Tài chính" nam 2026')
    assert "chưa có cán bộ đầu mối nào đăng ký" in coordinator.text  # nobody to send it to
    focal = await enrol(late.app, late.seed.industry, "111")
    await focal.send("/explain")
    assert "cho biết lý do" in focal.text  # Sở Công Thương was asked above


async def explanation_notices(db: Database) -> int:
    async with db.session() as session:
        rows = await session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.kind == "explanation")
        )
        return len(rows.all())


async def test_asking_again_at_once_answers_without_a_second_notice(
    late: Late, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed twice in the same second (the clock is frozen), a second later, and by a double
    tap on the button: one notice; after the quiet time the request is sent again."""
    # The frozen clock stops the event loop's timers too: a conflict (the duplicate key this
    # guards against) would have the dispatcher pause before retrying, forever, not fail.
    monkeypatch.setattr("handlers.dispatcher.CONFLICT_PAUSE_SECONDS", 0)
    coordinator = await enrol(late.app, late.seed.industry, "444", Role.COORDINATOR)
    await enrol(late.app, late.seed.health, "222")
    late.clock.move_to(TWO_DAYS_LATE)
    await coordinator.send('/explain "Sở Y tế"')
    assert "Đã gửi yêu cầu giải trình tới Sở Y tế" in coordinator.text
    await coordinator.send('/explain "Sở Y tế"')
    assert "vừa được gửi lúc 09:00 17/01/2027; không gửi lại" in coordinator.text
    late.clock.shift(1)
    await coordinator.send('/explain "Sở Y tế"')
    assert "vừa được gửi lúc 09:00 17/01/2027" in coordinator.text
    [request_period] = {e.period_id for e in await explanation_requests(late.app.db)}
    for _ in range(2):
        await coordinator.send(choice=f"askexplain:{request_period}:{late.seed.health}")
        assert "vừa được gửi lúc" in coordinator.text
    assert await explanation_notices(late.app.db) == 1
    late.clock.shift(11 * 60)
    await coordinator.send('/explain "Sở Y tế"')
    assert "đã nhắc lại (1 người nhận)" in coordinator.text
    assert await explanation_notices(late.app.db) == 2


async def explanation_requests(db: Database) -> list[ExplanationRequest]:
    async with db.session() as session:
        return list(await session.scalars(select(ExplanationRequest)))


async def test_explain_reads_the_agency_name_as_report_does(late: Late) -> None:
    """Abbreviations and names merged in 2025 find the late agency that owes the report now."""
    from bot.agencies.registry import ensure_registry, find_agency

    async with late.app.db.session() as session:
        await ensure_registry(session)
        old = await find_agency(session, "Sở Thông tin và Truyền thông")
        assert old is not None
        task = Task(plan_id=late.seed.plan_id, code="4.1", position=10, content="Chuyển đổi số")
        session.add(task)
        await session.flush()
        session.add(Assignment(task_id=task.id, agency_id=old.id, role=AssignmentRole.LEAD))
    coordinator = await enrol(late.app, late.seed.industry, "444", Role.COORDINATOR)
    late.clock.move_to(TWO_DAYS_LATE)
    for name, agency in [
        ('"Sở KHCN"', "Sở Khoa học và Công nghệ"),
        ('"Sở KH&CN"', "Sở Khoa học và Công nghệ"),
        ('"Sở Thông tin và Truyền thông"', "Sở Khoa học và Công nghệ"),
        ('"Sở KH&ĐT" Năm 2026', "Sở Tài chính"),
        ("Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
        ("sở y te", "Sở Y tế"),
    ]:
        await coordinator.send(f"/explain {name}")
        assert f"yêu cầu giải trình tới {agency} về kỳ Năm 2026" in coordinator.text, name
    await coordinator.send('/explain "Sở Nội vụ"')  # known, but owes nothing
    assert "không có trong các cơ quan còn thiếu báo cáo" in coordinator.text


async def test_an_admin_closes_a_period_and_it_is_no_longer_owed(late: Late) -> None:
    from bot.periods.store import past_due_periods, set_closed

    focal = await enrol(late.app, late.seed.industry, "111")
    late.clock.move_to(TWO_DAYS_LATE)
    await focal.send("/tasks")
    assert "QUÁ HẠN" in focal.text
    async with late.app.db.session() as session:
        period = await session.scalar(
            select(ReportingPeriod).where(ReportingPeriod.label == "Năm 2026")
        )
        assert period is not None
        set_closed(period, True, late.app.clock.now())
    # A running bot remembers a plan's periods for a minute; a new one reads them afresh.
    focal = Chat(Dispatcher(late.app), "111")
    await focal.send("/tasks")
    assert "QUÁ HẠN" not in focal.text
    async with late.app.db.session() as session:
        assert await past_due_periods(session, late.seed.plan_id, date(2027, 1, 17)) == []
        assert (
            len(
                await past_due_periods(
                    session, late.seed.plan_id, date(2027, 1, 17), include_closed=True
                )
            )
            == 1
        )


async def test_the_admin_can_report_on_nothing_but_sees_overdue(late: Late) -> None:
    admin = Chat(Dispatcher(late.app), ADMIN_ID)
    late.clock.move_to(TWO_DAYS_LATE)
    await admin.send("/overdue")
    assert "CHƯA BÁO CÁO SAU HẠN" in admin.text


@pytest.mark.parametrize(
    ("cadence", "label"),
    [("quarterly", "Quý IV/2026"), ("six_monthly", "6 tháng cuối năm 2026")],
)
async def test_shorter_periods_take_late_reports_too(late: Late, cadence: str, label: str) -> None:
    """Both are due on the 20th (Sunday 20/12/2026, so on time until Monday 21/12)."""
    from sqlalchemy import update

    from bot.db.models import Cadence, ReportingRule

    async with late.app.db.session() as session:
        await session.execute(
            update(ReportingRule).values(cadence=Cadence(cadence), due_day=None, due_month=None)
        )
    focal = await enrol(late.app, late.seed.industry, "111")
    late.clock.move_to(datetime(2026, 12, 21, 9, 0, tzinfo=VN))  # the day it runs to: on time
    await focal.send("/tasks")
    assert "QUÁ HẠN" not in focal.text
    late.clock.move_to(datetime(2026, 12, 23, 9, 0, tzinfo=VN))
    await focal.send("/tasks")
    assert f"{label} (hạn báo cáo 20/12/2026, lùi đến Thứ Hai 21/12/2026) — QUÁ HẠN 2 ngày" in (
        focal.text
    )
    await focal.send("/update 1.1 30% Đang khảo sát")
    await focal.pick("Gửi")
    [stored] = await stored_updates(late.app.db)
    assert stored.period_id == (await period_named(late.app.db, label)).id
    assert stored.days_late == 2


def test_close_period_on_the_command_line(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    from typer.testing import CliRunner

    from bot.cli import app as cli
    from bot.db.migrate import upgrade
    from bot.periods.store import open_period

    url = f"sqlite+aiosqlite:///{tmp_path / 'close.db'}"

    async def build() -> None:
        db = Database(url)
        await upgrade(db)
        seed = await seed_plan(db)
        async with db.session() as session:
            await open_period(session, seed.plan_id, date(2026, 12, 1))
        await db.dispose()

    asyncio.run(build())
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DEFAULT_LOCALE", "vi")
    runner = CliRunner()
    closed = runner.invoke(cli, ["plans", "close-period", "1600/KH-UBND", "nam 2026"])
    assert closed.exit_code == 0 and "Đã đóng kỳ Năm 2026" in closed.output
    unknown = runner.invoke(cli, ["plans", "close-period", "1600/KH-UBND", "Năm 2019"])
    assert unknown.exit_code == 1 and "Các kỳ đã có: Năm 2026" in unknown.output
    reopened = runner.invoke(cli, ["plans", "close-period", "1600/KH-UBND", "Năm 2026", "--reopen"])
    assert reopened.exit_code == 0 and "Đã mở lại kỳ Năm 2026" in reopened.output

    async def audit_actions() -> list[str]:
        from bot.db.models import AuditLog

        db = Database(url)
        async with db.session() as session:
            rows = await session.scalars(select(AuditLog.action).order_by(AuditLog.id))
            actions = [row for row in rows if row.startswith("period.")]
        await db.dispose()
        return actions

    assert asyncio.run(audit_actions()) == ["period.close", "period.reopen"]


async def test_explain_asks_which_plan_when_there_are_several(late: Late) -> None:
    from bot.db.models import Plan

    async with late.app.db.session() as session:
        session.add(Plan(number="99/KH-UBND", coordinating_agency_id=late.seed.industry))
    coordinator = await enrol(late.app, late.seed.industry, "444", Role.COORDINATOR)
    focal = await enrol(late.app, late.seed.industry, "111")
    late.clock.move_to(TWO_DAYS_LATE)
    await coordinator.send('/explain "Sở Y tế"')
    assert "Kế hoạch nào?" in coordinator.text
    await coordinator.pick("1600/KH-UBND")
    assert "Yêu cầu giải trình: Sở Y tế" in labels(coordinator)
    await focal.send(choice=f"plan:explain:{late.seed.plan_id}")  # a focal point may not ask
    assert "không có quyền" in focal.text
    await coordinator.send('/explain 1600/KH-UBND "Sở Y tế"')
    assert "Sở Y tế" in coordinator.text and "Kế hoạch nào?" not in coordinator.text


async def test_in_english_the_periods_are_english_too(late: Late) -> None:
    focal = await enrol(late.app, late.seed.industry, "111", language="en")
    await focal.send("/lang en")
    late.clock.move_to(TWO_DAYS_LATE)
    await focal.send("/tasks")
    assert "Year 2026 (report due 15/01/2027) — OVERDUE by 2 days" in focal.text
    assert "Năm" not in focal.text
    await focal.send("/update 1.1 100% Done")
    assert "You are reporting for Year 2026" in focal.text
    assert "Report for Year 2027 instead" in labels(focal)


async def report_overdue(db: Database, plan_id: int, label: str, today: date) -> int:
    """What the period report on `label` counts as "chưa hoàn thành và đã quá hạn"."""
    async with db.session() as session:
        report = await period_report(session, plan_id, label, today=today, locale="vi")
    return report.figures.outcomes[Outcome.PENDING_OVERDUE]


def overdue_count(text: str) -> int:
    """The tasks /overdue lists as overdue (0 when it says none)."""
    if "Không có nhiệm vụ nào quá hạn." in text:
        return 0
    found = re.search(r"Có (\d+) nhiệm vụ quá hạn chưa hoàn thành:", text)
    assert found is not None, text
    return int(found.group(1))


@pytest.mark.parametrize(
    ("moment", "label", "overdue"),
    [
        (datetime(2027, 1, 14, 9, 0, tzinfo=VN), "Năm 2026", 0),  # before the deadline
        (ON_THE_DAY, "Năm 2026", 0),
        (datetime(2027, 1, 18, 9, 0, tzinfo=VN), "Năm 2026", 4),  # the first working day after
        (A_PERIOD_LATER, "Năm 2027", 4),  # both years now owed; each task listed once
    ],
    ids=["before", "on-the-day", "after", "a-period-later"],
)
async def test_overdue_counts_the_tasks_the_period_report_counts(
    late: Late, moment: datetime, label: str, overdue: int
) -> None:
    coordinator = await enrol(late.app, late.seed.industry, "444", Role.COORDINATOR)
    late.clock.move_to(moment)
    await coordinator.send("/overdue")
    today = moment.date()
    assert await report_overdue(late.app.db, late.seed.plan_id, label, today) == overdue
    assert overdue_count(coordinator.text) == overdue
    if overdue:
        assert "• 2.1 Ứng dụng công nghệ sinh học trong y tế (hạn 15/01/2027)" in coordinator.text


async def test_a_task_done_since_is_not_overdue_for_an_older_period(late: Late) -> None:
    """Năm 2026 is still owed by other agencies on 18/01/2027; Sở Công Thương filed 1.1 done for
    Năm 2027. Năm 2026's snapshot counts only its own reports, but 1.1 is done: not overdue."""
    coordinator = await enrol(late.app, late.seed.industry, "444", Role.COORDINATOR)
    focal = await enrol(late.app, late.seed.industry, "111")
    late.clock.move_to(datetime(2027, 1, 18, 9, 0, tzinfo=VN))
    await coordinator.send("/overdue")
    assert "• 1.1 " in coordinator.text  # before: not done, and Năm 2026 has passed
    before = overdue_count(coordinator.text)
    await focal.send("/update")  # its one task, on the oldest period owed
    await focal.pick("Báo cáo cho kỳ Năm 2027")
    await focal.pick("Hoàn thành")
    await finish_update_form(focal.send, result="Đã hoàn thành tuyên truyền")
    assert focal.text.startswith("Đã lưu báo cáo nhiệm vụ 1.1"), focal.text
    await coordinator.send("/overdue")
    assert "• 1.1 " not in coordinator.text
    assert overdue_count(coordinator.text) == before - 1
    assert "Năm 2026" in coordinator.text  # the period is still owed by the others


async def test_a_period_due_on_a_saturday_names_the_monday_it_ran_to(late: Late) -> None:
    """Năm 2027 is due Saturday 15/01/2028; on Tuesday 18/01 it is 1 day late, from Monday."""
    coordinator = await enrol(late.app, late.seed.industry, "444", Role.COORDINATOR)
    focal = await enrol(late.app, late.seed.industry, "111")
    late.clock.move_to(A_PERIOD_LATER)
    await coordinator.send("/overdue")
    assert (
        "Kỳ Năm 2027 (hạn 15/01/2028, lùi đến Thứ Hai 17/01/2028, quá hạn 1 ngày)"
        in coordinator.text
    )
    assert "Kỳ Năm 2026 (hạn 15/01/2027, quá hạn 368 ngày)" in coordinator.text  # a Friday
    await coordinator.send("/weekly")
    assert "Năm 2027 (hạn 15/01/2028, lùi đến Thứ Hai 17/01/2028, quá hạn 1 ngày)" in (
        coordinator.text
    )
    await focal.send("/tasks")
    assert "Năm 2027 (hạn báo cáo 15/01/2028, lùi đến Thứ Hai 17/01/2028) — QUÁ HẠN 1 ngày" in (
        focal.text
    )
    await focal.send("/update")  # one task: the form opens on the oldest period owed, Năm 2026
    assert "kỳ Năm 2026 (hạn 15/01/2027, đã quá hạn 368 ngày)" in focal.text
    await focal.pick("Báo cáo cho kỳ Năm 2027")  # the form's own line names the Monday too
    assert (
        "đang báo cáo cho kỳ Năm 2027 (hạn 15/01/2028, lùi đến Thứ Hai 17/01/2028, "
        "đã quá hạn 1 ngày)" in (focal.text)
    )
