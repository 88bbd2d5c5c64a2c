"""Reminder wording tells the truth about the deadline, counted from the day it is sent: a
deadline on a working day, on a weekend and in Tết; "today" only on the day itself."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine

from bot.db.models import Cadence, ReportingRule
from bot.periods.calendar import VN_TZ
from bot.services.actions import update_action
from schedules.messages import TaskLine, due_line, render_person_message
from schedules.planner import DEADLINE, EARLY, LATE, NUDGE, escalation_days, reminder_days
from schedules.scheduler import run_planner
from tests.schedules.conftest import fast_sender, make_app
from tests.schedules.factory import make_world

TASKS = [TaskLine(11, "1.1", "Tuyên truyền"), TaskLine(12, "1.2", "Khảo sát")]


def payload(due: date) -> dict[str, object]:
    return {"plan_number": "1600/KH-UBND", "period_label": "Năm 2026", "due_date": due.isoformat()}


@pytest.mark.parametrize(
    ("due", "today", "vi", "en"),
    [
        (  # a working day, a week ahead
            date(2027, 1, 15),
            date(2027, 1, 8),
            "Hạn báo cáo: Thứ Sáu, 15/01/2027, còn 7 ngày.",
            "Due: Friday, 15/01/2027, 7 days left.",
        ),
        (  # the day itself
            date(2027, 1, 15),
            date(2027, 1, 15),
            "Hôm nay (Thứ Sáu, 15/01/2027) là hạn báo cáo.",
            "Today (Friday, 15/01/2027) is the reporting deadline.",
        ),
        (  # a Sunday deadline, announced on Friday
            date(2026, 11, 29),
            date(2026, 11, 27),
            "Hạn báo cáo: Chủ Nhật, 29/11/2026, còn 2 ngày; "
            "hôm nay là ngày làm việc cuối cùng trước hạn.",
            "Due: Sunday, 29/11/2026, 2 days left; "
            "today is the last working day before the deadline.",
        ),
        (  # in Tết, announced on the last working day before the holiday
            date(2027, 2, 8),
            date(2027, 2, 3),
            "Hạn báo cáo: Thứ Hai, 08/02/2027 (Mùng ba Tết Nguyên Đán), còn 5 ngày; "
            "hôm nay là ngày làm việc cuối cùng trước hạn.",
            "Due: Monday, 08/02/2027 (Third Day of Lunar New Year), 5 days left; "
            "today is the last working day before the deadline.",
        ),
        (  # the day before a working-day deadline is the last working day too
            date(2027, 1, 15),
            date(2027, 1, 14),
            "Hạn báo cáo: Thứ Sáu, 15/01/2027, còn 1 ngày; "
            "hôm nay là ngày làm việc cuối cùng trước hạn.",
            "Due: Friday, 15/01/2027, 1 day left; "
            "today is the last working day before the deadline.",
        ),
        (  # past it
            date(2027, 1, 15),
            date(2027, 1, 20),
            "Hạn báo cáo: Thứ Sáu, 15/01/2027; đã quá hạn 5 ngày.",
            "Due: Friday, 15/01/2027; 5 days overdue.",
        ),
        (  # a Saturday deadline runs to Monday (Civil Code art. 148): not late on Sunday
            date(2027, 1, 16),
            date(2027, 1, 17),
            "Hạn báo cáo: Thứ Bảy, 16/01/2027, rơi vào ngày nghỉ nên báo cáo gửi đến hết "
            "Thứ Hai, 18/01/2027 vẫn đúng hạn.",
            "Due: Saturday, 16/01/2027, a day off, so a report sent by the end of "
            "Monday, 18/01/2027 is still on time.",
        ),
    ],
)
def test_the_due_line(due: date, today: date, vi: str, en: str) -> None:
    assert due_line(due, today, "vi") == vi
    assert due_line(due, today, "en") == en


def test_today_is_the_deadline_only_on_the_day_itself() -> None:
    sunday = date(2026, 11, 29)
    moved = render_person_message(DEADLINE, payload(sunday), TASKS, "vi", today=date(2026, 11, 27))
    assert moved.title == "Nhắc báo cáo: Kế hoạch 1600/KH-UBND"
    assert "Hôm nay" not in moved.text
    friday = date(2027, 1, 15)
    on_the_day = render_person_message(DEADLINE, payload(friday), TASKS, "vi", today=friday)
    assert on_the_day.title == "Hôm nay là hạn báo cáo: Kế hoạch 1600/KH-UBND"
    # A deadline notice that could only go out the next morning says it is late.
    next_day = render_person_message(
        DEADLINE, payload(friday), TASKS, "en", today=date(2027, 1, 18)
    )
    assert next_day.title == "Report overdue: plan 1600/KH-UBND"
    assert "3 days overdue" in next_day.text


def test_every_button_names_the_period() -> None:
    for kind in (EARLY, DEADLINE, LATE, NUDGE):
        message = render_person_message(
            kind, payload(date(2027, 1, 15)), TASKS, "vi", today=date(2027, 1, 20), period_id=7
        )
        updates = [choice.value for choice in message.choices if choice.value.startswith("update")]
        assert (
            updates
            == [update_action(11, 7), update_action(12, 7)]
            == ["update:11:7", "update:12:7"]
        )


def yearly(lead_days: list[int], every: int = 3) -> ReportingRule:
    return ReportingRule(
        plan_id=1, cadence=Cadence.YEARLY, lead_days=lead_days, escalation_every_days=every
    )


def test_days_left_count_from_the_day_the_reminder_moved_to() -> None:
    sunday = date(2026, 11, 29)
    days = reminder_days(yearly([14, 7, 3, 1, 0]), sunday)
    assert days[date(2026, 11, 13)] == 14  # 15/11 is a Sunday: moved back to Friday
    assert "còn 16 ngày." in due_line(sunday, date(2026, 11, 13), "vi")
    tet = date(2026, 2, 17)
    moved = {lead: day for day, lead in reminder_days(yearly([14, 7, 3, 1, 0]), tet).items()}
    assert moved[0] == date(2026, 2, 13)  # the deadline notice, before Tết
    assert "còn 4 ngày; hôm nay là ngày làm việc cuối cùng trước hạn." in due_line(
        tet, moved[0], "vi"
    )


def test_a_weekend_deadline_is_chased_once_it_has_run_out() -> None:
    saturday = date(2027, 1, 16)  # runs to Monday 18/01: the first late day is Tuesday
    assert escalation_days(yearly([0]), saturday, date(2027, 1, 31))[0] == (0, date(2027, 1, 19))


async def test_a_reminder_sent_late_counts_from_its_send_date(database, telegram) -> None:
    """A 14-day reminder that can only go out four days later says 11 days, not 14."""
    thursday_night = datetime.combine(date(2026, 12, 31), time(21, 0), tzinfo=VN_TZ)
    with time_machine.travel(thursday_night, tick=True):
        world = await make_world(database)
        app = make_app(database, telegram.base_url)
        await run_planner(app)  # 08:00 has passed: held for the next working morning, …
    # … Monday 04/01 (01/01 is New Year's Day, then the weekend).
    with time_machine.travel(datetime.combine(date(2027, 1, 4), time(9, 0), tzinfo=VN_TZ)):
        await fast_sender(app).drain()
    [call] = telegram.sent(world.focal_chats[world.agency_ids[0]])
    assert "Hạn báo cáo: Thứ Sáu, 15/01/2027, còn 11 ngày." in call.text


def test_in_english_the_period_is_english_too() -> None:
    message = render_person_message(
        LATE, payload(date(2027, 1, 15)), TASKS, "en", today=date(2027, 1, 18), period_id=3
    )
    assert message.text.startswith("Due: Friday, 15/01/2027; 3 days overdue.\nYear 2026: ")
