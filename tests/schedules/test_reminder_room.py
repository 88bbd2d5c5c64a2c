"""A reminder lists every task that fits one message of its channel and links /tasks for the rest:
the planner and the sender through python-telegram-bot's HTTP stack to the fake Bot API server.
(On Zalo, where each button is a numbered line too: tests/zalo/test_task_pages.py.)"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import update

from bot.db.engine import Database
from bot.db.models import Task
from schedules.scheduler import run_planner
from tests.fakes.telegram_api import FakeTelegram
from tests.schedules.conftest import fast_sender, make_app
from tests.schedules.factory import make_world

FRIDAY = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)  # 09:00 local, 7 days before 15/01/2027
LONG = "Tuyên truyền, phổ biến, nâng cao nhận thức về ứng dụng công nghệ sinh học " * 3


@pytest.mark.parametrize(("count", "all_fit"), [(19, True), (45, False)])
async def test_a_reminder_lists_what_fits_and_links_the_rest(
    database: Database, telegram: FakeTelegram, count: int, all_fit: bool
) -> None:
    with time_machine.travel(FRIDAY, tick=True):
        world = await make_world(database, agencies=1, tasks_per_agency=count)
        async with database.session() as session:
            await session.execute(update(Task).values(content=Task.code + " " + LONG))
        app = make_app(database, telegram.base_url)
        assert await run_planner(app) == 1
        await fast_sender(app).drain()
    [reminder] = telegram.sent(world.focal_chats[world.agency_ids[0]])  # one message
    listed = [line for line in reminder.text.splitlines() if line.startswith("• ")]
    updates = [b for b in reminder.buttons if b["callback_data"].startswith("update:")]
    assert len(updates) == len(listed)
    if all_fit:
        assert len(listed) == count and "/tasks" not in reminder.text
    else:
        assert 19 < len(listed) < count
        assert f"… /tasks để xem tất cả {count} nhiệm vụ." in reminder.text
    assert len(reminder.text) <= 4096
