"""The weekly summary for coordinators: a chat message from `templates/weekly.txt.j2` and a chart.

"This week" is exactly seven days: the six days before `today` and today itself (on Tuesday
01/12/2026, 25/11 to 01/12), and the message says so. Beside the week and the current period, it
shows what is still missing from overdue periods (per period: how late, which agencies, how many)
and the explanation requests about them, answered or not.

The message must fit the platform's size (`max_chars`): when the full text is longer, every list
is cut to fewer items, each ending with "… and N more", until it fits; `full_text` keeps
everything (a file, where the chat takes files).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Plan, ReportingPeriod
from bot.i18n import normalise_locale
from bot.periods.store import open_period
from bot.reports.chart import progress_chart
from bot.reports.owed import OverduePeriod, overdue_periods
from bot.reports.periods import get_plan
from bot.reports.week import Week, load_week
from bot.reports.wording import brief, text_environment

WEEK_DAYS = 7  # the window, today included
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


def week_start(today: date) -> date:
    """The first day of the week that ends with `today` (seven days, today included)."""
    return today - timedelta(days=WEEK_DAYS - 1)


def _context(
    plan: Plan, period: ReportingPeriod | None, week: Week, owed: list[OverduePeriod]
) -> dict[str, Any]:
    received: Counter[str] = Counter()
    obstacles: list[Quote] = []
    proposals: list[Quote] = []
    for task in week.snapshot.tasks:
        for lead in task.leads:
            update = week.updates.get(lead.assignment_id)
            if update is None:
                continue
            received[lead.agency.label] += 1
            if update.obstacles:
                obstacles.append(Quote(lead.agency.label, task.code, brief(update.obstacles)))
            if update.proposals:
                proposals.append(Quote(lead.agency.label, task.code, brief(update.proposals)))
    return {
        "plan": plan,
        "period": period,
        "since": week.since,
        "today": week.as_of,
        "days": WEEK_DAYS,
        "figures": week.totals,
        "received": sorted(received.items(), key=lambda item: (-item[1], item[0])),
        "received_total": sum(received.values()),
        "completed": [
            Quote(task.agencies, task.code, brief(task.content, 90)) for task in week.completed
        ],
        "obstacles": obstacles,
        "proposals": proposals,
        "overdue": [(task, task.agencies, brief(task.content, 90)) for task in week.overdue],
        "silent": [agency.label for agency in week.silent],
        "owed": owed,
        "explanations": [(item.due, view) for item in owed for view in item.explanations],
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
    """The summary of the plan's last seven days, in `locale`, fitting `max_chars`, with the
    current period's reporting status and what overdue periods still miss."""
    locale = normalise_locale(locale)
    plan = await get_plan(session, plan_id)
    period = await open_period(session, plan.id, today)
    week = await load_week(session, plan, period, today=today, since=week_start(today))
    effective = {named: agency.id for named, agency in week.effective_agency.items()}
    owed = await overdue_periods(session, plan.id, week.leads, effective, today)
    context = _context(plan, period, week, owed)
    template = text_environment(locale).get_template("weekly.txt.j2")
    text, full_text, truncated = fit_text(
        lambda limit: template.render(context, limit=limit).strip(), max_chars
    )
    chart = None
    if with_chart:
        agencies = week.figures.agencies
        if agencies:
            title = plan.number + (f" · {period.label}" if period is not None else "")
            chart = await asyncio.to_thread(
                progress_chart, agencies, title=title, locale=locale, as_of=week.as_of
            )
    return WeeklySummary(text=text, full_text=full_text, truncated=truncated, chart_png=chart)
