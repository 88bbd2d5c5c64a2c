"""The rules by which dondoc writes cells people open in a spreadsheet program (XLSX and CSV).
`xlsx_text` decides what a text cell of a workbook holds; every workbook writer uses it: `xlsx_cell`
for openpyxl's write-only cells (the task export), `bot.web.xlsx` for the ranking and
`bot.reports.xlsx_report` for the period report (written with XlsxWriter).

Text typed by people or read from other agencies' files (task content, results, agency names)
can begin with "=", "+", "-" or "@"; Excel and LibreOffice read such a cell as a formula
(formula injection: `=cmd|' /C calc'!A0`, `=HYPERLINK(…)`). So every string cell is written as
text: in XLSX typed as a string with Excel's quote prefix (the cell stays text when edited); in
CSV, which has no types, prefixed with an apostrophe, OWASP's rule for the characters = + - @,
tab and carriage return. dondoc's own CSV import removes that apostrophe again (`csv_unquoted`),
so an exported table imports unchanged.

A workbook's text cell also holds NFC text (what Excel's search and sort compare), none of the
control characters XML 1.0 does not allow (openpyxl raises IllegalCharacterError on them,
XlsxWriter keeps them as `_xHHHH_` escapes, Excel repairs the file), line breaks as an XML reader
reads them ("\n", not "_x000D_") and at most Excel's 32,767 characters.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The control characters XML 1.0 does not allow: openpyxl's ILLEGAL_CHARACTERS_RE, the same
# pattern (tests/importing/test_inert_exports.py holds it to openpyxl's). Not imported from
# openpyxl: that loads openpyxl and numpy (~0.2 s) into the period report, written with
# XlsxWriter, and into the import, which reads CSV cells through this module.
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
LINE_BREAK = re.compile(r"\r\n?")
EXCEL_CELL_LIMIT = 32_767  # characters in a cell, as Excel counts them: UTF-16 code units


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


def xlsx_text(value: str) -> tuple[str, bool]:
    """The text a workbook's cell holds for `value` (the module's docstring says why), and
    whether it needs Excel's quote prefix: text a spreadsheet program could take for a formula,
    kept text when the cell is edited. (A plain tuple: this runs for every text cell of a
    5,000-task report.)"""
    text = value
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if ILLEGAL_CHARACTERS.search(text):
        text = ILLEGAL_CHARACTERS.sub("", text)
    if "\r" in text:
        text = LINE_BREAK.sub("\n", text)
    if len(text) > EXCEL_CELL_LIMIT // 2:  # shorter text fits even if all of it is astral
        text = _capped(text)
    return text, looks_like_formula(text)


def _capped(text: str) -> str:
    """The text cut to Excel's cell limit, in UTF-16 code units (an emoji counts two), never
    inside a character."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > EXCEL_CELL_LIMIT:
            return text[:index]
    return text


def xlsx_cell(
    sheet: WriteOnlySheet, value: Any, number_format: str | None = None, bold: bool = False
) -> Any:
    """A value for an openpyxl write-only sheet's `append`; strings go through `xlsx_text`."""
    formula_like = False
    if isinstance(value, str):
        value, formula_like = xlsx_text(value)
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
