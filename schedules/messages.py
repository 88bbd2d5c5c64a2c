"""The texts of reminders and escalations, rendered at send time in the recipient's language.

The planner stores only what cannot change (plan number, period label, due date, lead time); the
tasks still outstanding and the agencies still missing are read again just before sending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from bot.channels.base import Choice, Outgoing
from bot.channels.capabilities import CAPABILITIES, Capabilities
from bot.i18n import t as translate
from bot.periods.cadence import period_label
from bot.periods.calendar import VN_TZ, day_off_name, days_late, deadline_runs_to, next_working_day
from bot.periods.wording import due_text, weekday
from bot.services.actions import update_action
from bot.services.away import Absence, Leave
from bot.text import shorten
from schedules.planner import (
    AWAY,
    DEADLINE,
    EARLY,
    ESCALATION,
    LATE,
    NUDGE,
    TASK_DUE,
    TASK_EARLY,
    UNREACHABLE,
)

MAX_TASKS_SHOWN = 60  # buttons too: a chat platform takes at most 100 a message
RESERVED_CHARS = 300  # the snooze and mute lines, the "/tasks" line, a channel's own hint
MAX_CONTENT_CHARS = 90
MAX_AGENCIES_SHOWN = 40


@lru_cache(maxsize=8192)
def _cached(locale: str, message_id: str, args: tuple[tuple[str, Any], ...]) -> str:
    return translate(locale, message_id, **dict(args))


def t(locale: str, message_id: str, **args: Any) -> str:
    """`bot.i18n.t`, remembered: a batch of reminders repeats the same titles, buttons and lines,
    and Fluent with Babel's number formatting costs about a millisecond a message."""
    return _cached(locale, message_id, tuple(sorted(args.items())))


def local_today() -> date:
    return datetime.now(VN_TZ).date()


@dataclass(frozen=True, slots=True)
class Room:
    """What a reminder may take on its channel (`Capabilities`): characters in one message,
    and whether choices are buttons or numbered lines of text."""

    chars: int
    buttons: bool

    @classmethod
    def of(cls, can: Capabilities) -> Room:
        return cls(can.summary_chars, can.buttons)


SMALLEST_ROOM = Room(min(can.summary_chars for can in CAPABILITIES.values()), buttons=False)


@dataclass(frozen=True, slots=True)
class TaskLine:
    assignment_id: int  # the assignment the report is filed on (the obligation's first)
    code: str
    content: str


def _day_off(due: date, locale: str) -> str | None:
    """The holiday's name, "cuối tuần" for a weekend, None for a working day."""
    value = day_off_name(due, locale)
    if value is None:
        return None
    return value or t(locale, "reminder-weekend")


def _task_lines(
    tasks: list[TaskLine],
    locale: str,
    period_id: int | None,
    room: Room,
    used: int,
) -> tuple[list[str], list[Choice]]:
    """As many task lines (each with its button) as fit in what `room` leaves after `used`
    characters; when some do not, a last line sends to /tasks for all of them. Where choices
    are numbered lines (no buttons), each button takes its line of text too."""
    lines: list[str] = []
    choices: list[Choice] = []
    budget = room.chars - used - RESERVED_CHARS
    for task in tasks[:MAX_TASKS_SHOWN]:
        line = t(
            locale,
            "reminder-task-line",
            code=task.code,
            content=shorten(task.content, MAX_CONTENT_CHARS),
        )
        choice = Choice(
            update_action(task.assignment_id, period_id),
            t(locale, "reminder-update-button", code=task.code),
        )
        cost = len(line) + 1 + (0 if room.buttons else len(choice.label) + 6)
        if cost > budget:
            break
        budget -= cost
        lines.append(line)
        choices.append(choice)
    if len(lines) < len(tasks):
        lines.append(t(locale, "reminder-see-all", count=len(tasks)))
    return lines, choices


def _size(title: str, lines: list[str]) -> int:
    return len(title) + sum(len(line) + 1 for line in lines)


def covering_lines(covering: Sequence[Absence], locale: str) -> list[str]:
    """ "Anh/chị nhận nhắc việc thay anh/chị X đang nghỉ đến 12/01/2027." for each colleague."""
    return [
        t(locale, "reminder-covering", name=item.name or "-", until=item.until) for item in covering
    ]


def due_line(due: date, today: date, locale: str) -> str:
    """Where `today` stands against the deadline `due`, truthfully: the weekday and date, the
    holiday it falls in, the days left counted from today, whether today is the last working day
    before it; "today" only on the day itself; after it, the days late (a deadline on a day off
    runs to the next working day, which is named too: `due_text`)."""
    if today < due:
        day_off = day_off_name(due, locale)
        last = next_working_day(today + timedelta(days=1)) >= due  # no working day left
        return t(
            locale,
            "reminder-due",
            weekday=weekday(due, locale),
            due=due,
            off=_yes(bool(day_off)),
            day_off=day_off or "",
            days=(due - today).days,
            one=_yes(due - today == timedelta(days=1)),
            last=_yes(last),
        )
    if today == due:
        return t(locale, "reminder-due-today", weekday=weekday(due, locale), due=due)
    late = days_late(due, today)
    if late == 0:
        runs_to = deadline_runs_to(due)
        return t(
            locale,
            "reminder-due-runs-to",
            weekday=weekday(due, locale),
            due=due,
            runs_weekday=weekday(runs_to, locale),
            runs_to=runs_to,
        )
    return t(
        locale,
        "reminder-overdue",
        weekday=weekday(due, locale),
        due=due_text(due, locale),
        days=late,
        one=_yes(late == 1),
    )


def _yes(flag: bool) -> str:
    """A flag for a Fluent selector (`[yes]` / `*[no]`)."""
    return "yes" if flag else "no"


def _early_choices(locale: str) -> list[Choice]:
    """What an early reminder offers besides its tasks: snooze a day, or no early reminders."""
    return [
        Choice("snooze:1d", t(locale, "reminder-snooze-button")),
        Choice("mute:early", t(locale, "reminder-mute-button")),
    ]


def render_person_message(
    kind: str,
    payload: dict[str, Any],
    tasks: list[TaskLine],
    locale: str,
    *,
    today: date | None = None,
    period_id: int | None = None,
    room: Room = SMALLEST_ROOM,
    covering: Sequence[Absence] = (),
) -> Outgoing:
    """A reminder, deadline notice, late notice or nudge about the recipient's own tasks in one
    period (`period_id`, which every button carries). Its wording follows the send date (`today`,
    by default today in Hà Nội), not the kind: a notice that went out a day late says so. It
    lists the tasks that fit in `room` and names the colleagues on leave it stands in for."""
    today = today or local_today()
    due = date.fromisoformat(payload["due_date"])
    plan = payload.get("plan_number", "")
    period = period_label(payload.get("period_label", ""), locale)
    common = {"period": period, "count": len(tasks)}
    overdue = days_late(due, today) > 0
    if kind == NUDGE:
        title = t(locale, "reminder-nudge-title", plan=plan)
    elif today == due:
        title = t(locale, "reminder-deadline-title", plan=plan)
    elif overdue:
        title = t(locale, "reminder-late-title", plan=plan)
    else:
        title = t(locale, "reminder-title", plan=plan)
    text = [t(locale, "reminder-nudge-intro", period=period)] if kind == NUDGE else []
    text.append(due_line(due, today, locale))
    text += covering_lines(covering, locale)
    text.append(t(locale, "reminder-late-count" if overdue else "reminder-count", **common))
    lines, choices = _task_lines(tasks, locale, period_id, room, _size(title, text))
    text += lines
    if kind == EARLY:
        choices += _early_choices(locale)
    return Outgoing(text="\n".join(text), title=title, choices=choices, locale=locale)


def render_task_message(
    kind: str,
    payload: dict[str, Any],
    tasks: list[TaskLine],
    locale: str,
    *,
    today: date | None = None,
    room: Room = SMALLEST_ROOM,
    covering: Sequence[Absence] = (),
) -> Outgoing:
    """Tasks whose own deadline (their timeframe) is coming or is today."""
    today = today or local_today()
    due = date.fromisoformat(payload["due_date"])
    day_off = _day_off(due, locale)
    title = t(locale, "task-deadline-title", plan=payload.get("plan_number", ""))
    if kind == TASK_EARLY and today < due:
        days = (due - today).days
        intro = t(locale, "task-deadline-early", due=due, days=days, count=len(tasks))
    else:
        intro = t(locale, "task-deadline-today", due=due, count=len(tasks))
    head = [intro, *covering_lines(covering, locale)]
    lines, choices = _task_lines(tasks, locale, None, room, _size(title, head))
    text = [*head, *lines]
    if day_off is not None:
        text.append(t(locale, "reminder-day-off", due=due, day_off=day_off))
    if kind == TASK_EARLY:
        choices += _early_choices(locale)
    return Outgoing(text="\n".join(text), title=title, choices=choices, locale=locale)


@dataclass(frozen=True, slots=True)
class Unanswered:
    """An explanation request past its answer date, as the coordinators' digest lists it."""

    agency: str
    requested_on: date
    answer_due: date


def render_escalation(
    payload: dict[str, Any],
    missing: list[tuple[str, int]],
    locale: str,
    *,
    unanswered: list[Unanswered] | None = None,
    today: date | None = None,
) -> Outgoing:
    """The coordinators' digest: each agency still missing with its number of tasks, then the
    explanation requests not answered by their answer date."""
    today = today or local_today()
    due = date.fromisoformat(payload["due_date"])
    period = period_label(payload.get("period_label", ""), locale)
    late = days_late(due, today)
    if missing:
        lines = [
            t(
                locale,
                "escalation-body",
                period=period,
                due=due_text(due, locale, inline=True),
                late=late,
                count=len(missing),
            )
        ]
        lines += [
            t(locale, "escalation-line", agency=name, tasks=count)
            for name, count in missing[:MAX_AGENCIES_SHOWN]
        ]
    else:
        lines = [t(locale, "escalation-all-reported", period=period, due=due)]
    if unanswered:
        lines.append(t(locale, "escalation-explanations", count=len(unanswered)))
        lines += [
            t(
                locale,
                "escalation-explanation-line",
                agency=item.agency,
                requested=item.requested_on,
                answer_due=item.answer_due,
            )
            for item in unanswered[:MAX_AGENCIES_SHOWN]
        ]
    if missing:
        lines.append(t(locale, "escalation-footer"))
    return Outgoing(
        text="\n".join(lines),
        title=t(locale, "escalation-title", plan=payload.get("plan_number", "")),
        locale=locale,
    )


def render_away_notice(name: str, agency: str, leave: Leave, locale: str) -> Outgoing:
    """To the plan's coordinators, once per leave: a focal point is away and nobody else of
    their agency is reminded meanwhile."""
    return Outgoing(
        text=t(
            locale,
            "away-notice-body",
            name=name or "-",
            agency=agency,
            first=leave.first,
            last=leave.last,
        ),
        title=t(locale, "away-notice-title"),
        locale=locale,
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
        locale=locale,
    )


KIND_LABELS = {
    EARLY: "reminders-kind-reminder",
    DEADLINE: "reminders-kind-deadline",
    ESCALATION: "reminders-kind-escalation",
    LATE: "reminders-kind-late",
    NUDGE: "reminders-kind-nudge",
    UNREACHABLE: "reminders-kind-unreachable",
    AWAY: "reminders-kind-away",
    TASK_EARLY: "reminders-kind-task_reminder",
    TASK_DUE: "reminders-kind-task_deadline",
}


def kind_label(kind: str, locale: str) -> str:
    return t(locale, KIND_LABELS[kind]) if kind in KIND_LABELS else kind
