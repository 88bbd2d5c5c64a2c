"""/tasks pages on Zalo, where choices are numbered lines: the real Dispatcher behind a running
ZaloChannel and the fake Zalo server. "Trang sau" is a numbered line like the report choices, and
its number or its words open the next page."""

from __future__ import annotations

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
