"""A reminder whose day has passed gives way to the next one of its series: the console reviewer's
`/clock 14/01/2027 07:00`, `/clock 15/01/2027 09:00` brought two "today is the deadline" notices,
the second being the 14/01 reminder re-worded and still offering to snooze.

Real parts: the planner and the outbox sender through python-telegram-bot's HTTP stack to the fake
Bot API server, on SQLite and PostgreSQL; time-machine before, on and after the deadline, a period
later and across Tết.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models import OutboxMessage, OutboxStatus, ReportingRule
from bot.periods.calendar import VN_TZ
from schedules.planner import DEADLINE, EARLY, LATE, TASK_DUE, TASK_EARLY
from schedules.scheduler import run_planner
from schedules.series import successor_keys
from tests.fakes.telegram_api import Call, FakeTelegram
from tests.schedules.conftest import fast_sender, make_app
from tests.schedules.factory import make_world

DUE = date(2027, 1, 15)  # a Friday; the leads 14,7,3,1,0 fall on 31/12, 08/01, 12/01, 14/01, 15/01
RULE = ReportingRule(lead_days=[14, 7, 3, 1, 0], escalation_every_days=3, remind_hour=8)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VN_TZ).astimezone(UTC)


def superseded(kind: str, payload: dict[str, object], moment: datetime) -> bool:
    """Whether a later message of the row's series has reached its day (the sender then drops
    the row when that message is in the outbox)."""
    keys = successor_keys(kind, payload, RULE, moment, VN_TZ, plan_id=1, period_id=1, person_id=1)
    return bool(keys)


def row(kind: str, lead: int, due: date = DUE) -> tuple[str, dict[str, object]]:
    return kind, {"lead": lead, "due_date": due.isoformat()}


@pytest.mark.parametrize(
    ("message", "moment", "dropped"),
    [
        (row(EARLY, 1), at(date(2027, 1, 14), 8), False),  # on its day
        (row(EARLY, 1), at(date(2027, 1, 14), 23, 59), False),  # late in its day: still its turn
        (row(EARLY, 1), at(date(2027, 1, 15), 7), True),  # the deadline notice's day has come
        (row(EARLY, 3), at(date(2027, 1, 13), 9), False),  # the next one (14/01) is tomorrow
        (row(EARLY, 3), at(date(2027, 1, 15), 9), True),  # a day of downtime and more
        (row(DEADLINE, 0), at(date(2027, 1, 17), 9), False),  # Sunday: no late notice before 18/01
        (row(DEADLINE, 0), at(date(2027, 1, 18), 9), True),  # the first late notice's day
        (row(LATE, -1), at(date(2027, 1, 20), 9), False),  # the next late notice is on 21/01
        (row(LATE, -1), at(date(2027, 1, 21), 9), True),
        (row(LATE, -1), at(date(2028, 1, 18), 9), True),  # a period later
        # 15/01/2028 is a Saturday: the lead-1 reminder and the notice share Friday 14/01
        (row(EARLY, 3, date(2028, 1, 15)), at(date(2028, 1, 13), 9), False),
        (row(EARLY, 3, date(2028, 1, 15)), at(date(2028, 1, 14), 9), True),
        # Tết 2027: the notice of a report due 08/02 moves to Wednesday 03/02, before the holiday
        (row(EARLY, 7, date(2027, 2, 8)), at(date(2027, 2, 2), 9), False),
        (row(EARLY, 7, date(2027, 2, 8)), at(date(2027, 2, 3), 9), True),
        (row(DEADLINE, 0, date(2027, 2, 8)), at(date(2027, 2, 11), 9), False),  # Tết, then 11/02
        (row(DEADLINE, 0, date(2027, 2, 8)), at(date(2027, 2, 12), 9), True),
        # a task's own deadline: 7 and 1 days before, then on the day
        (row(TASK_EARLY, 7), at(date(2027, 1, 13), 9), False),
        (row(TASK_EARLY, 7), at(date(2027, 1, 14), 9), True),
        (row(TASK_DUE, 0), at(date(2027, 2, 1), 9), False),  # the last of its series
    ],
)
def test_a_reminder_gives_way_once_the_next_ones_day_has_come(
    message: tuple[str, dict[str, object]], moment: datetime, dropped: bool
) -> None:
    kind, payload = message
    assert superseded(kind, payload, moment) is dropped


def test_a_message_outside_the_series_is_never_dropped() -> None:
    later = at(date(2027, 3, 1), 9)
    assert not superseded(EARLY, {"lead": "back@2027-01-12", "due_date": "2027-01-15"}, later)
    assert not superseded("nudge", {"lead": 0, "due_date": "2027-01-15"}, later)


def buttons(call: Call) -> list[str]:
    return [button["callback_data"] for button in call.buttons]


async def outbox(db: Database) -> list[OutboxMessage]:
    async with db.session() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.mark.parametrize(
    "planned_at",
    [at(date(2027, 1, 14), 7), at(date(2027, 1, 13), 9)],  # the reviewer's steps; a day down
    ids=["clock-moved-over-night", "a-day-of-downtime"],
)
async def test_the_missed_reminder_does_not_double_the_deadline_notice(
    database: Database, telegram: FakeTelegram, planned_at: datetime
) -> None:
    with time_machine.travel(planned_at, tick=True):
        world = await make_world(database, agencies=1)
        app = make_app(database, telegram.base_url)
        await run_planner(app)  # the 14/01 reminder is planned (and not due yet)
        await fast_sender(app).drain()
    [chat] = world.focal_chats.values()
    assert telegram.sent(chat) == []
    with time_machine.travel(at(DUE, 9), tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    [notice] = telegram.sent(chat)
    assert notice.text.startswith("<b>Hôm nay là hạn báo cáo")
    assert "snooze:1d" not in buttons(notice) and "mute:early" not in buttons(notice)
    by_kind = {item.kind: item for item in await outbox(database) if item.person_id is not None}
    assert by_kind[EARLY].status == OutboxStatus.CANCELLED
    assert "superseded" in (by_kind[EARLY].last_error or "")
    assert by_kind[DEADLINE].status == OutboxStatus.SENT


async def test_a_reminder_held_up_within_its_day_still_goes(
    database: Database, telegram: FakeTelegram
) -> None:
    with time_machine.travel(at(date(2027, 1, 14), 7), tick=True):
        world = await make_world(database, agencies=1)
        app = make_app(database, telegram.base_url)
        await run_planner(app)
    with time_machine.travel(at(date(2027, 1, 14), 16, 45), tick=True):  # sent late that day
        await fast_sender(app).drain()
    [chat] = world.focal_chats.values()
    [reminder] = telegram.sent(chat)
    assert reminder.text.startswith("<b>Nhắc báo cáo") and "còn 1 ngày" in reminder.text
    assert buttons(reminder)[-2:] == ["snooze:1d", "mute:early"]


async def test_after_the_deadline_a_missed_notice_gives_way_to_the_late_one(
    database: Database, telegram: FakeTelegram
) -> None:
    with time_machine.travel(at(DUE, 7), tick=True):  # planned, then the bot is down to Monday
        world = await make_world(database, agencies=1)
        app = make_app(database, telegram.base_url)
        await run_planner(app)
    with time_machine.travel(at(date(2027, 1, 18), 9), tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    [chat] = world.focal_chats.values()
    [late] = telegram.sent(chat)
    assert late.text.startswith("<b>Đã quá hạn báo cáo") and "đã quá hạn 3 ngày" in late.text


async def test_a_missed_notice_still_goes_when_nothing_was_planned_in_its_place(
    database: Database, telegram: FakeTelegram
) -> None:
    """Down from the deadline's morning to Tuesday 19/01: Monday's late notice was never written
    (the planner plans today and tomorrow), and the next is Thursday's. The deadline notice goes
    on 19/01 rather than nothing at all for three more days."""
    with time_machine.travel(at(DUE, 7), tick=True):
        world = await make_world(database, agencies=1)
        app = make_app(database, telegram.base_url)
        await run_planner(app)
    with time_machine.travel(at(date(2027, 1, 19), 9), tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    [chat] = world.focal_chats.values()
    [notice] = telegram.sent(chat)
    assert "snooze:1d" not in buttons(notice)
    by_kind = {item.kind: item for item in await outbox(database) if item.person_id is not None}
    assert LATE not in by_kind
    assert by_kind[DEADLINE].status == OutboxStatus.SENT
