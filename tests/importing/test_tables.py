"""Tables as real files hold them: title rows, two-line headers, Roman parts, merged cells,
continuation rows, group rows of "-", headers repeated on each DOCX page, English headers in any
order, semicolon CSV, NFD text."""

from __future__ import annotations

import io
import unicodedata

import docx
from openpyxl import Workbook

from bot.db.engine import Database
from tests.importing.helpers import exported, import_file, summary

KHCN = "Sở Khoa học và Công nghệ"
SBN = "Các sở, ban, ngành liên quan"
ROWS = [
    # TT, content, timeframe, lead, coordinators
    ("I", "NHIỆM VỤ CHUNG", "", "", ""),
    ("1", "Xây dựng kế hoạch", "Hàng năm", "Sở KH&CN", "Các sở, ngành liên quan"),
    ("", "Tổ chức hội nghị sơ kết", "Quý II/2025", "Sở KH&CN", "Các sở, ngành liên quan"),
    ("2", "Rà soát cơ chế", "trước ngày 30/6/2025", "Sở Tư pháp", "Các sở, ngành liên quan"),
    ("II", "NHIỆM VỤ CỤ THỂ", "", "", ""),
    ("1", "Nhóm nhiệm vụ về chuyển đổi số", "-", "-", "-"),
    ("1.1", "Số hóa hồ sơ", "Tháng 12/2024", "Sở TT&TT", "Các Sở: Nội vụ, Tư pháp"),
    ("1.2", "Nâng cấp cổng thông tin", "", "Văn phòng UBND tỉnh", ""),
    ("", "Nhóm khác", "-", "-", "-"),
    ("1.3", "Truyền thông", "Thường xuyên", "Sở Y tế", ""),
    ("2", "Bảo đảm an ninh mạng", "2024-2025", "Công an tỉnh", "UBND các huyện, thị xã, thành phố"),
]
EXPECTED = [
    ("I.1", [KHCN], [SBN], "Hàng năm", "yearly", None, None),
    ("I.1-2", [KHCN], [SBN], "Quý II/2025", "quarter", "2025-04-01", "2025-06-30"),
    ("I.2", ["Sở Tư pháp"], [SBN], "trước ngày 30/6/2025", "before_date", None, "2025-06-30"),
    ("II.1.1", ["Sở Thông tin và Truyền thông"], ["Sở Nội vụ", "Sở Tư pháp"], "Tháng 12/2024",
     "month", "2024-12-01", "2024-12-31"),
    ("II.1.2", ["Văn phòng UBND tỉnh"], [], None, "empty", None, None),
    ("II.1.3", ["Sở Y tế"], [], "Thường xuyên", "ongoing", None, None),
    ("II.2", ["Công an tỉnh"], ["UBND các huyện, thị xã, thành phố"], "2024-2025", "range",
     "2024-01-01", "2025-12-31"),
]  # fmt: skip
TITLE = "(Kèm theo Kế hoạch số 457/KH-UBND ngày 08 tháng 5 năm 2024 của UBND tỉnh An Giang)"


def xlsx_with_merges() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    sheet.append(["PHỤ LỤC NHIỆM VỤ"])
    sheet.append([TITLE])
    sheet.append([])
    sheet.append(
        ["TT", "Nội dung, nhiệm vụ", "Thời gian thực hiện", "Cơ quan (đơn vị) thực hiện", None]
    )
    sheet.append([None, None, None, "Chủ trì", "Phối hợp"])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    for merged in ("A1:E1", "A2:E2", "A4:A5", "B4:B5", "C4:C5", "D4:E4"):
        sheet.merge_cells(merged)
    first = sheet.max_row + 1
    for row in ROWS:
        sheet.append([value or None for value in row])
    # Part titles merged across; the lead of 1 and its continuation merged down; one
    # coordinating list merged down over three rows (openpyxl keeps only the top-left value).
    sheet.merge_cells(f"B{first}:E{first}")
    sheet.merge_cells(f"B{first + 4}:E{first + 4}")
    sheet.merge_cells(f"D{first + 1}:D{first + 2}")
    sheet.merge_cells(f"E{first + 1}:E{first + 3}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_over_two_pages() -> bytes:
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph(TITLE)
    header = (
        "STT",
        "Nội dung công việc",
        "Thời gian thực hiện",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
    )
    first = document.add_table(rows=0, cols=5)
    second = document.add_table(rows=0, cols=5)
    for values in [header, *ROWS[:6], header]:
        cells = first.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    for values in ROWS[6:]:  # the next page: a table of its own, without a header
        cells = second.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


async def test_xlsx_with_title_rows_two_line_header_and_merged_cells(
    sqlite_database: Database,
) -> None:
    preview = await import_file(
        sqlite_database, xlsx_with_merges(), "phu-luc.xlsx", plan=None, apply=True
    )
    assert preview.plan_number == "457/KH-UBND"
    assert preview.issuer == "UBND tỉnh An Giang" and str(preview.issue_date) == "2024-05-08"
    records = await exported(sqlite_database, "457/KH-UBND")
    assert summary(records) == EXPECTED
    assert records[5]["section_titles"] == [
        "NHIỆM VỤ CỤ THỂ",
        "Nhóm nhiệm vụ về chuyển đổi số",
        "Nhóm khác",
    ]
    assert records[6]["section_titles"] == ["NHIỆM VỤ CỤ THỂ"]


async def test_docx_table_split_over_pages_with_repeated_header(sqlite_database: Database) -> None:
    preview = await import_file(
        sqlite_database, docx_over_two_pages(), "phu-luc.docx", plan=None, apply=True
    )
    assert preview.plan_number == "457/KH-UBND" and not preview.unresolved
    assert summary(await exported(sqlite_database, "457/KH-UBND")) == EXPECTED


async def test_english_headers_in_any_order_semicolons_and_nfd(sqlite_database: Database) -> None:
    lines = ["Deadline;Lead agency;Task;No.;Supporting agencies;Budget"]
    for tt, content, timeframe, lead, coordinators in ROWS:
        funding = "NSNN" if lead not in ("", "-") else ""
        lines.append(";".join((timeframe, lead, content, tt, coordinators, funding)))
    text = unicodedata.normalize("NFD", "\n".join(lines))
    preview = await import_file(
        sqlite_database, text.encode(), "tasks.csv", plan="1/KH", apply=True
    )
    assert not preview.unresolved
    records = await exported(sqlite_database, "1/KH")
    assert summary(records) == EXPECTED
    assert records[0]["content"] == "Xây dựng kế hoạch"  # stored NFC
    assert records[0]["funding"] == "NSNN"


async def test_other_sheets_without_a_header_are_ignored(sqlite_database: Database) -> None:
    workbook = Workbook()
    tasks = workbook.active
    tasks.append(["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện", "Ghi chú"])
    tasks.append(["1", "Việc A", "Sở Y tế", "Hàng năm", ""])
    notes = workbook.create_sheet("Ghi chú")
    notes.append(["a", "b", "c", "d", "e"])
    notes.append(["1", "Không phải nhiệm vụ", "Sở Nội vụ", "2025", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = await import_file(sqlite_database, buffer.getvalue(), "two-sheets.xlsx")
    assert preview.task_count == 1


async def test_a_table_without_numbers_numbers_its_tasks_in_order(
    sqlite_database: Database,
) -> None:
    text = "Nhiệm vụ,Đơn vị chủ trì\nViệc A,Sở Y tế\nViệc B,Sở Nội vụ\n"
    await import_file(sqlite_database, text.encode(), "plain.csv", plan="7/KH", apply=True)
    records = await exported(sqlite_database, "7/KH")
    assert [(r["code"], r["leads"][0]["name"]) for r in records] == [
        ("1", "Sở Y tế"),
        ("2", "Sở Nội vụ"),
    ]
