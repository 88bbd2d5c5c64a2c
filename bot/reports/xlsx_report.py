"""The period report as a workbook: a summary sheet with the figures, one filterable sheet with
every task's progress per lead agency (late reports with their days late) and one with the
explanation requests.

Written with XlsxWriter (imported with this module, which `bot.reports.period` loads with the
first report). Every string goes through `write_string`, so it is text, never a formula or a
link; what it holds is `bot.sheets.xlsx_text`'s (NFC, no control characters XML does not
allow, line breaks as an XML reader reads them, Excel's length limit), and text a spreadsheet
program could take for a formula also gets Excel's quote prefix. The file is built in memory
(no temporary files); column widths are Excel's, in characters (the file stores them with
Excel's padding of 5 pixels).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format

from bot.i18n import t
from bot.periods.cadence import period_label
from bot.reports.figures import Figures, Outcome
from bot.reports.snapshot import Snapshot
from bot.reports.table import ExplanationRow, ProgressRow
from bot.reports.wording import outcome_label, status_label
from bot.sheets import xlsx_text

DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0%"
EXCEL_DAY_ZERO = date(1899, 12, 30)  # day 0 of the 1900 date system, past its 29/02/1900
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


class _Book:
    """The workbook, its cell formats (each made once, then reused; None is the plain cell)
    and its sheets."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self._formats: dict[tuple[str | None, bool, float | None], Format | None] = {
            (None, False, None): None
        }
        self._keys: dict[Format | None, tuple[str | None, bool, float | None]] = {
            None: (None, False, None)
        }
        self._quoted: dict[Format | None, Format] = {}

    def sheet(self, name: str, widths: Sequence[float], *, freeze_header: bool = False) -> _Sheet:
        return _Sheet(self, name, widths, freeze_header)

    def format(
        self, *, number_format: str | None = None, bold: bool = False, size: float | None = None
    ) -> Format | None:
        key = (number_format, bold, size)
        if key not in self._formats:
            made = self.workbook.add_format(_properties(*key))
            self._formats[key] = made
            self._keys[made] = key
        return self._formats[key]

    def quoted(self, cell_format: Format | None) -> Format:
        """`cell_format` with Excel's quote prefix: the text stays text when the cell is edited."""
        if cell_format not in self._quoted:
            properties = _properties(*self._keys[cell_format])
            self._quoted[cell_format] = self.workbook.add_format(
                {**properties, "quote_prefix": True}
            )
        return self._quoted[cell_format]


def _properties(number_format: str | None, bold: bool, size: float | None) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    if number_format is not None:
        properties["num_format"] = number_format
    if bold:
        properties["bold"] = True
    if size is not None:
        properties["font_size"] = size
    return properties


class _Sheet:
    """One worksheet, written from its first row down (`append`)."""

    def __init__(
        self, book: _Book, name: str, widths: Sequence[float], freeze_header: bool
    ) -> None:
        self.rows = 0  # written so far: the next row's index
        self._book = book
        self._sheet = book.workbook.add_worksheet(name)
        for column, width in enumerate(widths):
            self._sheet.set_column(column, column, width)
        if freeze_header:
            self._sheet.freeze_panes(1, 0)

    def append(self, values: Sequence[object], formats: Sequence[Format | None]) -> None:
        """One row: str, int, float, date or None (an empty cell, written only when it has a
        format); `formats[i]` is the format (`_Book.format`) of `values[i]`, None the plain."""
        row, sheet = self.rows, self._sheet
        self.rows += 1
        for column, (value, cell_format) in enumerate(zip(values, formats, strict=True)):
            if isinstance(value, str):
                value, quoted = xlsx_text(value)
                if value:
                    if quoted:
                        cell_format = self._book.quoted(cell_format)
                    sheet.write_string(row, column, value, cell_format)
                    continue
                value = None
            if value is None:
                if cell_format is not None:
                    sheet.write_blank(row, column, None, cell_format)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(row, column, value, cell_format)
            elif isinstance(value, date) and not isinstance(value, datetime):
                # Excel's day number, as write_datetime would give it for a date of this century
                # (its general conversion was a quarter of the workbook's CPU time)
                sheet.write_number(row, column, (value - EXCEL_DAY_ZERO).days, cell_format)
            else:
                raise TypeError(f"no XLSX cell for {type(value).__name__}")

    def filter(self, header: int, columns: int) -> None:
        """An auto-filter on the first `columns` columns, from the header row (its index) to
        the last row written."""
        self._sheet.autofilter(header, 0, max(header, self.rows - 1), columns - 1)


def _summary(book: _Book, sheet: _Sheet, snapshot: Snapshot, figures: Figures, locale: str) -> None:
    plan, period = snapshot.plan, snapshot.period
    percent = book.format(number_format=PERCENT_FORMAT)
    by_number_format = {
        None: None,
        DATE_FORMAT: book.format(number_format=DATE_FORMAT),
        PERCENT_FORMAT: percent,
    }
    sheet.append(
        [t(locale, "reports-xlsx-title", number=plan.number)], [book.format(bold=True, size=13)]
    )
    sheet.append([], [])
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
        sheet.append([label, value], [None, by_number_format[number_format]])
    sheet.append([], [])

    keys = ("name", "expected", "received", "rate", "on-time", "on-time-rate", "late", "done")
    header = sheet.rows
    bold = book.format(bold=True)
    sheet.append([t(locale, f"reports-xlsx-agency-{key}") for key in keys], [bold] * len(keys))
    row_formats = [None, None, None, percent, None, percent, None, None]
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
            row_formats,
        )
    if figures.agencies:
        sheet.filter(header, len(keys))


def _tasks(book: _Book, sheet: _Sheet, rows: list[ProgressRow], locale: str) -> None:
    sheet.append(
        [t(locale, f"reports-xlsx-col-{key}") for key, _ in TASK_COLUMNS],
        [book.format(bold=True)] * len(TASK_COLUMNS),
    )
    day = book.format(number_format=DATE_FORMAT)
    percent = book.format(number_format=PERCENT_FORMAT)
    row_formats = [None, None, None, None, day, None, None, percent]
    row_formats += [None, None, None, day, None, None, None]
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
            row_formats,
        )
    sheet.filter(0, len(TASK_COLUMNS))


def _explanations(book: _Book, sheet: _Sheet, rows: list[ExplanationRow], locale: str) -> None:
    bold = book.format(bold=True)
    sheet.append(
        [t(locale, key) for key, _ in EXPLANATION_COLUMNS], [bold] * len(EXPLANATION_COLUMNS)
    )
    pending = t(locale, "reports-explanation-pending")
    day = book.format(number_format=DATE_FORMAT)
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
            (None, None, day, day, day if row.answered_on else None, None, day),
        )
    sheet.filter(0, len(EXPLANATION_COLUMNS))


def render_xlsx(
    snapshot: Snapshot,
    figures: Figures,
    rows: list[ProgressRow],
    explanations: list[ExplanationRow],
    *,
    locale: str,
) -> bytes:
    """The workbook's file, built in memory."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    title = t(locale, "reports-xlsx-title", number=snapshot.plan.number)
    workbook.set_properties({"title": title, "author": "dondoc"})
    book = _Book(workbook)
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
    workbook.close()
    return output.getvalue()
