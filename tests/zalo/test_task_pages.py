"""/tasks pages on Zalo, where choices are numbered lines: the real Dispatcher behind a running
ZaloChannel and the fake Zalo server. "Trang sau" is a numbered line like the report choices, and
its number or its words open the next page."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import App
from tests.chat.test_task_pages import add_tasks, codes_in
from tests.fakes.zalo_api import FakeZalo
from tests.zalo.conftest import ChannelFactory
from tests.zalo.e2e import ZaloUser, invite_code, seed_plan


async def test_numbered_pages_reach_every_task(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    seed = await seed_plan(app.db)
    codes = ["1.1", "1.2", *await add_tasks(app.db, seed.plan_id, seed.finance_id, 16)]  # 18
    lan = ZaloUser(zalo, await start_channel(app), "u-lan")
    await lan.says(f"start {await invite_code(app.db, seed.finance_id, now=app.clock.now())}")
    first = await lan.says("tasks")
    assert "Trang 1/3 · 18 nhiệm vụ" in first and "9. Trang sau (2/3)" in first
    second = await lan.says("9")
    assert "Trang 2/3" in second
    assert "9. Trang sau (3/3)" in second and "10. Trang trước (1/3)" in second
    third = await lan.says("trang sau (3/3)")  # the words, without accents
    assert "3. Trang trước (2/3)" in third and "Trang sau" not in third
    assert codes_in(first) + codes_in(second) + codes_in(third) == codes
    form = await lan.says("2")  # page 3's second report line
    assert f"Nhiệm vụ {codes[-1]}" in form


LONG = (
    " về tuyên truyền, phổ biến, nâng cao nhận thức của doanh nghiệp và người dân về phát triển"
    " và ứng dụng công nghệ sinh học trong ngành công thương"
)


async def test_a_reminder_lists_what_fits_one_zalo_message_and_links_the_rest(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    from schedules.scheduler import run_planner
    from schedules.sender import OutboxSender

    friday = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)  # 09:00 local, 7 days before 15/01/2027
    app.clock.advance(friday - app.clock.now())
    seed = await seed_plan(app.db)
    await add_tasks(app.db, seed.plan_id, seed.finance_id, 17, LONG)  # 19 tasks
    lan = ZaloUser(zalo, await start_channel(app), "u-lan")
    await lan.says(f"start {await invite_code(app.db, seed.finance_id, now=app.clock.now())}")
    app.senders[lan.channel.name] = lan.channel
    assert await run_planner(app) == 1
    before = len(zalo.calls_to("sendMessage", "u-lan"))
    await OutboxSender(app).drain()
    [reminder] = [call.text for call in zalo.calls_to("sendMessage", "u-lan")[before:]]
    listed = [line for line in reminder.splitlines() if line.startswith("• ")]
    updates = [line for line in reminder.splitlines() if ". Cập nhật " in line]
    assert 8 < len(listed) < 19 and len(updates) == len(listed)  # what fits, each with its number
    assert "… /tasks để xem tất cả 19 nhiệm vụ." in reminder
    assert f"{len(listed) + 1}. Nhắc lại sau 1 ngày" in reminder
    assert "Trang 1/3 · 19 nhiệm vụ" in await lan.says("tasks")  # the link works as written
