"""The texts of reminders and escalations, rendered at send time in the recipient's language.

The planner stores only what cannot change (plan number, period label, due date, lead time); the
tasks still outstanding and the agencies still missing are read again just before sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from bot.channels.base import Choice, Outgoing
from bot.i18n import t as translate
from schedules.planner import (
    DEADLINE,
    EARLY,
    ESCALATION,
    LATE,
    NUDGE,
    TASK_DUE,
    TASK_EARLY,
    UNREACHABLE,
)

MAX_TASKS_SHOWN = 8  # keeps a reminder far below Telegram's 4,096 and Zalo's 2,000 characters
MAX_CONTENT_CHARS = 90
MAX_AGENCIES_SHOWN = 40


@lru_cache(maxsize=8192)
def _cached(locale: str, message_id: str, args: tuple[tuple[str, Any], ...]) -> str:
    return translate(locale, message_id, **dict(args))


def t(locale: str, message_id: str, **args: Any) -> str:
    """`bot.i18n.t`, remembered: a batch of reminders repeats the same titles, buttons and lines,
    and Fluent with Babel's number formatting costs about a millisecond a message."""
    return _cached(locale, message_id, tuple(sorted(args.items())))


@dataclass(frozen=True, slots=True)
class TaskLine:
    assignment_id: int
    code: str
    content: str


def _short(text: str, limit: int = MAX_CONTENT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day_off(payload: dict[str, Any], locale: str) -> str | None:
    value = payload.get("due_day_off")
    if value is None:
        return None
    return t(locale, "reminder-weekend") if value in ("", "weekend") else str(value)


def _task_lines(tasks: list[TaskLine], locale: str) -> tuple[list[str], list[Choice]]:
    shown = tasks[:MAX_TASKS_SHOWN]
    lines = [
        t(locale, "reminder-task-line", code=task.code, content=_short(task.content))
        for task in shown
    ]
    if len(tasks) > len(shown):
        lines.append(t(locale, "reminder-more-tasks", count=len(tasks) - len(shown)))
    choices = [
        Choice(f"update:{task.assignment_id}", t(locale, "reminder-update-button", code=task.code))
        for task in shown
    ]
    return lines, choices


def render_person_message(
    kind: str, payload: dict[str, Any], tasks: list[TaskLine], locale: str
) -> Outgoing:
    """A reminder, deadline notice, late notice or nudge about the recipient's own tasks."""
    due = date.fromisoformat(payload["due_date"])
    plan, period = payload.get("plan_number", ""), payload.get("period_label", "")
    day_off = _day_off(payload, locale)
    common = {"period": period, "due": due, "count": len(tasks)}
    if kind == EARLY:
        title = t(locale, "reminder-title", plan=plan)
        intro = t(locale, "reminder-early", days=int(payload.get("lead", 0)), **common)
    elif kind == DEADLINE and day_off is not None:
        title = t(locale, "reminder-deadline-title", plan=plan)
        intro = t(locale, "reminder-deadline-early", day_off=day_off, **common)
    elif kind == DEADLINE:
        title = t(locale, "reminder-deadline-title", plan=plan)
        intro = t(locale, "reminder-deadline", **common)
    elif kind == LATE:
        title = t(locale, "reminder-late-title", plan=plan)
        intro = t(locale, "reminder-late", **common)
    else:
        title = t(locale, "reminder-nudge-title", plan=plan)
        intro = t(locale, "reminder-nudge", **common)
    lines, choices = _task_lines(tasks, locale)
    text = [intro, *lines]
    if day_off is not None and kind == EARLY:
        text.append(t(locale, "reminder-day-off", due=due, day_off=day_off))
    if kind == EARLY:
        choices += [
            Choice("snooze:1d", t(locale, "reminder-snooze-button")),
            Choice("mute:early", t(locale, "reminder-mute-button")),
        ]
    return Outgoing(text="\n".join(text), title=title, choices=choices)


def render_task_message(
    kind: str, payload: dict[str, Any], tasks: list[TaskLine], locale: str
) -> Outgoing:
    """Tasks whose own deadline (their timeframe) is coming or is today."""
    due = date.fromisoformat(payload["due_date"])
    day_off = _day_off(payload, locale)
    lead = int(payload.get("lead", 0))
    title = t(locale, "task-deadline-title", plan=payload.get("plan_number", ""))
    if kind == TASK_EARLY:
        intro = t(locale, "task-deadline-early", due=due, days=lead, count=len(tasks))
    else:
        intro = t(locale, "task-deadline-today", due=due, count=len(tasks))
    lines, choices = _task_lines(tasks, locale)
    text = [intro, *lines]
    if day_off is not None:
        text.append(t(locale, "reminder-day-off", due=due, day_off=day_off))
    if kind == TASK_EARLY:
        choices += [
            Choice("snooze:1d", t(locale, "reminder-snooze-button")),
            Choice("mute:early", t(locale, "reminder-mute-button")),
        ]
    return Outgoing(text="\n".join(text), title=title, choices=choices)


def render_escalation(
    payload: dict[str, Any], missing: list[tuple[str, int]], locale: str
) -> Outgoing:
    """The coordinators' digest: each agency still missing with its number of tasks."""
    lines = [
        t(
            locale,
            "escalation-body",
            period=payload.get("period_label", ""),
            due=date.fromisoformat(payload["due_date"]),
            count=len(missing),
        )
    ]
    lines += [
        t(locale, "escalation-line", agency=name, tasks=count)
        for name, count in missing[:MAX_AGENCIES_SHOWN]
    ]
    lines.append(t(locale, "escalation-footer"))
    return Outgoing(
        text="\n".join(lines),
        title=t(locale, "escalation-title", plan=payload.get("plan_number", "")),
    )


def render_unreachable(payload: dict[str, Any], locale: str) -> Outgoing:
    return Outgoing(
        text=t(
            locale,
            "unreachable-body",
            person=payload.get("person_name", ""),
            agency=payload.get("agency_name", ""),
        ),
        title=t(locale, "unreachable-title"),
    )


KIND_LABELS = {
    EARLY: "reminders-kind-reminder",
    DEADLINE: "reminders-kind-deadline",
    ESCALATION: "reminders-kind-escalation",
    LATE: "reminders-kind-late",
    NUDGE: "reminders-kind-nudge",
    UNREACHABLE: "reminders-kind-unreachable",
    TASK_EARLY: "reminders-kind-task_reminder",
    TASK_DUE: "reminders-kind-task_deadline",
}


def kind_label(kind: str, locale: str) -> str:
    return t(locale, KIND_LABELS[kind]) if kind in KIND_LABELS else kind
