"""The cells of an XLSX package, read straight from its XML parts with the standard library.

The rows and values are the ones openpyxl's read-only mode gives (`iter_rows(values_only=True)`,
`data_only=False`): a row per row number from 1, gaps filled with empty rows, every row padded to
the sheet's declared <dimension> and cut there, shared and inline strings as their plain text,
numbers as int or float, dates by their cell's number format, a formula as its text ("=…").
openpyxl builds a cell object per cell and spent most of an import's time doing so, and loading
it took as long as the rest of `dondoc import --dry-run`; the ElementTree parser used here is the
one openpyxl itself uses when defusedxml is not installed (expat, with its limits on entity
expansion).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache, partial
from typing import IO

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _VALUE, _FORMULA, _INLINE = f"{MAIN}row", f"{MAIN}v", f"{MAIN}f", f"{MAIN}is"
_TEXT, _RUN, _STRING = f"{MAIN}t", f"{MAIN}r", f"{MAIN}si"
_DIMENSION, _SHEET_DATA = f"{MAIN}dimension", f"{MAIN}sheetData"
_WORKBOOK_TYPES = frozenset(
    f"application/vnd.{kind}.main+xml"
    for kind in (
        "openxmlformats-officedocument.spreadsheetml.sheet",
        "openxmlformats-officedocument.spreadsheetml.template",
        "ms-excel.sheet.macroEnabled",
        "ms-excel.template.macroEnabled",
    )
)
WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)
# The built-in number formats that are dates or times (openpyxl's `is_date_format` over its
# BUILTIN_FORMATS), and the one that is a duration ([h]:mm:ss).
_BUILTIN_DATES = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_BUILTIN_DURATIONS = frozenset({46})
# openpyxl.styles.numbers: quoted literals and [locale/colour] sections say nothing of dates.
_FORMAT_NOISE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_RANGE = re.compile(
    r"^[$]?(?P<c1>[A-Za-z]{1,3})?[$]?(?P<r1>\d+)?(:[$]?(?P<c2>[A-Za-z]{1,3})?[$]?(?P<r2>\d+)?)?$"
)
_ISO = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})"
    r"(?P<microsecond>\.\d{1,3})?)?)?Z?"
)
_ISO_DURATION = re.compile(
    r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?"
)


@dataclass(frozen=True)
class Book:
    """What reading a sheet's cells needs from the rest of the package."""

    sheets: list[tuple[str, str]]  # each worksheet's title and XML part, in the workbook's order
    shared_strings: list[str]
    date_styles: frozenset[int]  # indexes of the cell formats that show a number as a date
    duration_styles: frozenset[int]
    epoch: datetime


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part's bytes, unpacked a megabyte at a time: a member that unpacks to more than its
    header declares then fails its CRC check once past that size (zipfile's own `read()` would
    unpack up to 2 GB in one step first)."""
    with archive.open(name) as member:
        return b"".join(iter(partial(member.read, 1 << 20), b""))


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A package part's relationships: id → (type, target part), targets resolved against the
    part's folder; empty when the part has none."""
    folder, name = posixpath.split(part)
    try:
        root = ElementTree.fromstring(
            read_part(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
        )
    except (KeyError, ElementTree.ParseError):
        return {}
    found: dict[str, tuple[str, str]] = {}
    for element in root:
        target = element.get("Target", "")
        if element.get("TargetMode") == "External" or not target:
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[element.get("Id", "")] = (element.get("Type", ""), posixpath.normpath(resolved))
    return found


def _text(element: ElementTree.Element) -> str:
    """A string item's plain text: its <t> and its runs' <t>, phonetic guides left out."""
    if len(element) == 1 and element[0].tag == _TEXT:
        return element[0].text or ""  # the usual item: one <t>
    plain = element.find(_TEXT)
    parts = [plain.text] if plain is not None and plain.text is not None else []
    for run in element.iterfind(_RUN):
        text = run.find(_TEXT)
        if text is not None and text.text is not None:
            parts.append(text.text)
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, part: str | None, names: set[str]) -> list[str]:
    if part is None or part not in names:
        return []
    strings = []
    with archive.open(part) as source:
        for _, element in ElementTree.iterparse(source):
            if element.tag == _STRING:
                strings.append(_text(element).replace("x005F_", ""))  # as openpyxl reads them
                element.clear()
    return strings


def _is_date_format(code: str) -> bool:
    return _DATE_LETTER.search(_FORMAT_NOISE.sub("", code.split(";")[0])) is not None


def _styles(
    archive: zipfile.ZipFile, part: str | None, names: set[str]
) -> tuple[frozenset[int], frozenset[int]]:
    """The cell formats (<cellXfs> indexes) whose number format is a date, and a duration."""
    if part is None or part not in names:
        return frozenset(), frozenset()
    root = ElementTree.fromstring(read_part(archive, part))
    custom = {
        int(element.get("numFmtId", "0")): element.get("formatCode", "")
        for element in root.iterfind(f"{MAIN}numFmts/{MAIN}numFmt")
    }
    dates, durations = set(), set()
    for index, element in enumerate(root.iterfind(f"{MAIN}cellXfs/{MAIN}xf")):
        number_format = int(element.get("numFmtId", "0"))
        if number_format in custom:
            code = custom[number_format]
            is_date = _is_date_format(code)
            is_duration = _DURATION.search(code.split(";")[0]) is not None
        else:
            is_date = number_format in _BUILTIN_DATES
            is_duration = number_format in _BUILTIN_DURATIONS
        if is_date:
            dates.add(index)
        if is_duration:
            durations.add(index)
    return frozenset(dates), frozenset(durations)


def _workbook_part(archive: zipfile.ZipFile) -> str:
    """The workbook part the root relationships name, else the one [Content_Types].xml types as
    a workbook (openpyxl looks there only)."""
    for kind, target in relationships(archive, "").values():
        if kind.endswith("/officeDocument"):
            return target
    types = ElementTree.fromstring(read_part(archive, "[Content_Types].xml"))
    for element in types:
        if element.get("ContentType") in _WORKBOOK_TYPES and element.get("PartName"):
            return str(element.get("PartName")).lstrip("/")
    if any(element.get("ContentType") in _WORKBOOK_TYPES for element in types):
        return "xl/workbook.xml"  # the type made the default for every .xml part
    raise ValueError("no workbook part")


def open_book(archive: zipfile.ZipFile) -> Book:
    """The package's worksheets (chart sheets left out), shared strings, date formats and epoch.
    A sheet whose relationship is missing is a damaged file (KeyError); one whose part is not in
    the archive is skipped."""
    workbook = _workbook_part(archive)
    targets = relationships(archive, workbook)
    root = ElementTree.fromstring(read_part(archive, workbook))
    names = set(archive.namelist())
    sheets = []
    for element in root.iter(f"{MAIN}sheet"):
        relationship = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
        if not relationship:
            continue
        kind, target = targets[relationship]
        if target in names and not kind.endswith("/chartsheet"):
            sheets.append((element.get("name", ""), target))
    properties = root.find(f"{MAIN}workbookPr")
    date1904 = properties.get("date1904", "false") if properties is not None else "false"
    by_kind = {kind.rpartition("/")[2]: target for kind, target in targets.values()}
    dates, durations = _styles(archive, by_kind.get("styles"), names)
    return Book(
        sheets,
        _shared_strings(archive, by_kind.get("sharedStrings"), names),
        dates,
        durations,
        MAC_EPOCH if date1904 not in ("false", "f", "0", "") else WINDOWS_EPOCH,
    )


def _column(letters: str) -> int:
    """A column's number from its letters (A → 1), up to ZZZ, as openpyxl takes them."""
    upper = letters.upper()
    if not (0 < len(upper) <= 3 and upper.isascii() and upper.isalpha()):
        raise ValueError(f"{letters!r} is not a column")
    index = 0
    for letter in upper:
        index = index * 26 + ord(letter) - 64
    return index


@lru_cache(maxsize=1024)
def _letters_column(letters: str) -> int:
    return _column(letters)


def _cell_column(coordinate: str) -> int:
    """The column of a cell reference ("B12" → 2), split where openpyxl splits it: before the
    first digit, the rest a row number (not checked against the row the cell is in)."""
    letters = coordinate.rstrip("0123456789")
    if letters.isalpha() and len(letters) < len(coordinate):
        return _letters_column(letters)  # the usual "B12": a few column names, many cells
    split = next((i for i, c in enumerate(coordinate) if c in "0123456789"), len(coordinate) - 1)
    int(coordinate[split:])
    return _column(coordinate[:split])


def _bounds(ref: str | None) -> tuple[int | None, int | None]:
    """The last column and row of a <dimension ref="A1:G56">, as openpyxl's range_boundaries."""
    found = _RANGE.match(ref or "")
    if ref is None or found is None:
        raise ValueError(f"{ref!r} is not a range")
    c1, r1, c2, r2 = found.group("c1", "r1", "c2", "r2")
    if ":" in ref:
        columns, rows = (c1, c2), (r1, r2)
        whole = all(columns + rows)
        if not (whole or (all(columns) and not any(rows)) or (all(rows) and not any(columns))):
            raise ValueError(f"{ref!r} is not a range")
    last_column, last_row = c2 or c1, r2 or r1
    return (_column(last_column) if last_column else None, int(last_row) if last_row else None)


def _number(value: str) -> int | float:
    return float(value) if "." in value or "E" in value or "e" in value else int(value)


def _from_excel(value: float, epoch: datetime, duration: bool) -> datetime | time | timedelta:
    """openpyxl.utils.datetime.from_excel."""
    if duration:
        span = timedelta(days=value)
        if span.microseconds:
            seconds = span.total_seconds() // 1
            span = timedelta(seconds=seconds, microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + timedelta(days=day) + diff


def _from_iso(text: str) -> date | datetime | time | timedelta | None:
    """A cell of type "d" (openpyxl.utils.datetime.from_ISO8601)."""
    if not text:
        return None
    found = _ISO.match(text)
    if found and any(found.groups()):
        parts = found.groupdict()
        year, month, day, hour, minute, second = (
            int(parts[key] or 0) for key in ("year", "month", "day", "hour", "minute", "second")
        )
        micro = int(float(parts["microsecond"]) * 1_000_000) if parts["microsecond"] else 0
        if not parts["date"]:
            return time(hour, minute, second, micro)
        if not parts["time"]:
            return date(year, month, day)
        return datetime(year, month, day, hour, minute, second, micro)
    found = _ISO_DURATION.match(text)
    if found and any(found.groups()):
        units = {k: float(v) for k, v in found.groupdict().items() if v}
        return timedelta(**units)
    raise ValueError(f"{text!r} is not an ISO 8601 date")


def sheet_rows(source: IO[bytes], book: Book) -> Iterator[list[object]]:
    """A sheet's rows of values, as openpyxl's read-only `iter_rows(values_only=True)`."""
    last_column: int | None = None
    last_row: int | None = None
    in_data = False
    empty: list[object] = []
    counter = number = 1  # the next row to give; the row number just read
    row_counter = 0
    formulas: dict[str | None, str] = {}  # a shared formula's text by its index
    strings, dates, durations, epoch = (
        book.shared_strings,
        book.date_styles,
        book.duration_styles,
        book.epoch,
    )
    for _, element in ElementTree.iterparse(source):
        tag = element.tag
        if tag != _ROW:
            if tag == _DIMENSION and not in_data:
                last_column, last_row = _bounds(element.get("ref"))
                empty = [None] * last_column if last_column else []
            elif tag == _SHEET_DATA:
                in_data = True
            continue
        written = element.get("r")
        if written is None:
            row_counter += 1
        else:
            try:
                row_counter = int(written)
            except ValueError:
                as_float = float(written)
                if not as_float.is_integer():
                    raise ValueError(f"{written} is not a row number") from None
                row_counter = int(as_float)
        number = row_counter
        if last_row is not None and number > last_row:
            break
        while counter < number:
            counter += 1
            yield list(empty)
        if counter > number:  # a row number given twice, or going back: openpyxl skips it
            element.clear()
            continue
        counter += 1
        cells: list[tuple[int, object]] = []
        column = 0
        for cell in element:
            kind = cell.get("t", "n")
            coordinate = cell.get("r")
            if coordinate:
                column = _cell_column(coordinate)
            else:
                column += 1
            value: object = None if kind == "inlineStr" else cell.findtext(_VALUE) or None
            formula = cell.find(_FORMULA)
            if formula is not None:
                value = "=" + (formula.text or "")
                shared = formula.get("si")
                if formula.get("t") == "shared":
                    if shared in formulas:
                        value = formulas[shared]
                    elif value != "=":
                        formulas[shared] = str(value)
            elif value is not None:
                text = str(value)
                if kind == "n":
                    value = _number(text)
                    style = int(cell.get("s") or 0)
                    if style in dates:
                        try:
                            value = _from_excel(value, epoch, style in durations)
                        except (OverflowError, ValueError):
                            value = "#VALUE!"  # openpyxl's reading of a date out of range
                elif kind == "s":
                    value = strings[int(text)]
                elif kind == "b":
                    value = bool(int(text))
                elif kind == "d":
                    value = _from_iso(text)
            elif kind == "inlineStr":
                inline = cell.find(_INLINE)
                if inline is not None:
                    value = _text(inline)
            cells.append((column, value))
        element.clear()
        if not cells and not last_column:
            yield []
            continue
        width = last_column or cells[-1][0]
        row: list[object] = [None] * width
        for index, value in cells:
            if index <= width:
                row[index - 1] = value
        yield row
    if last_row is not None and last_row < number:
        for _ in range(counter, last_row + 1):
            yield list(empty)
