"""Reading the bytes of an XLSX, CSV, DOCX or TXT file into cells and paragraphs.

What comes out is plain text, NFC and cleaned; merged cells are already spread over every cell
they cover (openpyxl leaves them empty below and right of the first; python-docx repeats them),
so the interpretation in `table.py` sees one shape whatever the format.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.importing.errors import ImportFailed, Place
from bot.text import clean

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .xls/.doc
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNTIDY = re.compile(r"\s\s|^\s|\s$|[\t\r\n\u00a0\u2000-\u200d\u202f\u3000\ufeff]")
_SEPARATOR = "\uffff"  # a noncharacter: never in a cell, never whitespace
# Control characters and whitespace other than the plain space: either sends a row down the
# careful path, cell by cell.
_SUSPECT = re.compile(
    r"[\x00-\x1f\x7f\x85\u00a0\u1680\u2000-\u200d\u2028-\u202f\u205f\u3000\ufeff]"
)
_CSV_FORMULA = re.compile(r"^[=+@]\s*[A-Za-z_]+\s*\(|^=[A-Za-z]{1,3}\d+")
_MERGE_REF = re.compile(rb'ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_PAGE_NUMBER = re.compile(r"^[-–—\s]*\d{1,3}[-–—\s]*$")  # "- 2 -" between pages of a text
_LIST_MARKER = re.compile(r"^(?:[a-zđ]\)|[-+•–])", re.IGNORECASE)
FORMATS = ("xlsx", "csv", "docx", "txt")


@dataclass
class SourceTable:
    """Rows of text cells, each with the row number the person sees in the source."""

    container: str  # sheet | table
    label: str
    rows: list[list[str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)

    def place(self, index: int, column: int | None = None) -> Place:
        return Place(self.container, self.label, self.row_numbers[index], column)


@dataclass
class SourceDocument:
    file_name: str
    format: str
    tables: list[SourceTable] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def detect_format(file_name: str, data: bytes) -> str:
    """The format by the file's extension, checked against its first bytes."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension not in FORMATS:
        raise ImportFailed("import-error-type", file_name, extension=extension or "?")
    if not data.strip():
        raise ImportFailed("import-error-empty", file_name)
    if extension in ("xlsx", "docx"):
        if data.startswith(OLE_MAGIC):
            raise ImportFailed("import-error-protected", file_name)
        if not data.startswith(ZIP_MAGIC):
            raise ImportFailed("import-error-corrupt", file_name)
    return extension


def _check_text(text: str, file_name: str, place: Place) -> str:
    """The cell's text, NFC and cleaned; control characters are bad input."""
    if _CONTROL.search(text):
        raise ImportFailed("import-error-control", file_name, place)
    if _UNTIDY.search(text) or not unicodedata.is_normalized("NFC", text):
        return clean(text)
    return text  # already clean: most cells, and the cheap path for large files


def _is_tidy(joined: str) -> bool:
    """No cell of the joined row has doubled, leading or trailing spaces, odd whitespace or
    control characters (substring tests and one character class: much faster than a regex with
    alternatives over every row)."""
    return not (
        "  " in joined
        or f" {_SEPARATOR}" in joined
        or f"{_SEPARATOR} " in joined
        or joined[:1] == " "
        or joined[-1:] == " "
        or _SUSPECT.search(joined)
    )


def _checked_row(cells: list[str], file_name: str, sheet: str, row_number: int) -> list[str]:
    """A row's cells, checked and cleaned. The checks run once on the joined row (the common
    case: nothing to fix) and cell by cell only when the row needs it."""
    joined = _SEPARATOR.join(cells)
    if "=" in joined:
        for column, text in enumerate(cells):
            if text.startswith("=") and len(text) > 1:
                place = Place("sheet", sheet, row_number, column)
                raise ImportFailed("import-error-formula", file_name, place)
    if not _is_tidy(joined) or not unicodedata.is_normalized("NFC", joined):
        return [
            _check_text(text, file_name, Place("sheet", sheet, row_number, column)) if text else ""
            for column, text in enumerate(cells)
        ]
    return cells


def _cell_text(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index - 1


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str | None) -> list[tuple[int, ...]]:
    """(first row, first column, last row, last column), 0-based, of a sheet's merged cells.
    Read from the sheet's XML because openpyxl's read-only mode does not expose them; the
    <mergeCells> element follows the sheet data, so only the file's tail is searched."""
    if not sheet_path:
        return []
    xml = archive.read(sheet_path.lstrip("/"))
    start = xml.rfind(b"<mergeCells")
    if start < 0:
        return []
    return [
        (int(r1) - 1, _column_index(c1), int(r2) - 1, _column_index(c2))
        for c1, r1, c2, r2 in _MERGE_REF.findall(xml, start)
    ]


def _spread_merges(rows: list[list[str]], merges: list[tuple[int, ...]]) -> None:
    for first_row, first_col, last_row, last_col in merges:
        if first_row >= len(rows):
            continue
        top_left = rows[first_row]
        value = top_left[first_col] if first_col < len(top_left) else ""
        for row_index in range(first_row, min(last_row, len(rows) - 1) + 1):
            row = rows[row_index]
            if len(row) <= last_col:
                row.extend([""] * (last_col + 1 - len(row)))
            for column in range(first_col, last_col + 1):
                row[column] = value


def read_xlsx(data: bytes, file_name: str, max_rows: int) -> SourceDocument:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    document = SourceDocument(file_name, "xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "EncryptedPackage" in archive.namelist():
            raise ImportFailed("import-error-protected", file_name)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportFailed("import-error-corrupt", file_name) from exc
    try:
        for sheet in workbook.worksheets:
            table = SourceTable("sheet", sheet.title)
            # values_only: with data_only=False a formula comes back as its text, "=…"
            for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if row_number > max_rows + 50:
                    raise ImportFailed(
                        "import-error-rows", file_name, Place("sheet", sheet.title), limit=max_rows
                    )
                cells = [value if value.__class__ is str else _cell_text(value) for value in row]
                table.rows.append(_checked_row(cells, file_name, sheet.title, row_number))
                table.row_numbers.append(row_number)
            _spread_merges(
                table.rows, _merged_ranges(archive, getattr(sheet, "_worksheet_path", None))
            )
            document.tables.append(table)
            document.paragraphs.extend(
                " ".join(cell for cell in row if cell) for row in table.rows[:12] if any(row)
            )
    except zipfile.BadZipFile as exc:
        raise ImportFailed("import-error-corrupt", file_name) from exc
    finally:
        workbook.close()
    return document


def _decode(data: bytes, file_name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed("import-error-encoding", file_name) from exc


def read_csv(data: bytes, file_name: str, max_rows: int) -> SourceDocument:
    text = _decode(data, file_name)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if first_line.count("\t") > max(first_line.count(";"), first_line.count(",")):
        delimiter = "\t"
    table = SourceTable("table", "CSV")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for row in reader:
            row_number = reader.line_num
            if len(table.rows) >= max_rows + 50:
                raise ImportFailed("import-error-rows", file_name, limit=max_rows)
            cells = []
            for column, value in enumerate(row):
                place = Place("table", "CSV", row_number, column)
                if _CSV_FORMULA.match(value):
                    raise ImportFailed("import-error-formula", file_name, place)
                cells.append(_check_text(value, file_name, place))
            table.rows.append(cells)
            table.row_numbers.append(row_number)
    except csv.Error as exc:
        raise ImportFailed("import-error-corrupt", file_name) from exc
    document = SourceDocument(file_name, "csv", [table])
    document.paragraphs = [" ".join(c for c in row if c) for row in table.rows[:12] if any(row)]
    return document


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """Paragraphs from lines wrapped mid-sentence (PDF-to-text, Word line breaks): a line that
    begins in lower case (and is not "a) …") continues the paragraph before it; a page number
    alone on a line is dropped, so a paragraph continues across the page break."""
    paragraphs: list[str] = []
    for line in lines:
        line = clean(line)
        if not line or _PAGE_NUMBER.match(line):
            continue
        first = line[0]
        if paragraphs and first.isalpha() and first.islower() and not _LIST_MARKER.match(line):
            paragraphs[-1] = f"{paragraphs[-1].rstrip()} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def read_docx(data: bytes, file_name: str, max_rows: int) -> SourceDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "EncryptedPackage" in archive.namelist():
            raise ImportFailed("import-error-protected", file_name)
        word = docx.Document(io.BytesIO(data))
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ImportFailed("import-error-corrupt", file_name) from exc
    document = SourceDocument(file_name, "docx")
    lines = []
    for number, paragraph in enumerate(word.paragraphs, start=1):
        lines.append(_check_text(paragraph.text, file_name, Place("line", "", number)))
    document.paragraphs = join_wrapped_lines(lines)
    total = 0
    for number, word_table in enumerate(word.tables, start=1):
        table = SourceTable("table", str(number))
        for row_number, row in enumerate(word_table.rows, start=1):
            total += 1
            if total > max_rows + 50:
                raise ImportFailed("import-error-rows", file_name, limit=max_rows)
            table.rows.append(
                [
                    _check_text(
                        cell.text, file_name, Place("table", str(number), row_number, column)
                    )
                    for column, cell in enumerate(row.cells)
                ]
            )
            table.row_numbers.append(row_number)
        document.tables.append(table)
    return document


def read_txt(data: bytes, file_name: str, max_rows: int) -> SourceDocument:
    text = _decode(data, file_name)
    # A form feed is the page break of a plan saved as text (pdftotext): a line break here.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = text.split("\n")
    if len(lines) > max_rows * 10:
        raise ImportFailed("import-error-rows", file_name, limit=max_rows)
    checked = [
        _check_text(line, file_name, Place("line", "", number))
        for number, line in enumerate(lines, 1)
    ]
    return SourceDocument(file_name, "txt", paragraphs=join_wrapped_lines(checked))


READERS = {"xlsx": read_xlsx, "csv": read_csv, "docx": read_docx, "txt": read_txt}


def read_document(data: bytes, file_name: str, *, max_bytes: int, max_rows: int) -> SourceDocument:
    """Read any supported file, or raise ImportFailed naming the file and the place."""
    if len(data) > max_bytes:
        raise ImportFailed("import-error-size", file_name, limit=max_bytes // (1024 * 1024))
    file_format = detect_format(file_name, data)
    return READERS[file_format](data, file_name, max_rows)
