"""A coordinator's /report and /nudge through the real dispatcher, on both databases: the chart
comes with the files, the arguments name a plan, a period, a date range or an agency in the ways
people type them, and /nudge says whom it reached and whom nobody could be reminded for.

The seeded plan 1600/KH-UBND: 1.1 led by Sở Công Thương (the coordinating department), 1.2 by
Sở Kế hoạch và Đầu tư (followed up by Sở Tài chính), 2.1 by Sở Y tế; "Năm 2026" due 15/01/2027.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from bot.db.models import Assignment, AssignmentRole, OutboxMessage, Plan, Role, Task
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import ADMIN_ID, Chat, enrol

VN = ZoneInfo("Asia/Ho_Chi_Minh")
IN_THE_YEAR = datetime(2026, 12, 1, 9, 0, tzinfo=VN)


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(IN_THE_YEAR, tick=False) as traveller:
        yield traveller


def files(chat: Chat) -> dict[str, bytes]:
    """{extension: data} of the documents and images of the last answer."""
    found = {}
    for message in chat.last:
        for item in (message.document, message.image):
            if item is not None:
                found[item.name.rsplit(".", 1)[1]] = item.data
    return found


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


async def test_report_sends_the_chart_with_the_two_files(world, clock) -> None:
    app, seed = world
    coordinator = await enrol(app, seed.industry, "111", Role.COORDINATOR)
    await coordinator.send("/report")
    sent = files(coordinator)
    assert set(sent) == {"docx", "xlsx", "png"}
    assert sent["png"].startswith(b"\x89PNG")
    [image] = [message.image for message in coordinator.last if message.image is not None]
    assert image.mime_type == "image/png"


async def test_nudge_counts_agencies_and_people_and_names_who_nobody_could_remind(
    world, clock
) -> None:
    app, seed = world
    await enrol(app, seed.health, "201")
    await enrol(app, seed.health, "202")
    coordinator = await enrol(app, seed.industry, "111", Role.COORDINATOR)
    await coordinator.send("/nudge")
    assert "Đã nhắc 1 cơ quan (2 người)" in coordinator.text
    assert "Chưa nhắc được 2 cơ quan" in coordinator.text
    assert "Sở Công Thương, Sở Tài chính" in coordinator.text
    assert 'dondoc invite --agency "Sở Tài chính" --role focal' in coordinator.text
    assert "Sở Kế hoạch và Đầu tư" not in coordinator.text  # merged: its successor is asked

    await enrol(app, seed.finance, "301")
    await enrol(app, seed.industry, "302")
    await coordinator.send("/nudge")
    assert "Đã nhắc 3 cơ quan (4 người)" in coordinator.text
    assert "Chưa nhắc được" not in coordinator.text


async def test_nudge_leaves_people_on_leave_alone_and_says_when_they_are_back(world, clock) -> None:
    app, seed = world
    away = await enrol(app, seed.health, "201")
    await enrol(app, seed.finance, "301")
    await enrol(app, seed.industry, "302")
    coordinator = await enrol(app, seed.industry, "111", Role.COORDINATOR)
    today = app.clock.now().date()
    last = today + timedelta(days=5)
    await away.send(f"/away {today:%d/%m/%Y}-{last:%d/%m/%Y}")
    assert "nghỉ" in away.text
    await coordinator.send("/nudge")
    assert "Đã nhắc 2 cơ quan (2 người)" in coordinator.text  # not the one on leave
    assert "Chưa nhắc Sở Y tế: cán bộ đầu mối Nguyễn Văn A đang nghỉ phép" in coordinator.text
    assert 'invite --agency "Sở Y tế"' not in coordinator.text  # enrolled: no invite needed
    async with app.db.session() as session:
        queued = await session.scalars(select(OutboxMessage.chat_id))
        assert "201" not in set(queued)


async def _report(focal: Chat, line: str) -> None:
    await focal.send(line)
    await focal.pick("Gửi")
    assert "Đã lưu báo cáo" in focal.text, focal.text


@pytest.fixture
async def reported(world, clock):  # type: ignore[no-untyped-def]
    """Sở Y tế reports 2.1 on 05/12 (40%) and 10/01 (80%), Sở Công Thương 1.1 on 20/12 (30%)."""
    app, seed = world
    health = await enrol(app, seed.health, "201")
    industry = await enrol(app, seed.industry, "202")
    clock.move_to(datetime(2026, 12, 5, 9, 0, tzinfo=VN))
    await _report(health, "/update 2.1 40% Đã khảo sát các bệnh viện")
    clock.move_to(datetime(2026, 12, 20, 9, 0, tzinfo=VN))
    await _report(industry, "/update 1.1 30% Đã in tờ rơi")
    clock.move_to(datetime(2027, 1, 10, 9, 0, tzinfo=VN))
    await _report(health, "/update 2.1 80% Đã triển khai ở hai bệnh viện")
    clock.move_to(datetime(2027, 1, 12, 9, 0, tzinfo=VN))
    return app, seed, await enrol(app, seed.industry, "111", Role.COORDINATOR)


async def test_report_over_a_date_range_counts_only_updates_sent_in_it(reported) -> None:
    _, _, coordinator = reported
    await coordinator.send("/report 01/12/2026-15/12/2026")
    assert "Các báo cáo gửi từ 01/12/2026 đến 15/12/2026" in coordinator.text
    assert "Đã nhận 1/3 báo cáo" in coordinator.text
    sent = files(coordinator)
    assert set(sent) == {"docx", "xlsx", "png"}
    document = docx_text(sent["docx"])
    assert "Các báo cáo gửi từ 01/12/2026 đến 15/12/2026" in document
    assert "Đã khảo sát các bệnh viện" in document  # the update of 05/12, not the later one
    assert "Đã triển khai ở hai bệnh viện" not in document and "Đã in tờ rơi" not in document

    await coordinator.send("/report 01/12/2026 - 31/12/2026")
    assert "Đã nhận 2/3 báo cáo" in coordinator.text
    for wrong in ("31/12/2026-01/12/2026", "01/02/2026-31/02/2026"):
        await coordinator.send(f"/report {wrong}")
        assert f"“{wrong}” không hợp lệ" in coordinator.text and not files(coordinator)
    await coordinator.send("/report từ 01/12/2026 đến 15/12/2026")
    assert "Đã nhận 1/3 báo cáo" in coordinator.text
    await coordinator.send("/report 01/03/2027-31/03/2027")
    assert "còn ở phía trước" in coordinator.text and not files(coordinator)


async def test_report_for_one_agency_keeps_its_tasks(reported) -> None:
    _, _, coordinator = reported
    await coordinator.send('/report "Sở Y tế"')
    assert "Cơ quan: Sở Y tế" in coordinator.text
    assert "Đã nhận 1/1 báo cáo" in coordinator.text
    document = docx_text(files(coordinator)["docx"])
    assert "Ứng dụng công nghệ sinh học trong y tế" in document
    assert "Tuyên truyền, phổ biến" not in document
    assert "Xây dựng cơ chế" not in document

    # a merged agency's old name is its successor's tasks; accents and quotes are optional
    await coordinator.send("/report so ke hoach va dau tu")
    assert "Cơ quan: Sở Tài chính" in coordinator.text
    assert "Đã nhận 0/1 báo cáo" in coordinator.text
    assert "Xây dựng cơ chế" in docx_text(files(coordinator)["docx"])

    await coordinator.send("/report 01/12/2026-31/12/2026 Sở Y tế")
    assert "Các báo cáo gửi từ 01/12/2026 đến 31/12/2026; Cơ quan: Sở Y tế" in coordinator.text
    assert "Đã khảo sát các bệnh viện" in docx_text(files(coordinator)["docx"])


@pytest.mark.parametrize(
    "line",
    [
        '/report "Năm 2026"',
        "/report nam 2026",
        "/report 1600/KH-UBND nam 2026",
        "/report 1600 Năm 2026",
        '/report "Đề án 1600" NĂM 2026',
        "/report “1600/KH-UBND” “Năm 2026”",
    ],
)
async def test_report_arguments_as_people_type_them(reported, line: str) -> None:
    _, _, coordinator = reported
    await coordinator.send(line)
    assert "Kỳ báo cáo: Năm 2026" in coordinator.text, coordinator.text
    assert set(files(coordinator)) == {"docx", "xlsx", "png"}


async def test_report_names_what_it_did_not_find_and_the_choices(reported) -> None:
    app, seed, coordinator = reported
    await coordinator.send("/report Năm 1990")
    assert "“Năm 1990”" in coordinator.text and not files(coordinator)
    assert "Năm 2026" in coordinator.text  # the periods to choose from
    assert "Sở Công Thương, Sở Tài chính, Sở Y tế" in coordinator.text  # the lead agencies
    await coordinator.send('/report Năm 2026 "Sở Nội vụ"')
    assert "“Sở Nội vụ”" in coordinator.text and "Sở Y tế" in coordinator.text
    assert not files(coordinator)
    await coordinator.send("/report 999/KH-UBND Năm 2026")
    assert "“999/KH-UBND”" in coordinator.text and "1600/KH-UBND" in coordinator.text
    assert not files(coordinator)

    outsider = await enrol(app, seed.health, "112", Role.COORDINATOR)  # coordinates no plan
    await outsider.send('/report 1600/KH-UBND "Sở Y tế"')
    assert "chưa theo dõi kế hoạch nào" in outsider.text and not files(outsider)


async def test_with_several_plans_the_arguments_pick_the_plan_they_fit(reported) -> None:
    app, seed, _ = reported
    async with app.db.session() as session:
        other = Plan(number="457/KH-UBND", title="Kế hoạch chuyển đổi số")
        session.add(other)
        await session.flush()
        task = Task(plan_id=other.id, code="1.1", position=0, content="Số hóa hồ sơ ngân sách")
        session.add(task)
        await session.flush()
        session.add(Assignment(task_id=task.id, agency_id=seed.finance, role=AssignmentRole.LEAD))
    admin = Chat(Dispatcher(app), ADMIN_ID)  # an admin sees both plans

    await admin.send('/report "Sở Y tế"')  # only 1600/KH-UBND has a task Sở Y tế leads
    assert "1600/KH-UBND" in admin.text and "Cơ quan: Sở Y tế" in admin.text
    assert set(files(admin)) == {"docx", "xlsx", "png"}

    await admin.send('/report "Sở Tài chính"')  # both plans: which one, and how to type it
    assert not files(admin)
    assert admin.values == [f"plan:report:{seed.plan_id}", f"plan:report:{other.id}"]
    assert '/report 1600/KH-UBND "Sở Tài chính"' in admin.text

    await admin.send('/report 457 "Sở Tài chính"')
    assert "457/KH-UBND" in admin.text and "Cơ quan: Sở Tài chính" in admin.text
    assert "Số hóa hồ sơ ngân sách" in docx_text(files(admin)["docx"])


@pytest.mark.parametrize("command", ["/overdue", "/weekly", "/nudge"])
async def test_a_plan_only_command_names_an_unknown_plan_with_the_choices(
    world, clock, command: str
) -> None:
    """Not the only plan there is: /nudge 999 used to remind that plan's agencies."""
    app, seed = world
    await enrol(app, seed.health, "201")
    coordinator = await enrol(app, seed.industry, "111", Role.COORDINATOR)
    await coordinator.send(f"{command} 999")
    assert coordinator.text == "Không có kế hoạch số “999”. Các kế hoạch hiện có: 1600/KH-UBND."
    async with app.db.session() as session:
        assert (await session.scalars(select(OutboxMessage))).all() == []
    await coordinator.send(f"{command} 1600/KH-UBND")
    assert "Không có kế hoạch" not in coordinator.text
