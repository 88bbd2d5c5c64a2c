"""The Vietnamese working calendar: weekends, public holidays (Tết included) and working hours.

Public holidays and the government's substituted days (a Saturday worked to bridge a holiday) come
from the `holidays` package (country VN), so nothing is hand-maintained here. Reminders go out on
working days inside working hours: one that falls on a day off moves to the previous working day
(it must arrive before the deadline); an escalation after a deadline moves to the next one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")  # the calendar's own zone, whatever the server's
WORK_START = time(8, 0)
WORK_END = time(17, 0)
MAX_DAYS_OFF_IN_A_ROW = 20  # Tết with weekends is at most ~9 days; a generous bound for loops


@lru_cache(maxsize=64)
def _holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language=language)


@lru_cache(maxsize=4096)
def is_working_day(day: date) -> bool:
    """Remembered (the `holidays` package takes ~3 µs a look-up): a reminder's wording asks
    about its deadline and the days around it three times, and a batch's reminders about the
    same few days."""
    return bool(_holidays(day.year, "vi").is_working_day(day))


def day_off_name(day: date, locale: str = "vi") -> str | None:
    """The holiday's name in `locale` ("Tết Nguyên Đán" …), "" for a plain weekend day, None for a
    working day."""
    if is_working_day(day):
        return None
    language = "vi" if locale == "vi" else "en_US"
    return str(_holidays(day.year, language).get(day) or "")


def previous_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the last working day before it."""
    for _ in range(MAX_DAYS_OFF_IN_A_ROW):
        if is_working_day(day):
            return day
        day -= timedelta(days=1)
    return day


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    for _ in range(MAX_DAYS_OFF_IN_A_ROW):
        if is_working_day(day):
            return day
        day += timedelta(days=1)
    return day


def working_hour(hour: int) -> time:
    """A rule's reminder hour, kept inside working hours."""
    wanted = time(min(max(hour, 0), 23), 0)
    return min(max(wanted, WORK_START), time(WORK_END.hour - 1, 0))


def at_local(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz)


def in_working_hours(moment: datetime, tz: ZoneInfo) -> bool:
    local = moment.astimezone(tz)
    return is_working_day(local.date()) and WORK_START <= local.time() < WORK_END


def deliverable_at(planned: datetime, now: datetime, tz: ZoneInfo) -> datetime:
    """When a message planned for `planned` can go out: as planned if still ahead; now if that
    passed and we are inside working hours; else the next working morning (no reminders at night
    after a planner outage)."""
    if planned >= now:
        return planned
    if in_working_hours(now, tz):
        return now
    local = now.astimezone(tz)
    day = local.date() if local.time() < WORK_START else local.date() + timedelta(days=1)
    return at_local(next_working_day(day), WORK_START, tz)


def deadline_runs_to(due: date) -> date:
    """The last day a report due on `due` is on time: a deadline that falls on a day off runs to
    the end of the next working day (Civil Code 2015, art. 148); the plan's own date is still the
    one people are reminded of."""
    return next_working_day(due)


def days_late(due: date, on: date) -> int:
    """Whole days a report sent on `on` is past its deadline `due` (0: on time)."""
    return max(0, (on - deadline_runs_to(due)).days)


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (a request made on Friday with 3 days
    to answer is due on Wednesday)."""
    for _ in range(count):
        day = next_working_day(day + timedelta(days=1))
    return day
