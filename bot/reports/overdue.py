"""/overdue: the plan's tasks past their own deadline and not done, by lead agency."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import normalise_locale
from bot.reports.figures import Outcome, compute_figures
from bot.reports.periods import choose_period, get_plan
from bot.reports.snapshot import TaskView, load_snapshot
from bot.reports.weekly import fit_text
from bot.reports.wording import text_environment


async def overdue_summary(
    session: AsyncSession, plan_id: int, *, today: date, locale: str, max_chars: int = 4000
) -> str:
    """Overdue tasks grouped by lead agency, shortened with "… and N more" to fit `max_chars`."""
    locale = normalise_locale(locale)
    plan = await get_plan(session, plan_id)
    period = await choose_period(session, plan, None, today=today)
    snapshot = await load_snapshot(session, plan, period, today=today, with_sections=False)
    figures = compute_figures(snapshot)
    by_agency: dict[str, list[TaskView]] = {}
    overdue = [
        task for task in snapshot.tasks if figures.task_outcomes[task.id] == Outcome.PENDING_OVERDUE
    ]
    for task in sorted(overdue, key=lambda task: (task.deadline or today, task.position)):
        for lead in task.reporting_leads:
            by_agency.setdefault(lead.agency.name, []).append(task)
    agencies = sorted(by_agency.items(), key=lambda item: (-len(item[1]), item[0]))
    template = text_environment(locale).get_template("overdue.txt.j2")
    text, _, _ = fit_text(
        lambda limit: template.render(
            plan=plan, today=today, agencies=agencies, count=len(overdue), limit=limit
        ).strip(),
        max_chars,
    )
    return text
