"""bot.importing.xlsx reads a sheet's cells as openpyxl's read-only mode does (which the importer
used before): the same rows, padding, values and types, for the shapes writers produce and for
sheets whose XML was edited by hand (rows or cells without numbers, gaps, a wrong dimension)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable

import openpyxl
import pytest
import xlsxwriter

from bot.importing.xlsx import open_book, sheet_rows

Rows = list[tuple[str, list[list[object]]]]


def _ours(data: bytes) -> Rows:
    archive = zipfile.ZipFile(io.BytesIO(data))
    book = open_book(archive)
    return [(title, list(sheet_rows(archive.open(part), book))) for title, part in book.sheets]


def _openpyxl(data: bytes) -> Rows:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        return [
            (sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def _written(*, date_1904: bool = False) -> bytes:
    """Shared strings, numbers, dates, times and durations in several formats, a boolean, a
    formula, rich text, a far cell, a merge and a second sheet (XlsxWriter, as Excel writes)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "date_1904": date_1904})
    sheet = book.add_worksheet("Phụ lục")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    clock = book.add_format({"num_format": "hh:mm"})
    sheet.write_row(0, 0, ["TT", "Nội dung", "  spaces  ", "x005F_y"])
    sheet.write_row(1, 0, [1, 1.5, 1e20, -3])
    sheet.write_datetime(2, 0, datetime.datetime(2024, 5, 8), day)
    sheet.write_datetime(2, 1, datetime.datetime(2024, 5, 8, 13, 30), clock)
    sheet.write_number(2, 2, 1.25, book.add_format({"num_format": "[h]:mm:ss"}))
    sheet.write_number(2, 3, 45000, book.add_format({"num_format": '"Ngày" d'}))
    sheet.write_number(2, 4, 45000, book.add_format({"num_format": "[$-42A]General"}))
    sheet.write_number(2, 5, 30, day)
    sheet.write_boolean(3, 0, True)
    sheet.write_formula(3, 1, "=A2+1", None, 2)
    sheet.write_string(3, 2, "=not a formula")
    sheet.write_rich_string(4, 0, "a", book.add_format({"bold": 1}), "b", "c")
    sheet.write(7, 20, "far")
    sheet.merge_range(9, 0, 10, 2, "merged")
    book.add_worksheet("B").write(2, 2, "only")
    book.add_worksheet("empty")
    book.close()
    return buffer.getvalue()


def _edited(edit: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_written(date_1904=True)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            target.writestr(info.filename, edit(body) if "sheet1" in info.filename else body)
    return out.getvalue()


def _dimension(ref: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + ref + b'"/>', xml)


EDITS: dict[str, Callable[[bytes], bytes]] = {
    "as written": lambda xml: xml,
    "no dimension": lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml),
    "a dimension short of the cells": _dimension(b"A1:B3"),
    "a one-cell dimension": _dimension(b"A1"),
    "a dimension past the cells": _dimension(b"A1:Z40"),
    "a dimension of columns": _dimension(b"A:C"),
    "a dimension of rows": _dimension(b"2:4"),
    "rows without numbers": lambda xml: re.sub(rb'<row r="\d+"', b"<row", xml),
    "cells without references": lambda xml: re.sub(rb' r="[A-Z]+\d+"', b"", xml),
    "a gap between rows": lambda xml: xml.replace(b'<row r="3"', b'<row r="9"'),
    "a row number given twice": lambda xml: xml.replace(b'<row r="3"', b'<row r="2"'),
    "a row number written as a float": lambda xml: xml.replace(b'<row r="3"', b'<row r="3.0"'),
    "typed cells": lambda xml: (
        xml.replace(b'<c r="A1" t="s"><v>0</v>', b'<c r="A1" t="d"><v>2024-05-08T10:20:30.5</v>')
        .replace(b'<c r="B1" t="s"><v>1</v>', b'<c r="B1" t="e"><v>#N/A</v>')
        .replace(b'<c r="C1" t="s"><v>2</v>', b'<c r="C1" t="str"><v>txt</v>')
    ),
    "an inline string": lambda xml: xml.replace(
        b'<c r="A1" t="s"><v>0</v></c>',
        b'<c r="A1" t="inlineStr"><is><t>x</t><r><t>y</t></r></is></c>',
    ),
    "an empty value": lambda xml: xml.replace(b'<c r="A1" t="s"><v>0</v>', b'<c r="A1"><v></v>'),
}


def test_written_cells_read_as_openpyxl_reads_them() -> None:
    data = _written()
    assert _ours(data) == _openpyxl(data)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_edited_sheets_read_as_openpyxl_reads_them(edit: Callable[[bytes], bytes]) -> None:
    data = _edited(edit)
    assert _ours(data) == _openpyxl(data)


@pytest.mark.parametrize(
    "edit",
    [
        _dimension(b"A1:"),
        lambda xml: xml.replace(b'<row r="3"', b'<row r="3.5"'),
        lambda xml: xml.replace(b'<c r="A1" t="s"><v>0</v>', b'<c r="A1"><v>abc</v>'),
        lambda xml: xml.replace(b'<c r="A1" t="s"><v>0</v>', b'<c r="A1" t="s"><v>999</v>'),
    ],
    ids=["a broken dimension", "a fractional row", "a number that is not", "a missing string"],
)
def test_what_openpyxl_cannot_read_is_not_read(edit: Callable[[bytes], bytes]) -> None:
    data = _edited(edit)
    with pytest.raises(Exception):  # noqa: B017 (either reader's own exception)
        _openpyxl(data)
    with pytest.raises((ValueError, IndexError)):
        _ours(data)


def test_a_package_without_root_relationships_is_found_by_its_content_types() -> None:
    source = zipfile.ZipFile(io.BytesIO(_written()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != "_rels/.rels":
                target.writestr(info.filename, source.read(info.filename))
    data = out.getvalue()
    assert _ours(data) == _openpyxl(data) != []


def test_an_array_formula_is_a_formula() -> None:
    """openpyxl gives an array formula as an object (whose text is its repr); it is a formula."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet().write_array_formula(0, 0, 0, 0, "{=SUM(B1:B3)}")
    book.close()
    assert _ours(buffer.getvalue())[0][1][0][0] == "=SUM(B1:B3)"
