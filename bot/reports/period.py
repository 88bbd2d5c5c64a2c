"""The period report: DOCX, XLSX, chart and a short text, for one plan and one reporting period."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import normalise_locale, t
from bot.reports.chart import progress_chart
from bot.reports.docx_report import render_docx, report_context
from bot.reports.figures import Figures, compute_figures
from bot.reports.periods import choose_period, get_plan
from bot.reports.snapshot import Snapshot, load_snapshot
from bot.reports.table import progress_rows
from bot.reports.wording import text_environment
from bot.reports.xlsx_report import render_xlsx
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
    return slug(" ".join(parts))


def _render(snapshot: Snapshot, figures: Figures, today: date, locale: str) -> tuple[bytes, ...]:
    """The three files; CPU work, run in a thread so the bot keeps answering meanwhile."""
    rows = progress_rows(snapshot, figures, locale)
    docx = render_docx(report_context(snapshot, figures, rows, today=today, locale=locale))
    xlsx = render_xlsx(snapshot, figures, rows, locale=locale)
    title = snapshot.plan.number
    if snapshot.period is not None:
        title += f" · {snapshot.period.label}"
    chart = progress_chart(figures.agencies, title=title, locale=locale)
    return docx, xlsx, chart


async def period_report(
    session: AsyncSession,
    plan_id: int,
    period_label: str | None,
    *,
    today: date,
    locale: str,
) -> PeriodReport:
    """The report on `period_label` (None: the period people report for now; a plan without
    reporting periods gets a report on every update to date). Raises `ReportError` for an unknown
    plan or period; a period with nothing received gives a report that says so."""
    locale = normalise_locale(locale)
    plan = await get_plan(session, plan_id)
    period = await choose_period(session, plan, period_label, today=today)
    snapshot = await load_snapshot(session, plan, period, today=today)
    figures = compute_figures(snapshot)
    docx, xlsx, chart = await asyncio.to_thread(_render, snapshot, figures, today, locale)
    summary = (
        text_environment(locale)
        .get_template("period_summary.txt.j2")
        .render(plan=plan, period=period, as_of=snapshot.as_of, figures=figures)
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
