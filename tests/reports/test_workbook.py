"""The period report's workbook as a file, read back with openpyxl: its title, each sheet's
column widths, frozen header row and auto-filter, fonts, number formats and types, and text that
could pass for a formula or holds characters XML does not allow. (What the cells say:
test_period_report.py.)"""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import update

from bot.db.engine import Database
from bot.db.models import StatusUpdate
from bot.reports import period_report
from bot.reports.xlsx_report import EXPLANATION_COLUMNS, TASK_COLUMNS
from tests.reports.conftest import REPORT_DAY, FixturePlan

# A column's width as the file stores it: Excel's width in characters plus 5 pixels of padding
# (of 7 a character), in 256ths of a character.
PADDING = 182 / 256


async def _workbook(database: Database, plan: FixturePlan) -> Workbook:
    async with database.session() as session:
        report = await period_report(
            session, plan.plan_id, "Năm 2025", today=REPORT_DAY, locale="vi"
        )
    return load_workbook(io.BytesIO(report.xlsx))


def _widths(sheet: Worksheet) -> list[float]:
    """Each column's width in characters (openpyxl reads adjacent equal columns as one)."""
    widths: dict[int, float] = {}
    for dimension in sheet.column_dimensions.values():
        for index in range(dimension.min, dimension.max + 1):
            widths[index] = dimension.width - PADDING
    return [widths[index] for index in sorted(widths)]


async def test_title_sheets_widths_panes_and_filters(database: Database, plan: FixturePlan) -> None:
    book = await _workbook(database, plan)
    assert book.properties.title == "Kết quả thực hiện Kế hoạch 457/KH-UBND"
    assert book.properties.creator == "dondoc"
    assert book.sheetnames == ["Tổng hợp", "Nhiệm vụ", "Giải trình"]
    summary, tasks, explaining = (book[name] for name in book.sheetnames)

    assert _widths(summary) == [48, 14, 14, 14, 14, 14, 14, 14]
    assert _widths(tasks) == [width for _, width in TASK_COLUMNS]
    assert _widths(explaining) == [width for _, width in EXPLANATION_COLUMNS]
    assert summary.freeze_panes is None
    assert tasks.freeze_panes == explaining.freeze_panes == "A2"  # the header row stays
    assert summary["A23"].value == "Cơ quan chủ trì"
    assert summary.auto_filter.ref == "A23:H27"  # the agencies' table, its header included
    assert tasks.auto_filter.ref == "A1:O7"
    assert explaining.auto_filter.ref == "A1:G1"  # no request: the header alone


async def test_fonts_number_formats_and_types(database: Database, plan: FixturePlan) -> None:
    book = await _workbook(database, plan)
    summary, tasks = book["Tổng hợp"], book["Nhiệm vụ"]
    assert summary["A1"].font.b and summary["A1"].font.sz == 13
    assert all(cell.font.b for cell in summary[23])
    assert not summary["A3"].font.b and summary["A3"].font.sz == 11
    facts = {row[0].value: row[1] for row in summary.iter_rows(min_row=3, max_row=21)}
    assert facts["Số liệu tính đến ngày"].number_format == "DD/MM/YYYY"
    assert facts["Tỷ lệ báo cáo"].number_format == "0.0%"
    assert facts["Số báo cáo phải nộp"].number_format == "General"
    assert type(facts["Số báo cáo phải nộp"].value) is int

    assert all(cell.font.b for cell in tasks[1])
    rows = {row[0].value: row for row in tasks.iter_rows(min_row=2)}
    i2, ii1 = rows["I.2"], rows["II.1"]
    assert not i2[0].font.b
    assert [i2[index].number_format for index in (4, 7, 11)] == ["DD/MM/YYYY", "0.0%", "DD/MM/YYYY"]
    assert type(i2[7].value) is float and type(i2[13].value) is int  # 50%, 0 days late
    assert i2[12].number_format == "General" and i2[12].data_type == "s"
    assert ii1[7].value is None and ii1[7].number_format == "0.0%"  # an empty cell keeps its format
    assert ii1[11].value is None and ii1[11].number_format == "DD/MM/YYYY"


async def test_text_stays_text_as_written(database: Database, plan: FixturePlan) -> None:
    async with database.session() as session:
        await session.execute(
            update(StatusUpdate)
            .where(StatusUpdate.result == "Đã xây dựng xong cơ sở dữ liệu")
            .values(
                result="  +1 dòng\r\ndòng 2\rdòng 3",
                obstacles="x\x01y\x0bz\x1f",
                proposals='\x01=HYPERLINK("http://x")',
            )
        )
        await session.execute(
            update(StatusUpdate)
            .where(StatusUpdate.result == "Đã mở 2 lớp")
            .values(result="_x0041_ là mã lớp", obstacles="Thiê\u0301u kinh phí")
        )
    tasks = (await _workbook(database, plan))["Nhiệm vụ"]
    rows = {row[0].value: row for row in tasks.iter_rows(min_row=2)}
    result, obstacles, proposals = rows["I.1"][8:11]
    assert result.value == "  +1 dòng\ndòng 2\ndòng 3"  # line breaks as an XML reader reads them
    for cell in (result, proposals):  # could pass for formulas: text, kept text in Excel
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert proposals.value == '=HYPERLINK("http://x")'
    assert obstacles.value == "xyz"  # control characters removed
    assert not obstacles.quotePrefix and not rows["I.1"][2].quotePrefix
    escaped = rows["II.4"][8]
    assert escaped.value == "_x0041_ là mã lớp"  # as typed, not Excel's escape of "A"
    assert not escaped.quotePrefix
    assert rows["II.4"][9].value == "Thiếu kinh phí"  # NFC, as dondoc compares text
