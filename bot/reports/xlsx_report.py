"""The period report as a workbook: a summary sheet with the figures, one filterable sheet with
every task's progress per lead agency (late reports with their days late) and one with the
explanation requests.

Written with `bot.reports.workbook`, which writes every string as text, never as a formula, and
gives text typed by people (task content, results, obstacles) that begins with "=", "+", "-" or
"@" Excel's quote prefix.
"""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from bot.periods.cadence import period_label
from bot.reports.figures import Figures, Outcome
from bot.reports.snapshot import Snapshot
from bot.reports.table import ExplanationRow, ProgressRow
from bot.reports.wording import outcome_label, status_label
from bot.reports.workbook import Sheet, Workbook, column_letter

DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0%"
TASK_COLUMNS = (
    ("code", 10),
    ("section", 30),
    ("task", 60),
    ("timeframe", 20),
    ("deadline", 13),
    ("agency", 36),
    ("status", 20),
    ("percent", 10),
    ("result", 60),
    ("obstacles", 40),
    ("proposals", 40),
    ("date", 13),
    ("on-time", 16),
    ("days-late", 12),
    ("outcome", 24),
)
EXPLANATION_COLUMNS = (  # (message id of the header, width)
    ("reports-docx-col-explaining-agency", 40),
    ("reports-docx-col-period", 16),
    ("reports-docx-col-requested", 14),
    ("reports-xlsx-col-answer-due", 14),
    ("reports-docx-col-answered", 14),
    ("reports-docx-col-reason", 60),
    ("reports-docx-col-expected", 16),
)


def _summary(
    book: Workbook, sheet: Sheet, snapshot: Snapshot, figures: Figures, locale: str
) -> None:
    plan, period = snapshot.plan, snapshot.period
    percent = book.style(number_format=PERCENT_FORMAT)
    formats = {None: 0, DATE_FORMAT: book.style(number_format=DATE_FORMAT), PERCENT_FORMAT: percent}
    sheet.append(
        [t(locale, "reports-xlsx-title", number=plan.number)], [book.style(bold=True, size=13)]
    )
    sheet.append([])
    period_text = (
        period_label(period.label, locale)
        if period is not None
        else t(locale, "reports-xlsx-all-periods")
    )
    if snapshot.selection is not None:
        period_text = snapshot.selection.period_line(period_text, period is not None, locale)
    facts: list[tuple[str, Any, str | None]] = [
        (t(locale, "reports-xlsx-period"), period_text, None),
        (t(locale, "reports-xlsx-as-of"), snapshot.as_of, DATE_FORMAT),
        (t(locale, "reports-xlsx-tasks"), figures.task_count, None),
        (t(locale, "reports-xlsx-expected"), figures.expected, None),
        (t(locale, "reports-xlsx-received"), figures.received, None),
        (t(locale, "reports-xlsx-reporting-rate"), figures.reporting_rate, PERCENT_FORMAT),
        (t(locale, "reports-xlsx-on-time"), figures.on_time, None),
        (t(locale, "reports-xlsx-on-time-rate"), figures.on_time_rate, PERCENT_FORMAT),
        (t(locale, "reports-xlsx-late"), figures.late, None),
    ]
    facts += [
        (outcome_label(locale, outcome), figures.outcomes[outcome], None) for outcome in Outcome
    ]
    facts += [
        (status_label(locale, status), count, None) for status, count in figures.by_status.items()
    ]
    never = ", ".join(agency.name for agency in figures.never_reported) or "-"
    facts.append((t(locale, "reports-xlsx-never-reported"), never, None))
    for label, value, number_format in facts:
        sheet.append([label, value], [0, formats[number_format]])
    sheet.append([])

    keys = ("name", "expected", "received", "rate", "on-time", "on-time-rate", "late", "done")
    bold = book.style(bold=True)
    sheet.append([t(locale, f"reports-xlsx-agency-{key}") for key in keys], [bold] * len(keys))
    first = len(facts) + 4
    styles = [0, 0, 0, percent, 0, percent, 0, 0]
    for item in figures.agencies:
        sheet.append(
            [
                item.agency.name,
                item.expected,
                item.received,
                item.reporting_rate,
                item.on_time,
                item.on_time_rate,
                item.late,
                item.done,
            ],
            styles,
        )
    if figures.agencies:
        sheet.auto_filter = f"A{first}:H{first + len(figures.agencies)}"


def _tasks(book: Workbook, sheet: Sheet, rows: list[ProgressRow], locale: str) -> None:
    sheet.auto_filter = f"A1:{column_letter(len(TASK_COLUMNS))}{max(1, len(rows) + 1)}"
    sheet.append(
        [t(locale, f"reports-xlsx-col-{key}") for key, _ in TASK_COLUMNS],
        [book.style(bold=True)] * len(TASK_COLUMNS),
    )
    day = book.style(number_format=DATE_FORMAT)
    percent = book.style(number_format=PERCENT_FORMAT)
    styles = [0, 0, 0, 0, day, 0, 0, percent, 0, 0, 0, day, 0, 0, 0]
    for row in rows:
        sheet.append(
            (
                row.task.code,
                row.task.section_title,
                row.task.content,
                row.task.timeframe_raw,
                row.task.deadline,
                row.agency,
                row.status,
                None if row.percent is None else row.percent / 100,
                row.result,
                row.obstacles,
                row.proposals,
                row.updated_on,
                row.on_time,
                row.days_late,
                row.outcome,
            ),
            styles,
        )


def _explanations(book: Workbook, sheet: Sheet, rows: list[ExplanationRow], locale: str) -> None:
    last = column_letter(len(EXPLANATION_COLUMNS))
    sheet.auto_filter = f"A1:{last}{max(1, len(rows) + 1)}"
    bold = book.style(bold=True)
    sheet.append(
        [t(locale, key) for key, _ in EXPLANATION_COLUMNS], [bold] * len(EXPLANATION_COLUMNS)
    )
    pending = t(locale, "reports-explanation-pending")
    day = book.style(number_format=DATE_FORMAT)
    for row in rows:
        sheet.append(
            (
                row.agency,
                period_label(row.period, locale),
                row.requested_on,
                row.answer_due,
                row.answered_on or pending,
                row.reason,
                row.expected_on,
            ),
            (0, 0, day, day, day if row.answered_on else 0, 0, day),
        )


def render_xlsx(
    snapshot: Snapshot,
    figures: Figures,
    rows: list[ProgressRow],
    explanations: list[ExplanationRow],
    *,
    locale: str,
) -> bytes:
    """The workbook (a row of the task sheet goes straight into its XML, no cell objects)."""
    book = Workbook(t(locale, "reports-xlsx-title", number=snapshot.plan.number))
    summary = book.sheet(t(locale, "reports-xlsx-sheet-summary"), [48, 14, 14, 14, 14, 14, 14, 14])
    _summary(book, summary, snapshot, figures, locale)
    tasks = book.sheet(
        t(locale, "reports-xlsx-sheet-tasks"),
        [width for _, width in TASK_COLUMNS],
        freeze_header=True,
    )
    _tasks(book, tasks, rows, locale)
    explaining = book.sheet(
        t(locale, "reports-xlsx-sheet-explanations"),
        [width for _, width in EXPLANATION_COLUMNS],
        freeze_header=True,
    )
    _explanations(book, explaining, explanations, locale)
    return book.save()
