"""Issue 12, item 1: text that looks like a formula is exported as inert text.

Such text reaches the database through a CSV cell the import's formula check lets through, a DOCX
or TXT plan (no check at all) and an agency name created with --yes. Every spreadsheet and CSV
dondoc writes goes through `bot.sheets`, which types such cells as text (XLSX) or prefixes them
with an apostrophe (CSV, OWASP's rule).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from bot.importing.export import to_xlsx
from bot.sheets import EXCEL_CELL_LIMIT, ILLEGAL_CHARACTERS, csv_bytes, xlsx_text
from tests.importing.test_cli import _dondoc

HOSTILE = "=cmd|' /C calc'!A0"
CSV_PLAN = (
    "STT,Nội dung công việc,Cơ quan chủ trì,Cơ quan phối hợp,Sản phẩm,Thời gian thực hiện\n"
    f'1,"{HOSTILE}",Sở Y tế,,"+1+1",Hàng năm\n'
    '2,"@SUM 1",Sở Y tế,"-2+3 Ban Pháp chế",,"\tHàng năm"\n'
)


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        return "".join(archive.read(name).decode() for name in names)


def test_formula_like_text_is_exported_inert(tmp_path: Path) -> None:
    source = tmp_path / "f.csv"
    source.write_text(CSV_PLAN, encoding="utf-8")
    imported = _dondoc("import", str(source), "--plan", "F/1", "--yes", cwd=tmp_path)
    assert imported.returncode == 0, imported.stdout + imported.stderr

    xlsx = tmp_path / "f.xlsx"
    done = _dondoc(
        "export", "tasks", "--plan", "F/1", "--format", "xlsx", "--out", str(xlsx), cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout
    xml = _sheet_xml(xlsx)
    assert "<f>" not in xml and "<f " not in xml
    assert "cmd|" in xml  # the text itself is kept, as text
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    typed = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    assert typed[HOSTILE].data_type == "s" and typed[HOSTILE].quotePrefix

    again = _dondoc("import", str(xlsx), "--plan", "F/1", "--yes", cwd=tmp_path)
    assert again.returncode == 0, again.stdout  # a sheet without formulas: "=…" is text
    assert "0 nhiệm vụ mới, 0 cập nhật, 2 giữ nguyên, 0 rút" in again.stdout

    out = tmp_path / "f-out.csv"
    done = _dondoc(
        "export", "tasks", "--plan", "F/1", "--format", "csv", "--out", str(out), cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + HOSTILE in cells and "'+1+1" in cells and "'@SUM 1" in cells
    assert not [cell for cell in cells if re.match(r"[=+\-@\t\r]", cell)], cells

    again = _dondoc("import", str(out), "--plan", "F/1", "--yes", cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    assert "0 nhiệm vụ mới, 0 cập nhật, 2 giữ nguyên, 0 rút" in again.stdout


def test_csv_writer_follows_owasp() -> None:
    written = csv_bytes([["=1+1", "+1", "-1", "@a", "\tx", "\rx", " =x", "a=b", "", "1.5"]])
    row = next(csv.reader(io.StringIO(written.decode("utf-8-sig"), newline="")))
    assert row == ["'=1+1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "' =x", "a=b", "", "1.5"]


def test_a_workbook_text_cell_is_nfc_without_control_characters_and_inert() -> None:
    decomposed = "Sở Tài chi\u0301nh"  # "í" as "i" and a combining acute accent
    assert xlsx_text(decomposed) == ("Sở Tài chính", False)
    assert xlsx_text("a\x01b\x0bc\x0cd\x1fe\tf\ng") == ("abcde\tf\ng", False)
    assert xlsx_text("dòng 1\r\ndòng 2\rdòng 3") == ("dòng 1\ndòng 2\ndòng 3", False)
    # removing a control character cannot uncover a formula the check then misses
    assert xlsx_text('\x01=HYPERLINK("http://x")') == ('=HYPERLINK("http://x")', True)
    for text in ("=1+1", "+1", "-1", "@a", "\tx", "  =x"):
        assert xlsx_text(text)[1], text
    assert not xlsx_text("a=b")[1] and not xlsx_text("")[1]


def test_a_workbook_text_cell_holds_at_most_excels_32767_characters() -> None:
    assert xlsx_text("x" * EXCEL_CELL_LIMIT)[0] == "x" * EXCEL_CELL_LIMIT
    assert xlsx_text("ạ" * (EXCEL_CELL_LIMIT + 10))[0] == "ạ" * EXCEL_CELL_LIMIT
    # Excel counts UTF-16 code units: an emoji takes two, and is never cut in half
    capped = xlsx_text("x" + "😀" * EXCEL_CELL_LIMIT)[0]
    assert capped == "x" + "😀" * ((EXCEL_CELL_LIMIT - 1) // 2)


def test_the_control_characters_removed_are_openpyxls() -> None:
    assert ILLEGAL_CHARACTERS.pattern == ILLEGAL_CHARACTERS_RE.pattern


def test_the_task_export_holds_safe_text() -> None:
    record = {
        "code": "1",
        "section": "",
        "section_titles": [],
        "content": '=HYPERLINK("http://evil.example","bấm")\x01',
        "leads": [{"name": "Sở Y\x0b tế", "successor": None}],
        "coordinators": [],
        "product": "Ba\u0301o ca\u0301o",
        "timeframe": {"raw": "Quý I"},
        "funding": None,
    }
    sheet = load_workbook(io.BytesIO(to_xlsx([record]))).active
    assert sheet is not None
    content, lead, _, product = (sheet.cell(2, column) for column in range(2, 6))
    assert content.value == '=HYPERLINK("http://evil.example","bấm")'
    assert content.data_type == "s" and content.quotePrefix
    assert lead.value == "Sở Y tế" and not lead.quotePrefix
    assert product.value == "Báo cáo"
