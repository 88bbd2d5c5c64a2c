"""Issue 12, items 3 and 6: what a file unpacks to is bounded, and a refusal names the limit.

The 20 MB limit counts the compressed file: a 4 MB XLSX whose cells unpacked to gigabytes
reached 5 GB of memory, and one with 500 KB shared strings replaced a stored plan's 15 tasks.
Now the total unpacked size (IMPORT_MAX_UNPACKED_BYTES), one cell (IMPORT_MAX_CELL_CHARS), the
sheets (IMPORT_MAX_SHEETS), rows (IMPORT_MAX_ROWS) and cells (IMPORT_MAX_CELLS) are bounded,
and a refused file leaves the stored plan as it was. The bombs are built in tmp without writing
what they unpack to (tests/importing/bombs.py).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.importing.errors import ImportFailed
from bot.importing.readers import ReadLimits, read_document
from tests.importing.bombs import Repeated, docx_bomb, members_of, write_zip
from tests.importing.helpers import SAMPLES

MEMORY_BOUND_MB = 400
HEADER = ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện"]
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
MB = 1024 * 1024


def _workbook(*rows: list[object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _dondoc(tmp_path: Path, *args: str) -> tuple[int, str, int]:
    """Run the real CLI in a child process: (exit code, output, the child's peak RSS in MB).

    The peak is the kernel's VmHWM of the child's own address space: getrusage's ru_maxrss would
    carry over the forking parent's high-water mark (the test process, hundreds of MB into a long
    run), because Linux keeps it across exec."""
    code = (
        "import re, sys\n"
        "from bot.cli import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "finally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    peak = int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1))\n"
        "    print(f'PEAK {peak // 1024}', file=sys.stderr)\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM", "ZALO"))}
    environment |= {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'dondoc.db'}"}
    environment |= {"COLUMNS": "300"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    peak = int(done.stderr.rsplit("PEAK ", 1)[1].split()[0])
    return done.returncode, done.stdout + done.stderr, peak


def _stored_tasks(tmp_path: Path) -> list[str]:
    code, output, _ = _dondoc(tmp_path, "export", "tasks", "--plan", "1600/KH-UBND")
    assert code == 0, output
    return [record["code"] for record in json.loads(output.rsplit("PEAK", 1)[0])]


@pytest.fixture
def stored_plan(tmp_path: Path) -> list[str]:
    sample = str(SAMPLES / "quangnam-kh1600-phuluc.xlsx")
    code, output, _ = _dondoc(tmp_path, "import", sample, "--plan", "1600/KH-UBND", "--yes")
    assert code == 0, output
    return _stored_tasks(tmp_path)


SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _with_shared_strings(count: int, strings: bytes | Repeated) -> dict[str, bytes | Repeated]:
    """A workbook whose task rows 2 … count+1 take their content (column B) from shared string
    0 … count-1 of `strings` (openpyxl itself writes inline strings, and cuts long ones)."""
    rows = [[str(n), f"LONG{n}", "Sở Y tế", "Hàng năm"] for n in range(count)]
    members = members_of(_workbook(*rows))
    sheet = members["xl/worksheets/sheet1.xml"]
    rels = members["xl/_rels/workbook.xml.rels"]
    types = members["[Content_Types].xml"]
    assert isinstance(sheet, bytes) and isinstance(rels, bytes) and isinstance(types, bytes)
    for n in range(count):
        inline = f'<c r="B{n + 2}" t="inlineStr"><is><t>LONG{n}</t></is></c>'.encode()
        assert inline in sheet
        sheet = sheet.replace(inline, f'<c r="B{n + 2}" t="s"><v>{n}</v></c>'.encode())
    members["xl/worksheets/sheet1.xml"] = sheet
    members["xl/_rels/workbook.xml.rels"] = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.openxml'
        b'formats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
    )
    members["[Content_Types].xml"] = types.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
        b'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    members["xl/sharedStrings.xml"] = strings
    return members


def _sheet_bomb(path: Path) -> None:
    members = members_of(_workbook(["1", "Nhiệm vụ", "Sở Y tế", "Hàng năm"]))
    cell = b'<row><c t="inlineStr"><is><t>' + b"A" * MB + b"</t></is></c></row>"
    members["xl/worksheets/sheet1.xml"] = Repeated(
        SHEET_HEAD, cell, 1024, b"</sheetData></worksheet>"
    )
    write_zip(path, members)


def _shared_strings_bomb(path: Path) -> None:
    strings = Repeated(SST + b"<si><t>", b"A" * MB, 1024, b"</t></si></sst>")
    write_zip(path, _with_shared_strings(1, strings))


@pytest.mark.parametrize("build", [_sheet_bomb, _shared_strings_bomb], ids=["sheet", "strings"])
def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path: Path, stored_plan, build) -> None:
    bomb = tmp_path / "bomb.xlsx"
    build(bomb)
    assert bomb.stat().st_size < 20 * MB
    code, output, peak = _dondoc(tmp_path, "import", str(bomb), "--plan", "1600/KH-UBND", "--yes")
    assert code == 1
    assert "IMPORT_MAX_UNPACKED_BYTES" in output and "200 MB" in output, output
    assert "Traceback" not in output
    assert peak < MEMORY_BOUND_MB, f"peak memory {peak} MB"
    assert _stored_tasks(tmp_path) == stored_plan


def test_a_member_larger_than_its_header_says_is_a_damaged_file(tmp_path: Path) -> None:
    members = members_of(_workbook(["1", "Nhiệm vụ", "Sở Y tế", "Hàng năm"]))
    cell = b'<row><c t="inlineStr"><is><t>' + b"A" * MB + b"</t></is></c></row>"
    members["xl/worksheets/sheet1.xml"] = Repeated(
        SHEET_HEAD, cell, 1024, b"</sheetData></worksheet>"
    )
    liar = tmp_path / "liar.xlsx"
    write_zip(liar, members, declared={"xl/worksheets/sheet1.xml": 4096})
    code, output, peak = _dondoc(tmp_path, "import", str(liar), "--plan", "X/1", "--yes")
    assert code == 1 and "bị hỏng" in output and "Traceback" not in output, output
    assert peak < MEMORY_BOUND_MB, f"peak memory {peak} MB"


def test_long_cells_are_refused_and_the_stored_plan_kept(tmp_path: Path, stored_plan) -> None:
    long = "<si><t>Nhiệm vụ ".encode() + b"A" * 500_000 + b"</t></si>"
    members = _with_shared_strings(5, SST + long * 5 + b"</sst>")
    path = tmp_path / "long.xlsx"
    write_zip(path, members)
    code, output, _ = _dondoc(tmp_path, "import", str(path), "--plan", "1600/KH-UBND", "--yes")
    assert code == 1, output
    assert "ô B2" in output and "500.009" in output and "32.767" in output, output
    assert "IMPORT_MAX_CELL_CHARS" in output
    assert _stored_tasks(tmp_path) == stored_plan


def _refusal(data: bytes, name: str, **limits: int) -> ImportFailed:
    with pytest.raises(ImportFailed) as refused:
        read_document(data, name, max_bytes=20 * MB, max_rows=20_000, limits=ReadLimits(**limits))
    return refused.value


def test_too_many_sheets() -> None:
    workbook = Workbook()
    for number in range(5):
        workbook.create_sheet(f"S{number}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    message = _refusal(buffer.getvalue(), "many.xlsx", max_sheets=3).message("vi")
    assert "6 trang tính" in message and "IMPORT_MAX_SHEETS" in message


def test_too_many_cells_counts_the_padding_of_a_far_away_column() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet["XFD1"] = "x"  # every row read is padded to column 16,384
    for number in range(1, 200):
        sheet.append([str(number), "Nhiệm vụ", "Sở Y tế", "Hàng năm"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    message = _refusal(buffer.getvalue(), "wide.xlsx").message("en")
    assert "more than 2,000,000 cells" in message and "IMPORT_MAX_CELLS" in message, message


def test_rows_are_counted_over_all_sheets() -> None:
    workbook = Workbook()
    for name in ("A", "B"):
        sheet = workbook.create_sheet(name)
        for number in range(40):
            sheet.append([str(number), "Nhiệm vụ"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportFailed) as refused:
        read_document(buffer.getvalue(), "rows.xlsx", max_bytes=MB, max_rows=10)
    assert "IMPORT_MAX_ROWS" in refused.value.message("vi")


def test_a_csv_cell_over_the_csv_module_limit_is_named() -> None:
    text = "STT,Nội dung công việc,Cơ quan chủ trì\n1,Nhiệm vụ,Sở Y tế\n2," + "A" * 200_000
    message = _refusal((text + ",Sở Y tế\n").encode(), "long.csv").message("vi")
    assert "ô B3" in message and "200.000" in message and "32.767" in message, message
    assert "IMPORT_MAX_CELL_CHARS" in message


def test_a_docx_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    docx_bomb(bomb)
    message = _refusal(bomb.read_bytes(), "bomb.docx").message("en")
    assert "unpacks to about 301 MB" in message and "IMPORT_MAX_UNPACKED_BYTES" in message
