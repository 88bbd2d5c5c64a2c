"""The period report as a workbook: a summary sheet with the figures and one filterable sheet with
every task's progress per lead agency.

Text typed by people (task content, results, obstacles) can begin with "=", "+", "-" or "@"; Excel
would read such a cell as a formula (formula injection), so every string cell is written as text.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.i18n import t
from bot.reports.figures import Figures, Outcome
from bot.reports.snapshot import Snapshot
from bot.reports.table import ProgressRow
from bot.reports.wording import outcome_label, status_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0%"
TASK_COLUMNS = (
    ("code", 10),
    ("section", 30),
    ("task", 60),
    ("deadline", 13),
    ("agency", 36),
    ("status", 20),
    ("percent", 10),
    ("result", 60),
    ("obstacles", 40),
    ("proposals", 40),
    ("date", 13),
    ("on-time", 16),
    ("outcome", 24),
)
BOLD = Font(bold=True)


def put(
    sheet: Worksheet, row: int, column: int, value: Any, number_format: str | None = None
) -> Cell:
    """Write one cell; strings are always text, never formulas."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        if value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # openpyxl made it a formula; it is text
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    else:
        cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _header(sheet: Worksheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        put(sheet, row, column, label).font = BOLD


def _summary(sheet: Worksheet, snapshot: Snapshot, figures: Figures, locale: str) -> None:
    plan, period = snapshot.plan, snapshot.period
    put(sheet, 1, 1, t(locale, "reports-xlsx-title", number=plan.number)).font = Font(
        bold=True, size=13
    )
    period_text = period.label if period is not None else t(locale, "reports-xlsx-all-periods")
    facts: list[tuple[str, Any, str | None]] = [
        ("period", period_text, None),
        ("as-of", snapshot.as_of, DATE_FORMAT),
        ("tasks", figures.task_count, None),
        ("expected", figures.expected, None),
        ("received", figures.received, None),
        ("reporting-rate", figures.reporting_rate, PERCENT_FORMAT),
        ("on-time", figures.on_time, None),
        ("on-time-rate", figures.on_time_rate, PERCENT_FORMAT),
    ]
    facts += [
        (f"outcome-{outcome.value.replace('_', '-')}", figures.outcomes[outcome], None)
        for outcome in Outcome
    ]
    row = 3
    for key, value, number_format in facts:
        label = (
            outcome_label(locale, Outcome(key.removeprefix("outcome-").replace("-", "_")))
            if key.startswith("outcome-")
            else t(locale, f"reports-xlsx-{key}")
        )
        put(sheet, row, 1, label)
        put(sheet, row, 2, value, number_format)
        row += 1
    for status, count in figures.by_status.items():
        put(sheet, row, 1, status_label(locale, status))
        put(sheet, row, 2, count)
        row += 1
    never = ", ".join(agency.name for agency in figures.never_reported) or "-"
    put(sheet, row, 1, t(locale, "reports-xlsx-never-reported"))
    put(sheet, row, 2, never)

    row += 2
    agency_header = row
    _header(
        sheet,
        row,
        [
            t(locale, f"reports-xlsx-agency-{key}")
            for key in ("name", "expected", "received", "rate", "on-time", "on-time-rate", "done")
        ],
    )
    for item in figures.agencies:
        row += 1
        put(sheet, row, 1, item.agency.name)
        put(sheet, row, 2, item.expected)
        put(sheet, row, 3, item.received)
        put(sheet, row, 4, item.reporting_rate, PERCENT_FORMAT)
        put(sheet, row, 5, item.on_time)
        put(sheet, row, 6, item.on_time_rate, PERCENT_FORMAT)
        put(sheet, row, 7, item.done)
    if figures.agencies:
        sheet.auto_filter.ref = f"A{agency_header}:G{row}"
    sheet.column_dimensions["A"].width = 48
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 14


def _tasks(sheet: Worksheet, rows: list[ProgressRow], locale: str) -> None:
    _header(sheet, 1, [t(locale, f"reports-xlsx-col-{key}") for key, _ in TASK_COLUMNS])
    for index, (_, width) in enumerate(TASK_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, row in enumerate(rows, start=2):
        values: list[tuple[Any, str | None]] = [
            (row.task.code, None),
            (row.task.section_title, None),
            (row.task.content, None),
            (row.task.deadline, DATE_FORMAT),
            (row.agency, None),
            (row.status, None),
            (None if row.percent is None else row.percent / 100, PERCENT_FORMAT),
            (row.result, None),
            (row.obstacles, None),
            (row.proposals, None),
            (row.updated_on, DATE_FORMAT),
            (row.on_time, None),
            (row.outcome, None),
        ]
        for column, (value, number_format) in enumerate(values, start=1):
            put(sheet, number, column, value, number_format)
    last = max(1, len(rows) + 1)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(TASK_COLUMNS))}{last}"
    sheet.freeze_panes = "A2"


def render_xlsx(
    snapshot: Snapshot, figures: Figures, rows: list[ProgressRow], *, locale: str
) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = t(locale, "reports-xlsx-sheet-summary")
    _summary(summary, snapshot, figures, locale)
    _tasks(workbook.create_sheet(t(locale, "reports-xlsx-sheet-tasks")), rows, locale)
    workbook.properties.title = t(locale, "reports-xlsx-title", number=snapshot.plan.number)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
