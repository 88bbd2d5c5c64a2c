"""When a reminder's moment has passed: a later message of the same series supersedes it.

A period's reminders to a focal point form a series (the early reminders, the deadline-day
notice, then the late notices: `reminder_days`, `escalation_days`), and so do a task's own
deadline reminders (`task_reminder_days`). A row that could not go out on its day (the bot was
down, or the outbox was held up past the next reminder's time) would otherwise arrive beside
that next one, re-worded for today: two "today is the deadline" notices, the older one still
offering to snooze. At send time such a row is dropped once the day of a later message of its
series has come and that message is in the outbox (planned, sent or failed, not cancelled): it
goes out that day (its hour, or at once when it too is late), so the older one could only
double it. When the bot was down over the later message's whole day, the planner (which plans
today and tomorrow only) never wrote it: then the older row still goes, so that a missed
deadline notice is not replaced by nothing until the next late notice days later. A row merely
delayed within its own turn (rate limits, working hours, a snooze) and sent before the next
one's day still goes, worded for the day it is sent.
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
    dedupe_key,
    escalation_days,
    period_kind,
    reminder_days,
    task_key,
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


def later_leads(series: dict[date, int], lead: Any, today: date) -> list[int]:
    """The leads of the messages of `series` after the one with `lead` whose day has come
    (none for a lead not in the series: a back-from-leave message)."""
    own = next((day for day, item in series.items() if item == lead), None)
    if own is None:
        return []
    return [item for day, item in series.items() if own < day <= today]


def _later(
    kind: str, payload: dict[str, Any], rule: ReportingRule | None, now: datetime, tz: ZoneInfo
) -> tuple[date, list[int]]:
    """The row's deadline and the leads of the later messages of its series whose day has come
    (none for a row outside a series)."""
    lead = payload.get("lead")
    if not isinstance(lead, int) or "due_date" not in payload:
        return date.min, []
    due = date.fromisoformat(payload["due_date"])
    today = now.astimezone(tz).date()
    if kind in PERIOD_SERIES and rule is not None:
        return due, later_leads(period_series(rule, due, today), lead, today)
    if kind in TASK_SERIES:
        return due, later_leads(task_reminder_days(due), lead, today)
    return due, []


def successor_keys(
    kind: str,
    payload: dict[str, Any],
    rule: ReportingRule | None,
    now: datetime,
    tz: ZoneInfo,
    *,
    plan_id: int,
    period_id: int | None,
    person_id: int,
) -> list[str]:
    """The dedupe keys (as the planner writes them) of the later messages of an outbox row's
    series whose day has come, as of `now`. `payload` is the row's as the planner wrote it;
    `rule` its period's (None for a task's)."""
    due, leads = _later(kind, payload, rule, now, tz)
    if kind in TASK_SERIES:
        return [task_key(plan_id, person_id, due, lead) for lead in leads]
    return [dedupe_key(plan_id, period_id, person_id, period_kind(lead), lead) for lead in leads]
