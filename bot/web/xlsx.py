"""The year's ranking as a spreadsheet. Names are written as text cells holding
`bot.sheets.xlsx_text`'s text (never read as a formula: an agency or plan named "=…" stays
words, with Excel's quote prefix), rates as numbers formatted as percentages."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from bot.db.models import Plan
from bot.i18n import t
from bot.sheets import xlsx_text
from bot.web.board import RankRow

# openpyxl (and the numpy it loads) is imported when a ranking is first downloaded, not when the
# dashboard starts.
if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell


def _text(cell: Cell, value: str) -> None:
    cell.value, quoted = xlsx_text(value)
    cell.data_type = "s"
    cell.number_format = "@"
    if quoted:
        cell.quotePrefix = True


def ranking_xlsx(plan: Plan, year: int, rows: list[RankRow], locale: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(year)
    _text(sheet.cell(1, 1), t(locale, "web-ranking-title", plan=plan.number, year=str(year)))
    sheet.cell(1, 1).font = Font(bold=True)
    headers = [
        t(locale, "web-col-rank"),
        t(locale, "web-col-agency"),
        t(locale, "web-col-expected"),
        t(locale, "web-col-reported"),
        t(locale, "web-col-on-time"),
        t(locale, "web-col-on-time-rate"),
        t(locale, "web-col-reporting-rate"),
    ]
    for column, header in enumerate(headers, start=1):
        _text(sheet.cell(3, column), header)
        sheet.cell(3, column).font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        line = 3 + number
        sheet.cell(line, 1, number)
        _text(sheet.cell(line, 2), row.name)
        sheet.cell(line, 3, row.expected)
        sheet.cell(line, 4, row.received)
        sheet.cell(line, 5, row.on_time)
        for column, value in ((6, row.on_time_rate), (7, row.reporting_rate)):
            sheet.cell(line, column, value).number_format = "0.0%"
    sheet.column_dimensions["B"].width = 48
    out = BytesIO()
    book.save(out)
    return out.getvalue()
