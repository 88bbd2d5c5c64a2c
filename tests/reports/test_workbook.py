"""The period report's XLSX writer, read back with openpyxl: values, types, styles, the sheet's
settings, and text that could pass for a formula or break the XML."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from bot.reports.workbook import Workbook, column_letter


def test_cells_styles_and_sheet_settings_read_back() -> None:
    book = Workbook("Báo cáo <5000> & kết quả")
    sheet = book.sheet("Sở 'A'", [12, 30.5, 8], freeze_header=True)
    day = book.style(number_format="DD/MM/YYYY")
    bold = book.style(bold=True, size=13)
    sheet.append(["Mã", "Tên"], [bold, bold])
    sheet.append([" a & <b> ", 3, 0.25, True, date(2025, 12, 10), None, ""], [0, 0, 0, 0, day, day])
    sheet.append(["=HYPERLINK(1)", "x\x00y\x1f", "  +1", "-"])
    sheet.append([])
    sheet.auto_filter = "A1:C3"

    read = load_workbook(io.BytesIO(book.save()))
    assert read.properties.title == "Báo cáo <5000> & kết quả"
    assert read.sheetnames == ["Sở 'A'"]
    found = read["Sở 'A'"]
    assert found.freeze_panes == "A2"
    assert found.auto_filter.ref == "A1:C3"
    assert [found.column_dimensions[letter].width for letter in "ABC"] == [12, 30.5, 8]
    assert found["A1"].font.b and found["A1"].font.sz == 13
    values = [cell.value for cell in found[2]]
    assert values == [" a & <b> ", 3, 0.25, True, datetime(2025, 12, 10), None]
    assert found["E2"].number_format == "DD/MM/YYYY"
    assert found["F2"].number_format == "DD/MM/YYYY"  # an empty cell keeps its style
    assert not found["A2"].quotePrefix
    assert [cell.value for cell in found[3][:4]] == ["=HYPERLINK(1)", "xy", "  +1", "-"]
    for coordinate in ("A3", "C3", "D3"):  # could pass for formulas: text, kept text in Excel
        assert found[coordinate].data_type == "s" and found[coordinate].quotePrefix
    assert not found["B3"].quotePrefix  # control characters removed, nothing to quote
    assert found.max_row == 3  # an empty last row holds no cell


def test_column_letters_and_unsupported_values() -> None:
    assert [column_letter(index) for index in (1, 15, 26, 27, 703)] == ["A", "O", "Z", "AA", "AAA"]
    sheet = Workbook("t").sheet("s", [10])
    with pytest.raises(TypeError):
        sheet.append([datetime(2025, 1, 1, 8, 0)])  # the report writes days only
