"""The rules by which dondoc writes cells people open in a spreadsheet program (XLSX and CSV);
`xlsx_cell` applies them to openpyxl's cells, `bot.reports.xlsx_report` to the period report's
(written with XlsxWriter).

Text typed by people or read from other agencies' files (task content, results, agency names)
can begin with "=", "+", "-" or "@"; Excel and LibreOffice read such a cell as a formula
(formula injection: `=cmd|' /C calc'!A0`, `=HYPERLINK(…)`). So every string cell is written as
text: in XLSX typed as a string with Excel's quote prefix (the cell stays text when edited); in
CSV, which has no types, prefixed with an apostrophe, OWASP's rule for the characters = + - @,
tab and carriage return. dondoc's own CSV import removes that apostrophe again (`csv_unquoted`),
so an exported table imports unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# the control characters XML 1.0 does not allow (openpyxl's ILLEGAL_CHARACTERS_RE)
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


class WriteOnlySheet(Protocol):
    """What `xlsx_cell` needs of an openpyxl write-only worksheet (its class is private)."""

    def append(self, row: Iterable[Any]) -> None: ...


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program could take the text for a formula (leading spaces are
    skipped: some programs trim them on import)."""
    return text.startswith(FORMULA_STARTS) or text.lstrip(" ").startswith(FORMULA_STARTS)


def csv_text(value: object) -> str:
    """A value as an inert CSV cell."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def csv_unquoted(text: str) -> str:
    """A CSV cell as read back: the apostrophe `csv_text` put before formula-like text removed."""
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """Rows as CSV in UTF-8 with a byte-order mark (so Excel reads Vietnamese right). Lines end
    in CRLF (RFC 4180), which also makes the writer quote a cell holding a lone CR."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [csv_text(value) for value in row] for row in rows
    )
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_cell(
    sheet: WriteOnlySheet, value: Any, number_format: str | None = None, bold: bool = False
) -> Any:
    """A value for an openpyxl write-only sheet's `append`; strings are always text, never
    formulas. (The period report is written with XlsxWriter: `bot.reports.xlsx_report`.)"""
    if isinstance(value, str) and ILLEGAL_CHARACTERS.search(value):
        value = ILLEGAL_CHARACTERS.sub("", value)  # control characters: not allowed in XLSX
    formula_like = isinstance(value, str) and looks_like_formula(value)
    if not (formula_like or number_format or bold):
        return value
    from openpyxl.cell import WriteOnlyCell  # loaded with the first styled cell
    from openpyxl.styles import Font

    written = WriteOnlyCell(sheet, value)
    if formula_like:
        written.data_type = "s"  # openpyxl took "=…" for a formula; it is text
        written.quotePrefix = True  # and Excel keeps it text when the cell is edited
    if number_format is not None:
        written.number_format = number_format
    if bold:
        written.font = Font(bold=True)
    return written
