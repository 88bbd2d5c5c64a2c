"""Leave (/away) across time: the person set away through the real Dispatcher, then the planner
and the outbox sender through python-telegram-bot's HTTP stack to the fake Bot API server, on
SQLite and PostgreSQL, with time-machine before the leave, during it (a working day, a day off,
Tết), the day back and after.

The world: plan 1600/KH-UBND, report on 2026 due Friday 15/01/2027, reminders 14, 7, 3, 1 and 0
days before (31/12, 08/01, 12/01, 14/01, 15/01), late notices every 3 working days after
(18/01, 21/01, 25/01, 28/01, 01/02, 11/02 after Tết, 15/02, 18/02 …). Sở Thử nghiệm 1 has two
focal points (Cán bộ 1 and Cán bộ phụ), Sở Thử nghiệm 2 only Cán bộ 2.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import time_machine
from sqlalchemy import select

from bot.app import App
from bot.channels.telegram import NAME as TELEGRAM
from bot.db.engine import Database
from bot.db.models import OutboxMessage, Person, Role
from bot.periods.calendar import VN_TZ
from bot.services.away import Leave
from handlers.dispatcher import Dispatcher
from schedules.planner import AWAY, back_day, preview_reminders
from schedules.scheduler import run_planner
from tests.chat.conftest import Chat
from tests.fakes.telegram_api import FakeTelegram
from tests.schedules.conftest import fast_sender, make_app
from tests.schedules.factory import World, make_world

SPARE_CHAT = "150"
NOTICE = "<b>Cán bộ đầu mối nghỉ phép"


def local(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=VN_TZ).astimezone(UTC)


async def add_spare(db: Database, world: World) -> None:
    """A second focal point for Sở Thử nghiệm 1."""
    async with db.session() as session:
        session.add(
            Person(
                channel=TELEGRAM,
                platform_user_id=SPARE_CHAT,
                chat_id=SPARE_CHAT,
                display_name="Cán bộ phụ",
                role=Role.FOCAL,
                agency_id=world.agency_ids[0],
            )
        )


async def says(app: App, chat: str, text: str) -> str:
    person = Chat(Dispatcher(app), chat)
    await person.send(text)
    return person.text


async def day(app: App, telegram: FakeTelegram, on: date, hour: int = 9) -> dict[str, list[str]]:
    """A planner pass and a drain at `hour` on `on`: what each chat got."""
    before = len(telegram.sent())
    with time_machine.travel(local(on, hour), tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    got: dict[str, list[str]] = {}
    for call in telegram.sent()[before:]:
        got.setdefault(str(call.chat_id), []).append(call.text)
    return got


async def test_a_leave_holds_reminders_back_and_hands_them_over(
    database: Database, telegram: FakeTelegram
) -> None:
    with time_machine.travel(local(date(2026, 12, 31)), tick=True):
        world = await make_world(database)
        await add_spare(database, world)
        app = make_app(database, telegram.base_url)
        one, two = world.focal_chats[world.agency_ids[0]], world.focal_chats[world.agency_ids[1]]
        coordinator = world.coordinator_chat
        set_one = await says(app, one, "/away 05/01-14/01")
        set_two = await says(app, two, "nghỉ phép từ 05/01 đến 14/01")  # the sentence alone
    assert "từ 05/01/2027 đến 14/01/2027, đi làm lại ngày 15/01/2027" in set_one
    assert "từ 05/01/2027 đến 14/01/2027" in set_two

    # Before the leave: everyone gets the 14-day reminder, nobody stands in for anyone.
    before = await day(app, telegram, date(2026, 12, 31))
    assert set(before) == {one, two, SPARE_CHAT}
    assert "thay anh/chị" not in before[SPARE_CHAT][0]

    # During it, on a working day: the colleague is reminded, naming whom they stand in for;
    # Sở Thử nghiệm 2 has nobody left: its coordinators are told, once.
    during = await day(app, telegram, date(2027, 1, 8))
    assert set(during) == {SPARE_CHAT, coordinator}
    [spare] = during[SPARE_CHAT]
    assert "Anh/chị nhận nhắc việc thay anh/chị Cán bộ 1 đang nghỉ đến 14/01/2027." in spare
    [notice] = during[coordinator]
    assert notice.startswith(NOTICE)
    assert "Cán bộ 2 (Sở Thử nghiệm 2) nghỉ phép từ 05/01/2027 đến 14/01/2027" in notice

    # A day off during the leave: nothing for anyone.
    assert await day(app, telegram, date(2027, 1, 9)) == {}

    # The next reminders of the leave: the colleague again, no second notice.
    again = await day(app, telegram, date(2027, 1, 12))
    assert set(again) == {SPARE_CHAT}
    last_day = await day(app, telegram, date(2027, 1, 14))
    assert set(last_day) == {SPARE_CHAT}

    # The day back: its deadline notices are out at 08:00, to everyone, with nobody to stand in for.
    back = await day(app, telegram, date(2027, 1, 15), hour=8)
    assert set(back) == {one, two, SPARE_CHAT}
    assert all(texts[0].startswith("<b>Hôm nay là hạn báo cáo") for texts in back.values())
    assert "thay anh/chị" not in back[SPARE_CHAT][0]
    after = await day(app, telegram, date(2027, 1, 18))
    assert {one, two, SPARE_CHAT} <= set(after)
    async with database.session() as session:
        notices = list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == AWAY))
        )
    assert len(notices) == 1


async def test_a_leave_across_tet_comes_back_with_what_was_held_back(
    database: Database, telegram: FakeTelegram
) -> None:
    with time_machine.travel(local(date(2027, 1, 28)), tick=True):
        world = await make_world(database)
        app = make_app(database, telegram.base_url)
        two = world.focal_chats[world.agency_ids[1]]
        coordinator = world.coordinator_chat
        answer = await says(app, two, "/away 01/02/2027-15/02/2027")
    assert "đi làm lại ngày 16/02/2027" in answer
    first = await day(app, telegram, date(2027, 1, 28))  # before: the late notice
    assert first[two][0].startswith("<b>Đã quá hạn báo cáo")

    during = await day(app, telegram, date(2027, 2, 1))
    assert two not in during
    assert [text for text in during[coordinator] if text.startswith(NOTICE)] == [
        next(text for text in during[coordinator] if "đến 15/02/2027" in text)
    ]
    assert await day(app, telegram, date(2027, 2, 8)) == {}  # Mùng ba Tết: nothing
    after_tet = await day(app, telegram, date(2027, 2, 11))
    assert two not in after_tet and not any(
        text.startswith(NOTICE) for text in after_tet.get(coordinator, [])
    )
    assert two not in await day(app, telegram, date(2027, 2, 15))  # still away, a late cycle

    # Back on Tuesday 16/02 (no late cycle that day): what was held back, that morning.
    assert back_day_of(world) == date(2027, 2, 16)
    back = await day(app, telegram, date(2027, 2, 16), hour=8)
    [late] = back[two]
    assert late.startswith("<b>Đã quá hạn báo cáo") and "đã quá hạn 32 ngày" in late
    assert two in await day(app, telegram, date(2027, 2, 18))  # then the regular cycle


def back_day_of(world: World) -> date | None:
    from bot.db.models import ReportingRule

    rule = ReportingRule(lead_days=[14, 7, 3, 1, 0], escalation_every_days=3)
    return back_day(rule, date(2027, 1, 15), Leave(date(2027, 2, 1), date(2027, 2, 15)))


async def test_away_off_ends_the_leave_and_the_held_back_reminder_comes_that_morning(
    database: Database, telegram: FakeTelegram
) -> None:
    with time_machine.travel(local(date(2027, 1, 18)), tick=True):
        world = await make_world(database)
        app = make_app(database, telegram.base_url)
        two = world.focal_chats[world.agency_ids[1]]
        await says(app, two, "/away 18/01-29/01")
    assert two not in await day(app, telegram, date(2027, 1, 18))
    with time_machine.travel(local(date(2027, 1, 20)), tick=True):
        ended = await says(app, two, "/away off")
        shown = await says(app, two, "/away")
    assert "nhận nhắc việc trở lại từ hôm nay (20/01/2027)" in ended
    assert shown.startswith("Anh/chị không có lịch nghỉ phép nào")
    back = await day(app, telegram, date(2027, 1, 20), hour=10)
    assert back[two][0].startswith("<b>Đã quá hạn báo cáo")
    assert two in await day(app, telegram, date(2027, 1, 21))  # the regular cycle goes on


async def test_one_pass_tells_coordinators_once_at_the_first_message_held_back(
    database: Database,
) -> None:
    """Held back on 08/01, 12/01 and 14/01 (the 7, 3 and 1-day reminders, planned latest lead
    first), Cán bộ 2's leave makes one notice to the coordinator, on 08/01."""
    with time_machine.travel(local(date(2027, 1, 7)), tick=True):
        world = await make_world(database)
        async with database.session() as session:
            person = await session.get(Person, world.focal_ids[world.agency_ids[1]])
            assert person is not None
            person.away_from, person.away_until = date(2027, 1, 5), date(2027, 1, 14)
        async with database.session() as session:
            planned = await preview_reminders(
                session, now=local(date(2027, 1, 7)), tz=VN_TZ, days=8
            )
    notices = [item for item in planned if item.kind == AWAY]
    assert [(item.person_id, item.due_at.astimezone(VN_TZ).date()) for item in notices] == [
        (world.coordinator_id, date(2027, 1, 8))
    ]
