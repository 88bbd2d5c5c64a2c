"""The period report: DOCX, XLSX, chart and a short text, for one plan and one reporting period.

A report is judged as of a day it states ("Số liệu tính đến ngày …"): today, or an explicit
cut-off (`as_of`, `dondoc report --as-of`). A past period is judged as of that day like any other,
so its unfinished tasks past their deadline are overdue, and reports sent after the cut-off do
not count. The appendix lists the period's explanation requests as they stood that day.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import format_date, normalise_locale, t
from bot.reports.chart import progress_chart
from bot.reports.figures import Figures, compute_figures
from bot.reports.periods import ReportError, choose_period, get_plan
from bot.reports.selection import Selection
from bot.reports.snapshot import Snapshot, load_snapshot
from bot.reports.table import ExplanationRow, explanation_rows, progress_rows
from bot.reports.wording import text_environment
from bot.services.explanations import plan_explanations
from bot.text import fold

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class PeriodReport:
    file_stem: str  # "bao-cao-457-kh-ubnd-nam-2025"; add .docx / .xlsx / .png
    docx: bytes
    xlsx: bytes
    chart_png: bytes
    summary_text: str
    figures: Figures


def slug(text: str) -> str:
    return _NOT_SLUG.sub("-", fold(text)).strip("-")


def file_stem(snapshot: Snapshot, locale: str) -> str:
    parts = [t(locale, "reports-file-prefix"), snapshot.plan.number]
    if snapshot.period is not None:
        parts.append(snapshot.period.label)
    if snapshot.selection is not None:
        parts += snapshot.selection.slug_words()
    return slug(" ".join(parts))


def _render(
    snapshot: Snapshot,
    figures: Figures,
    explanations: list[ExplanationRow],
    today: date,
    locale: str,
) -> tuple[bytes, ...]:
    """The three files; CPU work, run in a thread so the bot keeps answering meanwhile."""
    # python-docx and docxtpl (~25 MB with lxml's objects) load with the first report, not at start
    from bot.reports.docx_report import render_docx, report_context
    from bot.reports.xlsx_report import render_xlsx

    rows = progress_rows(snapshot, figures, locale)
    context = report_context(snapshot, figures, rows, explanations, today=today, locale=locale)
    docx = render_docx(context)
    xlsx = render_xlsx(snapshot, figures, rows, explanations, locale=locale)
    title = snapshot.plan.number
    if snapshot.period is not None:
        title += f" · {snapshot.period.label}"
    if snapshot.selection is not None and (heading := snapshot.selection.heading(locale)):
        title += f" · {heading}"
    chart = progress_chart(figures.agencies, title=title, locale=locale, as_of=snapshot.as_of)
    return docx, xlsx, chart


async def period_report(
    session: AsyncSession,
    plan_id: int,
    period_label: str | None,
    *,
    today: date,
    locale: str,
    as_of: date | None = None,
    selection: Selection | None = None,
) -> PeriodReport:
    """The report on `period_label` (None: the most recent period whose deadline has passed, else
    the current one; a plan without reporting periods gets a report on every update to date),
    judged as of `as_of` (default: today), dated `today`. Raises `ReportError` for an unknown plan
    or period or a cut-off still ahead; a period with nothing received gives a report that says
    so. A `selection` narrows it to the updates submitted in a date range (with no period named:
    whatever period they were for, judged as of the range's last day) and/or one agency's tasks."""
    locale = normalise_locale(locale)
    judged_on = as_of or today
    if judged_on > today:
        raise ReportError(
            "reports-error-as-of-future", date=format_date(judged_on), today=format_date(today)
        )
    if selection is not None and selection.days is not None:
        first, last = selection.days
        if first > today:
            raise ReportError(
                "reports-error-range-future", date=format_date(first), today=format_date(today)
            )
        judged_on = min(judged_on, last)
    plan = await get_plan(session, plan_id)
    period = (
        None
        if period_label is None and selection is not None and selection.days is not None
        else await choose_period(session, plan, period_label, today=judged_on)
    )
    snapshot = await load_snapshot(session, plan, period, today=judged_on, selection=selection)
    figures = compute_figures(snapshot)
    requests = await plan_explanations(
        session, plan.id, [period.id] if period is not None else None
    )
    if selection is not None:
        requests = [request for request in requests if selection.keeps(request)]
    explanations = explanation_rows(requests, judged_on)
    docx, xlsx, chart = await asyncio.to_thread(
        _render, snapshot, figures, explanations, today, locale
    )
    summary = (
        text_environment(locale)
        .get_template("period_summary.txt.j2")
        .render(
            plan=plan,
            period=period,
            as_of=snapshot.as_of,
            figures=figures,
            selection=selection.heading(locale) if selection is not None else "",
        )
        .strip()
    )
    return PeriodReport(
        file_stem=file_stem(snapshot, locale),
        docx=docx,
        xlsx=xlsx,
        chart_png=chart,
        summary_text=summary,
        figures=figures,
    )
