"""The period report's files, read back with python-docx and openpyxl."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import update

from bot.db.engine import Database
from bot.db.models import Agency, Plan, ReportingPeriod, StatusUpdate
from bot.reports import PeriodReport, ReportError, period_report
from tests.reports.conftest import (
    OBSTACLE_I2,
    OBSTACLE_I3,
    OBSTACLE_II4,
    PROPOSAL_I2,
    PROPOSAL_II2,
    REPORT_DAY,
    FixturePlan,
    at,
)


async def _report(
    database: Database, plan_id: int, label: str | None, locale: str = "vi"
) -> PeriodReport:
    async with database.session() as session:
        return await period_report(session, plan_id, label, today=REPORT_DAY, locale=locale)


def _docx_text(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = Document(io.BytesIO(data))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return paragraphs, tables


async def test_docx_follows_decree_30_and_quotes_every_agency(
    database: Database, plan: FixturePlan
) -> None:
    report = await _report(database, plan.plan_id, "năm 2025")  # labels match without case
    assert report.file_stem == "bao-cao-457-kh-ubnd-nam-2025"
    paragraphs, tables = _docx_text(report.docx)
    heading, signature, appendix = tables

    left, right = heading[0]
    # Dated after 1 July 2025: issued under Đà Nẵng, which Quảng Nam merged into.
    assert left.splitlines() == ["UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ CÔNG THƯƠNG", "Số:      /BC-……"]
    assert right.splitlines() == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đà Nẵng, ngày 20 tháng 01 năm 2026",
    ]
    assert "BÁO CÁO" in paragraphs
    assert (
        "Kết quả thực hiện Kế hoạch số 457/KH-UBND ngày 01/03/2025 của UBND tỉnh Quảng Nam"
        in paragraphs
    )
    assert "Đã nhận 5/6 báo cáo (tỷ lệ 83,3%), trong đó 3 báo cáo đúng hạn (tỷ lệ 50%)." in (
        paragraphs
    )
    assert "Có 1 cơ quan chưa từng báo cáo: Sở Y tế." in paragraphs
    order = [
        paragraphs.index(text)
        for text in (
            "I. TÌNH HÌNH CHUNG VÀ KẾT QUẢ THỰC HIỆN",
            "I. Nhiệm vụ chung",
            "II. Nhiệm vụ cụ thể",
            "II. TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC",
            "III. ĐỀ XUẤT, KIẾN NGHỊ",
        )
    ]
    assert order == sorted(order)
    group_i = paragraphs[paragraphs.index("I. Nhiệm vụ chung") + 1 :][:4]
    assert group_i == [
        "3 nhiệm vụ: 1 hoàn thành đúng hạn, 1 hoàn thành quá hạn, 0 chưa hoàn thành trong hạn, "
        "1 chưa hoàn thành quá hạn.",
        "- Sở Công Thương: 1 nhiệm vụ, đã hoàn thành 1; cập nhật gần nhất (I.1, ngày 20/06/2025): "
        "Đã hoàn thành, 100%; Đã xây dựng xong cơ sở dữ liệu",
        "- Sở KH&ĐT (nay là Sở Tài chính): 1 nhiệm vụ, đã hoàn thành 1; cập nhật gần nhất "
        "(I.3, ngày 18/01/2026): Đã hoàn thành, 100%; Đã bố trí 2.500 triệu đồng",
        "- Sở Khoa học và Công nghệ: 1 nhiệm vụ, đã hoàn thành 0; cập nhật gần nhất "
        "(I.2, ngày 12/01/2026): Có khó khăn, vướng mắc, 50%; Đã tổ chức 3 hội nghị",
    ]
    group_ii = paragraphs[paragraphs.index("II. Nhiệm vụ cụ thể") + 1 :][:4]
    assert group_ii[0].startswith("3 nhiệm vụ: 0 hoàn thành đúng hạn")
    assert group_ii[3] == "- Sở Y tế: 1 nhiệm vụ, đã hoàn thành 0; chưa có cập nhật."
    text = "\n".join(paragraphs)
    for obstacle in (OBSTACLE_I2, OBSTACLE_I3, OBSTACLE_II4):
        assert obstacle in text
    assert f"- Sở KH&ĐT (nay là Sở Tài chính) (I.3): {OBSTACLE_I3}" in paragraphs
    for proposal in (PROPOSAL_I2, PROPOSAL_II2):
        assert proposal in text
    assert "Ý kiến cũ đã sửa" not in text  # superseded version
    assert "Nhiệm vụ đã rút" not in text  # withdrawn task
    assert "Trong kỳ chưa nhận được báo cáo nào" not in text

    assert signature[0][0].splitlines()[0] == "Nơi nhận:"
    assert "- UBND thành phố Đà Nẵng (b/c);" in signature[0][0]
    assert "Quảng Nam (b/c)" not in signature[0][0]
    assert signature[0][1].startswith("GIÁM ĐỐC")

    assert appendix[0] == [
        "STT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Tình trạng",
        "Tiến độ",
        "Kết quả cập nhật gần nhất",
        "Ngày cập nhật",
        "Báo cáo đúng hạn",
    ]
    rows = appendix[1:]
    assert [row[1].split(".")[0] + "." + row[1].split(".")[1] for row in rows] == [
        "I.1",
        "I.2",
        "I.3",
        "II.1",
        "II.2",
        "II.4",
    ]
    assert rows[2] == [
        "3",
        "I.3. Bố trí kinh phí thực hiện",
        "Sở KH&ĐT (nay là Sở Tài chính)",
        "Đã hoàn thành",
        "100%",
        "Đã bố trí 2.500 triệu đồng",
        "18/01/2026",
        "Trễ hạn 3 ngày",
    ]
    assert rows[3][2:] == ["Sở Y tế", "Chưa báo cáo", "", "", "", "Chưa báo cáo"]
    assert rows[4][1] == "II.2. =Kết nối cung cầu sản phẩm"  # the 2025 status, not 2026's
    assert rows[4][3] == "Chưa triển khai"

    document = Document(io.BytesIO(report.docx))
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14
    assert report.chart_png.startswith(b"\x89PNG")
    assert "Đã nhận 5/6 báo cáo (83,3%)" in report.summary_text


async def test_xlsx_cells_and_no_formula_injection(database: Database, plan: FixturePlan) -> None:
    report = await _report(database, plan.plan_id, "Năm 2025")
    workbook = load_workbook(io.BytesIO(report.xlsx))
    assert workbook.sheetnames == ["Tổng hợp", "Nhiệm vụ", "Giải trình"]

    summary = workbook["Tổng hợp"]
    facts = {row[0]: row[1] for row in summary.iter_rows(min_col=1, max_col=2, values_only=True)}
    assert facts["Kỳ báo cáo"] == "Năm 2025"
    assert facts["Số báo cáo phải nộp"] == 6
    assert facts["Số báo cáo đã nhận"] == 5
    assert facts["Tỷ lệ báo cáo"] == pytest.approx(5 / 6)
    assert facts["Tỷ lệ báo cáo đúng hạn"] == pytest.approx(0.5)
    assert facts["Hoàn thành đúng hạn"] == 1
    assert facts["Hoàn thành quá hạn"] == 1
    assert facts["Chưa hoàn thành, trong hạn"] == 0
    assert facts["Chưa hoàn thành, quá hạn"] == 4
    assert facts["Số báo cáo trễ hạn"] == 2
    assert facts["Số liệu tính đến ngày"] == datetime(2026, 1, 20)
    assert facts["Chưa báo cáo"] == 1
    assert facts["Cơ quan chưa từng báo cáo"] == "Sở Y tế"
    agencies = {
        row[0]: row[1:8]
        for row in summary.iter_rows(values_only=True)
        if row[0] in {"Sở Công Thương", "Sở Tài chính", "Sở Y tế"}
    }
    # expected, received, rate, on time, on-time rate, late, done
    assert agencies["Sở Công Thương"] == (2, 2, 1.0, 1, 0.5, 1, 1)
    assert agencies["Sở Y tế"][:2] == (1, 0)
    assert summary.auto_filter.ref

    tasks = workbook["Nhiệm vụ"]
    assert tasks.auto_filter.ref == "A1:O7"
    header = [cell.value for cell in tasks[1]]
    assert header[:8] == [
        "Mã",
        "Nhóm nhiệm vụ",
        "Nhiệm vụ",
        "Thời gian thực hiện",
        "Thời hạn",
        "Cơ quan chủ trì",
        "Tình trạng",
        "Tiến độ",
    ]
    rows = {row[0].value: row for row in tasks.iter_rows(min_row=2)}
    assert list(rows) == ["I.1", "I.2", "I.3", "II.1", "II.2", "II.4"]
    assert [cell.value for cell in rows["I.1"][2:5]] == [
        "Xây dựng cơ sở dữ liệu công nghiệp sinh học",
        "Quý II/2025",
        datetime(2025, 6, 30),
    ]
    i2 = [cell.value for cell in rows["I.2"]]
    assert i2[1] == "I. Nhiệm vụ chung"
    assert i2[4] == datetime(2026, 1, 15)  # no own deadline: the period's due date
    assert i2[6:10] == ["Có khó khăn, vướng mắc", 0.5, "Đã tổ chức 3 hội nghị", OBSTACLE_I2]
    assert i2[11] == datetime(2026, 1, 12)
    assert i2[12:] == ["Đúng hạn", 0, "Chưa hoàn thành, quá hạn"]
    assert [cell.value for cell in rows["I.3"][12:14]] == ["Trễ hạn 3 ngày", 3]
    assert [cell.value for cell in rows["II.1"][12:14]] == ["Chưa báo cáo", None]

    injected = {
        rows["I.2"][10]: PROPOSAL_I2,
        rows["II.2"][2]: "=Kết nối cung cầu sản phẩm",
        rows["II.2"][10]: PROPOSAL_II2,
        rows["I.3"][9]: OBSTACLE_I3,
    }
    for cell, text in injected.items():
        assert cell.value == text
        assert cell.data_type == "s", cell.coordinate
        assert cell.quotePrefix, cell.coordinate  # stays text when edited in Excel
    raw = load_workbook(io.BytesIO(report.xlsx), data_only=False)["Nhiệm vụ"]
    assert all(cell.data_type != "f" for row in raw.iter_rows() for cell in row)


async def test_empty_period_says_nothing_was_received(
    database: Database, plan: FixturePlan
) -> None:
    async with database.session() as session:
        rule_id = (await session.get(ReportingPeriod, plan.period_2026)).rule_id
        session.add(
            ReportingPeriod(
                rule_id=rule_id,
                plan_id=plan.plan_id,
                label="Năm 2027",
                start=date(2026, 12, 15),
                end=date(2027, 12, 14),
                due_date=date(2028, 1, 15),
            )
        )
    report = await _report(database, plan.plan_id, "Năm 2027")
    assert report.figures.received == 0 and report.figures.expected == 6
    paragraphs, tables = _docx_text(report.docx)
    assert "Trong kỳ chưa nhận được báo cáo nào của các cơ quan chủ trì." in paragraphs
    assert "Chưa nhận được báo cáo nào trong kỳ." in report.summary_text
    assert len(tables[2]) == 7  # the appendix still lists every task

    empty_plan = await _report(database, plan.other_plan_id, None)  # no rules, no tasks
    paragraphs, tables = _docx_text(empty_plan.docx)
    assert "Trong kỳ chưa nhận được báo cáo nào của các cơ quan chủ trì." in paragraphs
    assert "Các cơ quan không báo cáo khó khăn, vướng mắc." in paragraphs
    assert len(tables[2]) == 1
    assert load_workbook(io.BytesIO(empty_plan.xlsx))["Nhiệm vụ"].max_row == 1
    assert empty_plan.chart_png.startswith(b"\x89PNG")


async def test_default_period_is_the_one_just_past(database: Database, plan: FixturePlan) -> None:
    """/report with no label: the most recent period whose deadline has passed (the report the
    coordinator writes now); before any deadline has passed, the current period."""
    async with database.session() as session:  # followed since its import, in March 2025
        await session.execute(
            update(Plan).where(Plan.id == plan.plan_id).values(created_at=at(2025, 3, 5))
        )
    report = await _report(database, plan.plan_id, None)
    assert report.file_stem.endswith("nam-2025")
    assert (report.figures.expected, report.figures.received) == (6, 5)
    async with database.session() as session:
        before = await period_report(
            session, plan.plan_id, None, today=date(2026, 1, 15), locale="vi"
        )
    assert before.file_stem.endswith("nam-2025")  # due today: not yet past, and the current one


async def test_english_report(database: Database, plan: FixturePlan) -> None:
    report = await _report(database, plan.plan_id, "Năm 2025", locale="en")
    assert report.file_stem == "report-457-kh-ubnd-nam-2025"
    paragraphs, tables = _docx_text(report.docx)
    assert "SOCIALIST REPUBLIC OF VIETNAM" in tables[0][0][1]
    assert "REPORT" in paragraphs
    assert "Received 5/6 reports (83.3%), 3 of them on time (50%)." in paragraphs
    assert tables[2][0][0] == "No."
    assert "Received 5/6 reports (83.3%); on time: 50%." in report.summary_text
    assert load_workbook(io.BytesIO(report.xlsx)).sheetnames == ["Summary", "Tasks", "Explanations"]


async def test_unknown_period_is_a_clear_error(database: Database, plan: FixturePlan) -> None:
    with pytest.raises(ReportError) as caught:
        await _report(database, plan.plan_id, "Quý V/2025")
    message = caught.value.message("vi")
    assert "Quý V/2025" in message and "Năm 2025, Năm 2026" in message
    assert "Quý V/2025" in caught.value.message("en")


async def test_odd_text_does_not_break_the_files(database: Database, plan: FixturePlan) -> None:
    """Control characters (not allowed in XML), markup and "$" (math in matplotlib) as written."""
    odd = "Kết quả\x07 <b>&amp; $x$\tcuối"
    async with database.session() as session:
        await session.execute(
            update(StatusUpdate)
            .where(StatusUpdate.result == "Đã xây dựng xong cơ sở dữ liệu")
            .values(result=odd)
        )
        await session.execute(
            update(Agency).where(Agency.id == plan.agencies["sct"]).values(name="Sở $Công$ Thương")
        )
    report = await _report(database, plan.plan_id, "Năm 2025")
    _, tables = _docx_text(report.docx)
    assert tables[2][1][2] == "Sở $Công$ Thương"
    assert tables[2][1][5] == "Kết quả <b>&amp; $x$ cuối"
    tasks = load_workbook(io.BytesIO(report.xlsx))["Nhiệm vụ"]
    assert tasks["I2"].value == "Kết quả <b>&amp; $x$\tcuối"
    assert report.chart_png.startswith(b"\x89PNG")


async def _issued_under(database: Database, plan_id: int, today: date) -> tuple[str, str, str]:
    """The report's issuing body, place line and first recipient, as dated `today`."""
    async with database.session() as session:
        report = await period_report(session, plan_id, "Năm 2025", today=today, locale="vi")
    _, tables = _docx_text(report.docx)
    heading, signature = tables[0], tables[1]
    return (
        heading[0][0].splitlines()[0],
        heading[0][1].splitlines()[2],
        signature[0][0].splitlines()[1],
    )


async def test_the_province_is_the_one_of_the_reports_date(
    database: Database, plan: FixturePlan
) -> None:
    """Quảng Nam merged into Đà Nẵng on 1 July 2025: a report dated before keeps it; a province
    that merged with none (Quảng Ngãi took Kon Tum in and kept its name) stays as it is."""
    assert await _issued_under(database, plan.plan_id, date(2025, 6, 30)) == (
        "UBND TỈNH QUẢNG NAM",
        "Quảng Nam, ngày 30 tháng 6 năm 2025",
        "- UBND tỉnh Quảng Nam (b/c);",
    )
    assert await _issued_under(database, plan.plan_id, date(2028, 1, 18)) == (
        "UBND THÀNH PHỐ ĐÀ NẴNG",
        "Đà Nẵng, ngày 18 tháng 01 năm 2028",
        "- UBND thành phố Đà Nẵng (b/c);",
    )
    async with database.session() as session:
        await session.execute(
            update(Plan).where(Plan.id == plan.plan_id).values(issuer="UBND tỉnh Quảng Ngãi")
        )
        await session.commit()
    assert await _issued_under(database, plan.plan_id, date(2028, 1, 18)) == (
        "UBND TỈNH QUẢNG NGÃI",
        "Quảng Ngãi, ngày 18 tháng 01 năm 2028",
        "- UBND tỉnh Quảng Ngãi (b/c);",
    )
