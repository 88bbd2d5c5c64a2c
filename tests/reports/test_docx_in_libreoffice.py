"""The period report DOCX as LibreOffice lays it out: converted to PDF with soffice and read back
with pdftotext. Word sizes table columns by the cells' widths, LibreOffice by the table grid; a
grid that disagrees with the cells spreads the appendix one word per line over many pages.

LibreOffice is a test dependency (.ci/run installs it): without soffice these tests fail."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Length
from sqlalchemy import insert, select

from bot.db.engine import Database
from bot.db.models import Agency, Assignment, AssignmentRole, Task
from bot.reports import period_report
from tests.reports.conftest import REPORT_DAY, build_plan

EXTRA_TASKS = 12  # with the fixture's six: an appendix of 18 rows, as a real plan's first pages
CONTENT = (
    "Triển khai ứng dụng công nghệ sinh học trong chế biến nông sản, dược liệu và bảo vệ môi "
    "trường, gắn với chuyển đổi số của các doanh nghiệp vừa và nhỏ trên địa bàn tỉnh"
)


async def _report_docx(database: Database) -> bytes:
    plan = await build_plan(database)
    async with database.session() as session:
        agency_id = await session.scalar(select(Agency.id).where(Agency.name == "Sở Y tế"))
        task_ids = (
            await session.scalars(
                insert(Task).returning(Task.id),
                [
                    {
                        "plan_id": plan.plan_id,
                        "code": f"III.{number}",
                        "position": 100 + number,
                        "content": f"{CONTENT} (số {number})",
                    }
                    for number in range(1, EXTRA_TASKS + 1)
                ],
            )
        ).all()
        await session.execute(
            insert(Assignment),
            [
                {"task_id": task_id, "agency_id": agency_id, "role": AssignmentRole.LEAD}
                for task_id in task_ids
            ],
        )
    async with database.session() as session:
        report = await period_report(
            session, plan.plan_id, "Năm 2025", today=REPORT_DAY, locale="vi"
        )
    return report.docx


def _to_pdf(docx: bytes, folder: Path) -> Path:
    soffice = shutil.which("soffice")
    assert soffice is not None, (
        "LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui"
    )
    source = folder / "report.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'lo'}",  # a profile per test: runs in parallel
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / "report.pdf"


def _pages(pdf: Path) -> list[str]:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "pdftotext is needed: apt-get install poppler-utils"
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.rstrip("\f").split("\f")


def _mm(length: Length | None) -> float:
    """A length in mm to a tenth (Word stores twips: 15 mm is 14.99)."""
    assert length is not None
    return round(length.mm, 1)


@pytest.fixture
async def pages(sqlite_database: Database, tmp_path: Path) -> list[str]:
    return _pages(_to_pdf(await _report_docx(sqlite_database), tmp_path))


def test_appendix_columns_keep_their_widths(pages: list[str]) -> None:
    # the letter (2 pages) and an 18-row appendix of long tasks on a few landscape pages
    assert 3 <= len(pages) <= 6, f"{len(pages)} pages"
    appendix = [page for page in pages if "STT" in page]
    assert len(appendix) <= (EXTRA_TASKS + 6) // 4, f"{len(appendix)} appendix pages"
    lines = [line for page in pages for line in page.splitlines()]
    header = next(line for line in lines if "STT" in line)
    for column in ("Nhiệm vụ", "Cơ quan chủ trì", "Tình trạng", "Tiến độ", "Kết quả cập nhật"):
        assert column in header, header  # side by side on one line: no column collapsed
    # a task's text runs across its column, not one word per line
    assert any("III.1. Triển khai ứng dụng" in line for line in lines)
    assert any("III.12" in line for line in lines)


def test_heading_keeps_the_national_motto_on_one_line(pages: list[str]) -> None:
    first = pages[0].splitlines()
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in first), pages[0][:800]
    assert any("Độc lập - Tự do - Hạnh phúc" in line for line in first)


async def test_grid_matches_cells_with_decree_30_margins_and_fonts(
    sqlite_database: Database,
) -> None:
    document = Document(io.BytesIO(await _report_docx(sqlite_database)))
    for section in document.sections:
        assert 20 <= _mm(section.top_margin) <= 25
        assert 20 <= _mm(section.bottom_margin) <= 25
        assert 30 <= _mm(section.left_margin) <= 35
        assert 15 <= _mm(section.right_margin) <= 20
    widest = max(
        section.page_width - section.left_margin - section.right_margin
        for section in document.sections
    )
    for table in document.tables:
        grid = [column.width for column in table.columns]
        assert sum(grid) <= widest
        for row in table.rows:
            assert [cell.width for cell in row.cells] == grid
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman"
    assert normal.size is not None and 13 <= normal.size.pt <= 14
    sizes = {
        run.font.size.pt
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if run.font.size is not None
    }
    assert sizes and min(sizes) >= 13 and max(sizes) <= 14, sizes
