"""The Vietnamese working calendar: Tết, weekends, public holidays, substituted working days."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.db.models import Cadence, ReportingRule
from bot.periods.calendar import (
    VN_TZ,
    day_off_name,
    deliverable_at,
    is_working_day,
    previous_working_day,
)
from schedules.planner import escalation_days, reminder_days


def yearly(lead_days: list[int], every: int = 3) -> ReportingRule:
    return ReportingRule(
        plan_id=1, cadence=Cadence.YEARLY, lead_days=lead_days, escalation_every_days=every
    )


def test_tet_is_a_run_of_days_off() -> None:
    for day in range(16, 21):
        assert not is_working_day(date(2026, 2, day))
    assert is_working_day(date(2026, 2, 13))
    assert "Tết" in (day_off_name(date(2026, 2, 17), "vi") or "")
    assert previous_working_day(date(2026, 2, 18)) == date(2026, 2, 13)


def test_a_deadline_in_tet_moves_reminders_before_the_holiday() -> None:
    days = reminder_days(yearly([14, 7, 3, 1, 0]), date(2026, 2, 17))
    # 3, 1 and 0 days before all fall in Tết or the weekend before it: one notice, the deadline's.
    assert days == {date(2026, 2, 3): 14, date(2026, 2, 10): 7, date(2026, 2, 13): 0}


def test_a_weekend_deadline_is_announced_on_friday() -> None:
    due = date(2026, 11, 29)  # a Sunday
    assert day_off_name(due) == ""
    days = reminder_days(yearly([1, 0]), due)
    assert days == {date(2026, 11, 27): 0}


def test_a_public_holiday_deadline() -> None:
    due = date(2026, 9, 2)  # National Day; 31/8 is a substituted day off, 29/8 a Saturday
    assert day_off_name(due, "en")
    assert reminder_days(yearly([0]), due) == {date(2026, 8, 28): 0}
    # 22/8/2026 is a Saturday worked in exchange for 31/8: a working day.
    assert is_working_day(date(2026, 8, 22))


def test_escalation_moves_forward_to_working_days() -> None:
    cycles = escalation_days(yearly([0], every=3), date(2026, 2, 13), date(2026, 2, 28))
    assert cycles[0] == (0, date(2026, 2, 23))  # 14/2 is Saturday, then Tết until 20/2
    assert [day for _, day in cycles] == [date(2026, 2, 23), date(2026, 2, 26)]


def test_missed_reminders_wait_for_working_hours() -> None:
    planned = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # 08:00 Friday in Hà Nội
    late_evening = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # 21:00 Friday
    assert deliverable_at(planned, late_evening, VN_TZ) == datetime(
        2026, 11, 23, 8, 0, tzinfo=VN_TZ
    )
    during_work = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    assert deliverable_at(planned, during_work, VN_TZ) == during_work
