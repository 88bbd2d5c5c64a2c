"""Reading the bytes of an XLSX, CSV, DOCX or TXT file into cells and paragraphs.

What comes out is plain text, NFC and cleaned; merged cells are already spread over every cell
they cover (an XLSX leaves them empty below and right of the first; python-docx repeats them),
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
from typing import TYPE_CHECKING

from bot.importing.errors import ImportFailed, Place
from bot.importing.xlsx import open_book, read_part, sheet_rows
from bot.settings import Settings
from bot.sheets import csv_unquoted
from bot.text import INVISIBLE, clean

if TYPE_CHECKING:
    from docx.table import _Cell as DocxCell

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .xls/.doc
# Control characters, bad input; the vertical tab and form feed are line breaks (`clean`).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_UNTIDY = re.compile(
    rf"\s\s|^\s|\s$|[\t\r\n\x0b\x0c\x85\u00a0\u2000-\u200d\u2028-\u202f\u3000{INVISIBLE}]"
)
_SEPARATOR = "\uffff"  # a noncharacter: never in a cell, never whitespace
# Control characters and whitespace other than the plain space and a line break between words:
# either sends a row down the careful path, cell by cell.
_SUSPECT = re.compile(
    rf"[\x00-\x09\x0b-\x1f\x7f\x85\u00a0\u1680\u2000-\u200d\u2028-\u202f\u205f\u3000{INVISIBLE}]"
)
_CSV_FORMULA = re.compile(r"^[=+@]\s*[A-Za-z_]+\s*\(|^=[A-Za-z]{1,3}\d+")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s/>]")
_MERGE_CELLS = re.compile(rb"<(?:[\w.-]+:)?mergeCells[\s>].*?</(?:[\w.-]+:)?mergeCells>", re.S)
_MERGE_REF = re.compile(rb'ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_PAGE_NUMBER = re.compile(r"^[-–—\s]*\d{1,3}[-–—\s]*$")  # "- 2 -" between pages of a text
_LIST_MARKER = re.compile(r"^(?:[a-zđ]\)|[-+•–])", re.IGNORECASE)
FORMATS = ("xlsx", "csv", "docx", "txt")
MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """What one file may unpack to, besides its size and rows (IMPORT_MAX_BYTES, _ROWS): the
    total uncompressed size of an XLSX or DOCX (both are zip archives, and a few MB can claim
    gigabytes), the characters of one cell, the sheets, and the cells read in all."""

    max_unpacked_bytes: int = 200 * MB
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_sheets: int = 100
    max_cells: int = 2_000_000

    @classmethod
    def of(cls, settings: Settings) -> ReadLimits:
        return cls(
            settings.import_max_unpacked_bytes,
            settings.import_max_cell_chars,
            settings.import_max_sheets,
            settings.import_max_cells,
        )


class _Budget:
    """Counts the cells read against IMPORT_MAX_CELLS."""

    def __init__(self, file_name: str, limits: ReadLimits) -> None:
        self.file_name = file_name
        self.limits = limits
        self.cells = 0

    def take(self, count: int) -> None:
        self.cells += count
        if self.cells > self.limits.max_cells:
            raise ImportFailed("import-error-cells", self.file_name, limit=self.limits.max_cells)

    def check_cells(self, cells: list[str], container: str, label: str, row: int) -> None:
        """Refuse a cell longer than IMPORT_MAX_CELL_CHARS, naming it (the place is built only
        then: this runs on every row)."""
        limit = self.limits.max_cell_chars
        if sum(map(len, cells)) <= limit:
            return
        for column, text in enumerate(cells):
            if len(text) > limit:
                where = Place(container, label, row, column)
                raise ImportFailed(
                    "import-error-cell-size", self.file_name, where, length=len(text), limit=limit
                )


def _check_archive(archive: zipfile.ZipFile, file_name: str, limits: ReadLimits) -> None:
    """Refuse an archive whose members unpack to more than IMPORT_MAX_UNPACKED_BYTES, before
    reading any. The sizes are the ones the archive declares; a member that unpacks to more than
    its declared size is cut there by zipfile and fails its CRC check (a damaged file)."""
    if "EncryptedPackage" in archive.namelist():
        raise ImportFailed("import-error-protected", file_name)
    total = sum(info.file_size for info in archive.infolist())
    if total > limits.max_unpacked_bytes:
        raise ImportFailed(
            "import-error-unpacked",
            file_name,
            size=-(-total // MB),
            limit=limits.max_unpacked_bytes // MB,
        )


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


def file_extension(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


# The part that makes an OOXML package a workbook or a document (its main part, where Excel and
# Word write it and where `open_book` and python-docx look for it).
_PACKAGES = (("xl/workbook.xml", "xlsx"), ("word/document.xml", "docx"))


def detect_format(file_name: str, data: bytes) -> str:
    """The format by the file's content, for a file whose extension is one dondoc reads: a
    workbook renamed ".docx" is read as the workbook it is, a document renamed ".csv" as a
    document (the preview says so: `import-notice-read-as-*`). A zip package is a workbook or a
    document by its main part; a text file named ".xlsx" or ".docx" is refused with what it is
    (CSV or plain text, the extension cannot tell which). The readers check every limit of the
    format they read, whatever the name said."""
    extension = file_extension(file_name)
    if extension not in FORMATS:
        raise ImportFailed("import-error-type", file_name, extension=extension or "?")
    if not data.strip():
        raise ImportFailed("import-error-empty", file_name)
    if data.startswith(OLE_MAGIC):
        raise ImportFailed("import-error-protected", file_name)
    if data.startswith(ZIP_MAGIC):
        return _package_format(data, file_name)
    if extension in ("xlsx", "docx"):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailed("import-error-corrupt", file_name) from None
        raise ImportFailed("import-error-text-named", file_name, extension=extension)
    return extension


def _package_format(data: bytes, file_name: str) -> str:
    """ "xlsx" or "docx" by the zip's members (its central directory only: nothing is unpacked
    here, so the unpacked-size check of the reader still comes first)."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        raise ImportFailed("import-error-corrupt", file_name) from exc
    if "EncryptedPackage" in names:
        raise ImportFailed("import-error-protected", file_name)
    for part, kind in _PACKAGES:
        if part in names:
            return kind
    raise ImportFailed("import-error-corrupt", file_name)


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
        or joined[:1] in (" ", "\n")
        or joined[-1:] in (" ", "\n")
        or (
            "\n" in joined  # a line break is tidy between words ("- Sở Y tế;\n- Sở Tài chính")
            and (
                " \n" in joined
                or "\n " in joined
                or f"\n{_SEPARATOR}" in joined
                or f"{_SEPARATOR}\n" in joined
            )
        )
        or _SUSPECT.search(joined)
    )


def _checked_row(
    cells: list[str], file_name: str, sheet: str, row_number: int, formulas: bool = True
) -> list[str]:
    """A row's cells, checked and cleaned. The checks run once on the joined row (the common
    case: nothing to fix) and cell by cell only when the row needs it. `formulas`: whether the
    sheet has any formula; without, a cell beginning with "=" is text (as dondoc exports it)."""
    joined = _SEPARATOR.join(cells)
    if formulas and "=" in joined:
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


def _has_formulas(xml: bytes) -> bool:
    """Whether a sheet's XML holds any formula (an <f> element): a formula's value is its text,
    "=…", as a text cell beginning with "=" is."""
    return _FORMULA_TAG.search(xml) is not None


def _merged_ranges(xml: bytes) -> list[tuple[int, ...]]:
    """(first row, first column, last row, last column), 0-based, of a sheet's merged cells.
    Found in the sheet's XML at C speed, without parsing it again; the <mergeCells> element may
    carry a namespace prefix (<x:mergeCells>), as some writers give."""
    named = xml.find(b"mergeCells")  # the element's name, however prefixed: found at C speed
    found = _MERGE_CELLS.search(xml, max(0, named - 64)) if named >= 0 else None
    if found is None:
        return []
    return [
        (int(r1) - 1, _column_index(c1), int(r2) - 1, _column_index(c2))
        for c1, r1, c2, r2 in _MERGE_REF.findall(found.group())
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


def read_xlsx(
    data: bytes, file_name: str, max_rows: int, limits: ReadLimits = ReadLimits()
) -> SourceDocument:
    document = SourceDocument(file_name, "xlsx")
    archive = zipfile.ZipFile(io.BytesIO(data))
    _check_archive(archive, file_name, limits)
    book = open_book(archive)
    if len(book.sheets) > limits.max_sheets:
        raise ImportFailed(
            "import-error-sheets", file_name, count=len(book.sheets), limit=limits.max_sheets
        )
    budget = _Budget(file_name, limits)
    rows_read = 0
    for title, part in book.sheets:
        table = SourceTable("sheet", title)
        xml = read_part(archive, part)
        formulas = _has_formulas(xml)
        # a formula comes back as its text, "=…"
        for row_number, row in enumerate(sheet_rows(io.BytesIO(xml), book), start=1):
            rows_read += 1
            if rows_read > max_rows + 50:
                raise ImportFailed(
                    "import-error-rows", file_name, Place("sheet", title), limit=max_rows
                )
            budget.take(len(row))
            cells = [value if value.__class__ is str else _cell_text(value) for value in row]
            while cells and not cells[-1]:
                cells.pop()  # a row padded to a far-away column keeps only what it holds
            budget.check_cells(cells, "sheet", title, row_number)
            table.rows.append(_checked_row(cells, file_name, title, row_number, formulas))
            table.row_numbers.append(row_number)
        _spread_merges(table.rows, _merged_ranges(xml))
        del xml
        document.tables.append(table)
        document.paragraphs.extend(
            " ".join(cell for cell in row if cell) for row in table.rows[:12] if any(row)
        )
    return document


def _decode(data: bytes, file_name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed("import-error-encoding", file_name) from exc


def read_csv(
    data: bytes, file_name: str, max_rows: int, limits: ReadLimits = ReadLimits()
) -> SourceDocument:
    text = _decode(data, file_name)
    # The csv module refuses a field over its own limit (131,072 characters) without saying
    # where; let it read any field this file can hold, and name the cell over IMPORT_MAX_CELL_CHARS.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    budget = _Budget(file_name, limits)
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
            budget.take(len(row))
            budget.check_cells(row, "table", "CSV", row_number)
            cells = []
            for column, value in enumerate(row):
                place = Place("table", "CSV", row_number, column)
                unquoted = csv_unquoted(value)  # "'=…": text, as dondoc's export writes it
                if unquoted is value and _CSV_FORMULA.match(value):
                    raise ImportFailed("import-error-formula", file_name, place)
                cells.append(_check_text(unquoted, file_name, place))
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


def _docx_cell_text(cell: DocxCell) -> str:
    """A DOCX cell's text with the tables nested in it, row by row ("a; b" per row, each on a
    line of its own): python-docx's `cell.text` leaves nested tables out, and a list of
    agencies or a sub-table of tasks put in one must not vanish. Nested tables inside nested
    tables are read too (iteratively: a hostile depth costs no recursion)."""
    lines = [cell.text.rstrip()]  # a cell with a table ends in an empty paragraph
    pending = list(cell.tables)
    seen: set[int] = set()  # a merged cell is listed once per column it spans: read it once
    while pending:
        table = pending.pop(0)
        if id(table._tbl) in seen:
            continue
        seen.add(id(table._tbl))
        for row in table.rows:
            inner = [inner_cell.text for inner_cell in row.cells]
            lines.append("; ".join(text for text in inner if text.strip()))
            pending.extend(nested for inner_cell in row.cells for nested in inner_cell.tables)
    return "\n".join(line for line in lines if line)


def read_docx(
    data: bytes, file_name: str, max_rows: int, limits: ReadLimits = ReadLimits()
) -> SourceDocument:
    import docx

    _check_archive(zipfile.ZipFile(io.BytesIO(data)), file_name, limits)
    word = docx.Document(io.BytesIO(data))
    budget = _Budget(file_name, limits)
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
            texts = [_docx_cell_text(cell) for cell in row.cells]
            budget.take(len(texts))
            budget.check_cells(texts, "table", str(number), row_number)
            table.rows.append(
                [
                    _check_text(text, file_name, Place("table", str(number), row_number, column))
                    for column, text in enumerate(texts)
                ]
            )
            table.row_numbers.append(row_number)
        document.tables.append(table)
    return document


def read_txt(
    data: bytes, file_name: str, max_rows: int, limits: ReadLimits = ReadLimits()
) -> SourceDocument:
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


def read_document(
    data: bytes,
    file_name: str,
    *,
    max_bytes: int,
    max_rows: int,
    limits: ReadLimits = ReadLimits(),
) -> SourceDocument:
    """Read any supported file, or raise ImportFailed naming the file and the place.

    The parsers of XLSX and DOCX (ElementTree, python-docx, lxml, zipfile) answer a damaged
    file with whatever exception their code meets (KeyError, ValueError, lxml's XMLSyntaxError,
    zlib.error, EOFError …): all of them mean a damaged file here."""
    if len(data) > max_bytes:
        raise ImportFailed("import-error-size", file_name, limit=max_bytes // MB)
    file_format = detect_format(file_name, data)
    try:
        return READERS[file_format](data, file_name, max_rows, limits)
    except (ImportFailed, MemoryError):
        raise
    except Exception as exc:
        if file_format in ("xlsx", "docx"):
            raise ImportFailed("import-error-corrupt", file_name) from exc
        raise
