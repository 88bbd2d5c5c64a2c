"""The weekly summary for coordinators: a chat message from `templates/weekly.txt.j2` and a chart.

"This week" is the last seven days before `today` and today itself. The message must fit the
platform's size (`max_chars`): when the full text is longer, every list is cut to fewer items,
each ending with "… and N more", until it fits; `full_text` keeps everything (a file on Telegram).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import StatusUpdate, UpdateStatus
from bot.i18n import normalise_locale
from bot.reports.chart import progress_chart
from bot.reports.figures import Figures, Outcome, compute_figures, task_done_on
from bot.reports.periods import choose_period, get_plan
from bot.reports.snapshot import Snapshot, TaskView, load_snapshot, local_midnight
from bot.reports.wording import brief, text_environment

WEEK_DAYS = 7
LIST_LIMITS = (None, 20, 10, 5, 3, 1, 0)  # items per list, tried in turn until the text fits


@dataclass(slots=True)
class WeeklySummary:
    text: str  # fits max_chars
    full_text: str
    truncated: bool
    chart_png: bytes | None


@dataclass(frozen=True, slots=True)
class Quote:
    agency: str
    task_code: str
    text: str


async def _done_before(session: AsyncSession, assignment_ids: list[int], since: date) -> set[int]:
    """Which of these assignments had already reported "done" before the week began."""
    if not assignment_ids:
        return set()
    rows = await session.execute(
        select(StatusUpdate.assignment_id)
        .distinct()
        .where(
            StatusUpdate.assignment_id.in_(assignment_ids),
            StatusUpdate.status == UpdateStatus.DONE,
            StatusUpdate.submitted_at < local_midnight(since),
        )
    )
    return set(rows.scalars())


async def _newly_completed(
    session: AsyncSession, snapshot: Snapshot, since: date
) -> list[TaskView]:
    """Tasks done now whose last lead reported "done" this week, unless every lead had already
    reported "done" before (an edit of an old report does not make a task newly completed)."""
    candidates = [
        task
        for task in snapshot.tasks
        if (done_on := task_done_on(task)) is not None and done_on >= since
    ]
    ids = [lead.assignment_id for task in candidates for lead in task.reporting_leads]
    done_before = await _done_before(session, ids, since)
    return [
        task
        for task in candidates
        if not all(lead.assignment_id in done_before for lead in task.reporting_leads)
    ]


def _agencies(task: TaskView) -> str:
    return ", ".join(lead.agency.label for lead in task.reporting_leads)


def _context(
    snapshot: Snapshot, figures: Figures, since: date, completed: list[TaskView]
) -> dict[str, Any]:
    received: Counter[str] = Counter()
    obstacles: list[Quote] = []
    proposals: list[Quote] = []
    for task in snapshot.tasks:
        for lead in task.leads:
            update = lead.latest
            if update is None or update.submitted_on < since:
                continue
            received[lead.agency.label] += 1
            if update.obstacles:
                obstacles.append(Quote(lead.agency.label, task.code, brief(update.obstacles)))
            if update.proposals:
                proposals.append(Quote(lead.agency.label, task.code, brief(update.proposals)))
    outcomes = figures.task_outcomes
    overdue = sorted(
        (task for task in snapshot.tasks if outcomes[task.id] == Outcome.PENDING_OVERDUE),
        key=lambda task: (task.deadline or snapshot.as_of, task.position),
    )
    silent = figures.silent if snapshot.period is not None else figures.never_reported
    return {
        "plan": snapshot.plan,
        "period": snapshot.period,
        "since": since,
        "today": snapshot.as_of,
        "figures": figures,
        "received": sorted(received.items(), key=lambda item: (-item[1], item[0])),
        "received_total": sum(received.values()),
        "completed": [
            Quote(_agencies(task), task.code, brief(task.content, 90)) for task in completed
        ],
        "obstacles": obstacles,
        "proposals": proposals,
        "overdue": [(task, _agencies(task), brief(task.content, 90)) for task in overdue],
        "silent": [agency.label for agency in silent],
    }


def fit_text(render: Callable[[int | None], str], max_chars: int) -> tuple[str, str, bool]:
    """(text that fits, full text, truncated?) from `render(limit)`, cutting lists step by step.

    If even the shortest form is too long, it is cut after its last whole line that fits.
    """
    full = render(None)
    if len(full) <= max_chars:
        return full, full, False
    text = full
    for limit in LIST_LIMITS[1:]:
        text = render(limit)
        if len(text) <= max_chars:
            return text, full, True
    kept = text[: max(0, max_chars - 2)].rsplit("\n", 1)[0]
    return (f"{kept}\n…" if kept else "…")[: max(0, max_chars)], full, True


async def weekly_summary(
    session: AsyncSession,
    plan_id: int,
    *,
    today: date,
    locale: str,
    max_chars: int,
    with_chart: bool = True,
) -> WeeklySummary:
    """The summary of the plan's last week, in `locale`, fitting `max_chars`."""
    locale = normalise_locale(locale)
    plan = await get_plan(session, plan_id)
    period = await choose_period(session, plan, None, today=today)
    snapshot = await load_snapshot(session, plan, period, today=today, with_sections=False)
    figures = compute_figures(snapshot)
    since = today - timedelta(days=WEEK_DAYS)
    completed = await _newly_completed(session, snapshot, since)
    context = _context(snapshot, figures, since, completed)
    template = text_environment(locale).get_template("weekly.txt.j2")
    text, full_text, truncated = fit_text(
        lambda limit: template.render(context, limit=limit).strip(), max_chars
    )
    chart = None
    if with_chart and figures.agencies:
        title = plan.number + (f" · {period.label}" if period is not None else "")
        chart = await asyncio.to_thread(progress_chart, figures, title=title, locale=locale)
    return WeeklySummary(text=text, full_text=full_text, truncated=truncated, chart_png=chart)
