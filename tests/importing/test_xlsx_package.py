"""An XLSX is found by its package index, not by where one writer puts its parts: merged cells
are read from the sheet's XML wherever the workbook's relationships say it is, and whatever
namespace prefix its writer gave the elements (<x:mergeCells>)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from bot.importing.errors import ImportFailed
from bot.importing.readers import read_document

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _appendix() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Phụ lục"
    sheet.append(["TT", "Nhiệm vụ", "Cơ quan chủ trì"])
    sheet.append(["1", "Xây dựng đề án", "Sở Y tế"])
    sheet.append(["2", "Tổ chức tập huấn", None])
    sheet.merge_cells("C2:C3")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewritten(data: bytes, change: dict[str, tuple[str, bytes]]) -> bytes:
    """The package with parts renamed or rewritten: {old name: (new name, new bytes or b"")}."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name, body = change.get(info.filename, (info.filename, b""))
            target.writestr(name, body or source.read(info.filename))
    return out.getvalue()


def _prefixed(xml: bytes) -> bytes:
    """The same sheet with every SpreadsheetML element written as x:name."""
    xml = xml.replace(b'xmlns="' + MAIN + b'"', b'xmlns:x="' + MAIN + b'"')
    return re.sub(rb"<(/?)([A-Za-z]\w*)(?=[\s/>])", rb"<\1x:\2", xml)


def _rows(data: bytes) -> list[list[str]]:
    document = read_document(data, "phu-luc.xlsx", max_bytes=10_000_000, max_rows=100)
    return document.tables[0].rows


def test_a_merged_lead_agency_reaches_every_row_it_covers() -> None:
    assert [row[2] for row in _rows(_appendix())[1:]] == ["Sở Y tế", "Sở Y tế"]


def test_merges_are_read_from_a_prefixed_sheet() -> None:
    data = _appendix()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    prefixed = _prefixed(sheet)
    assert b"<x:mergeCells" in prefixed and b"<mergeCells" not in prefixed
    rows = _rows(
        _rewritten(data, {"xl/worksheets/sheet1.xml": ("xl/worksheets/sheet1.xml", prefixed)})
    )
    assert [row[2] for row in rows[1:]] == ["Sở Y tế", "Sở Y tế"]


def test_merges_are_read_from_a_sheet_stored_where_the_relationships_say() -> None:
    data = _appendix()
    package = zipfile.ZipFile(io.BytesIO(data))
    rels = package.read("xl/_rels/workbook.xml.rels").replace(
        b"/xl/worksheets/sheet1.xml", b"/sheets/first.xml"
    )
    types = package.read("[Content_Types].xml").replace(
        b"/xl/worksheets/sheet1.xml", b"/sheets/first.xml"
    )
    moved = _rewritten(
        data,
        {
            "xl/worksheets/sheet1.xml": ("sheets/first.xml", b""),
            "xl/_rels/workbook.xml.rels": ("xl/_rels/workbook.xml.rels", rels),
            "[Content_Types].xml": ("[Content_Types].xml", types),
        },
    )
    assert "xl/worksheets/sheet1.xml" not in zipfile.ZipFile(io.BytesIO(moved)).namelist()
    assert [row[2] for row in _rows(moved)[1:]] == ["Sở Y tế", "Sở Y tế"]


def _one_cell_sheet(value: str, *, as_formula: bool, prefix: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["TT", "Nhiệm vụ", "Cơ quan chủ trì"])
    sheet.append(["1", value, "Sở Y tế"])
    if not as_formula:
        sheet["B2"].data_type = "s"  # stored as text, as dondoc's own exports store "=…"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if prefix:
        xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
        data = _rewritten(
            data, {"xl/worksheets/sheet1.xml": ("xl/worksheets/sheet1.xml", _prefixed(xml))}
        )
    return data


@pytest.mark.parametrize("prefix", [False, True])
def test_a_formula_is_refused_and_text_like_one_is_kept_in_either_spelling(prefix: bool) -> None:
    formula = _one_cell_sheet('=HYPERLINK("http://x")', as_formula=True, prefix=prefix)
    with pytest.raises(ImportFailed) as refused:
        _rows(formula)
    assert refused.value.message_id == "import-error-formula"
    text = _one_cell_sheet("= 5 tỷ đồng", as_formula=False, prefix=prefix)
    assert _rows(text)[1][1] == "= 5 tỷ đồng"
