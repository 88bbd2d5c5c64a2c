"""When a reminder's moment has passed: a later message of the same series supersedes it.

A period's reminders to a focal point form a series (the early reminders, the deadline-day
notice, then the late notices: `reminder_days`, `escalation_days`), and so do a task's own
deadline reminders (`task_reminder_days`). A row that could not go out on its day (the bot was
down, or the outbox was held up past the next reminder's time) would otherwise arrive beside
that next one, re-worded for today: two "today is the deadline" notices, the older one still
offering to snooze. At send time such a row is dropped once the day of a later message of its
series has come: that one goes out that day (its hour, or at once when it too is late), so the
older one could only double it. A row merely delayed within its own turn (rate limits, working
hours, a snooze) and sent before the next one's day still goes, worded for the day it is sent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.db.models import ReportingRule
from schedules.planner import (
    DEADLINE,
    EARLY,
    LATE,
    TASK_DUE,
    TASK_EARLY,
    escalation_days,
    reminder_days,
    task_reminder_days,
)

PERIOD_SERIES = frozenset({EARLY, DEADLINE, LATE})
TASK_SERIES = frozenset({TASK_EARLY, TASK_DUE})


def period_series(rule: ReportingRule, due: date, until: date) -> dict[date, int]:
    """{send day: lead} of a period's messages to a focal point up to `until`: the early
    reminders and the deadline notice (lead ≥ 0), then the late notices (lead -1, -2, …), the
    leads the planner writes in their dedupe keys."""
    days = reminder_days(rule, due)
    for cycle, day in escalation_days(rule, due, until):
        days.setdefault(day, -(cycle + 1))
    return days


def superseded_in(series: dict[date, int], lead: Any, today: date) -> bool:
    """Whether the message of `series` with `lead` has a later one whose day has come. A lead
    not in the series (a back-from-leave message) never has."""
    own = next((day for day, item in series.items() if item == lead), None)
    return own is not None and any(own < day <= today for day in series)


def superseded(
    kind: str, payload: dict[str, Any], rule: ReportingRule | None, now: datetime, tz: ZoneInfo
) -> bool:
    """Whether an outbox row of `kind` (its payload as the planner wrote it) is superseded
    by a later message of its series, as of `now`. `rule` is its period's (None for a task's)."""
    lead = payload.get("lead")
    if not isinstance(lead, int) or "due_date" not in payload:
        return False
    due = date.fromisoformat(payload["due_date"])
    today = now.astimezone(tz).date()
    if kind in PERIOD_SERIES and rule is not None:
        return superseded_in(period_series(rule, due, today), lead, today)
    if kind in TASK_SERIES:
        return superseded_in(task_reminder_days(due), lead, today)
    return False
