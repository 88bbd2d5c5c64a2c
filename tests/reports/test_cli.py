"""`dondoc report` as a person runs it, on a SQLite file holding the fixture plan."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from docx import Document

from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.db.models import Role
from tests.reports.conftest import OBSTACLE_I2, build_plan, person


def _dondoc(*args: str, cwd: Path, database: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM", "ZALO"))}
    environment.update(DATABASE_URL=f"sqlite+aiosqlite:///{database}", COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _database(path: Path) -> None:
    async def build() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        await upgrade(db)
        plan = await build_plan(db)
        async with db.session() as session:
            session.add(person(Role.COORDINATOR, plan.agencies["sct"], "77"))
        await db.dispose()

    asyncio.run(build())


def test_report_command_writes_three_files(tmp_path: Path) -> None:
    database = tmp_path / "dondoc.db"
    _database(database)
    out = tmp_path / "out"
    args = ("report", "--plan", "457/kh-ubnd", "--period", "Năm 2025", "--out", str(out))
    result = _dondoc(*args, cwd=tmp_path, database=database)
    assert result.returncode == 0, result.stderr
    stem = "bao-cao-457-kh-ubnd-nam-2025"
    for suffix in ("docx", "xlsx", "png"):
        path = out / f"{stem}.{suffix}"
        assert path.stat().st_size > 1000
        assert f"Đã ghi {path}" in result.stdout
    assert "Đã nhận 5/6 báo cáo (83,3%); đúng hạn: 50%." in result.stdout
    assert "Sở Tài chính" in result.stdout  # the per-agency table
    text = "\n".join(p.text for p in Document(str(out / f"{stem}.docx")).paragraphs)
    assert OBSTACLE_I2 in text

    english = _dondoc(*args, "--locale", "en", cwd=tmp_path, database=database)
    assert english.returncode == 0, english.stderr
    assert "Received 5/6 reports (83.3%); on time: 50%." in english.stdout


def test_report_command_names_unknown_plan_and_period(tmp_path: Path) -> None:
    database = tmp_path / "dondoc.db"
    _database(database)
    unknown_plan = _dondoc("report", "--plan", "1/KH", cwd=tmp_path, database=database)
    assert unknown_plan.returncode == 1
    assert "1/KH" in unknown_plan.stderr and "457/KH-UBND" in unknown_plan.stderr
    assert "Traceback" not in unknown_plan.stderr
    unknown_period = _dondoc(
        "report", "--plan", "457/KH-UBND", "--period", "Quý I/2025", cwd=tmp_path, database=database
    )
    assert unknown_period.returncode == 1
    assert "Quý I/2025" in unknown_period.stderr and "Năm 2025" in unknown_period.stderr


def test_weekly_command_queues_the_summaries(tmp_path: Path) -> None:
    database = tmp_path / "dondoc.db"
    _database(database)
    first = _dondoc("weekly", cwd=tmp_path, database=database)
    assert first.returncode == 0, first.stderr
    assert "Đã xếp 1 bản tổng hợp tuần vào hàng gửi." in first.stdout
    again = _dondoc("weekly", cwd=tmp_path, database=database)
    assert "Đã xếp 0 bản tổng hợp tuần vào hàng gửi." in again.stdout


def test_report_command_as_of_a_cut_off_date(tmp_path: Path) -> None:
    """--as-of dd/mm/yyyy judges the report on that day and says so; a bad or future date is a
    clear one-line error."""
    database = tmp_path / "dondoc.db"
    _database(database)
    out = tmp_path / "out"
    base = ("report", "--plan", "457/KH-UBND", "--period", "Năm 2025", "--out", str(out))
    result = _dondoc(*base, "--as-of", "15/01/2026", cwd=tmp_path, database=database)
    assert result.returncode == 0, result.stderr
    assert "Số liệu tính đến ngày 15/01/2026" in result.stdout
    # the reports of 17/01 and 18/01 came after the cut-off
    assert "Đã nhận 3/6 báo cáo (50%); đúng hạn: 50%." in result.stdout
    text = "\n".join(
        p.text for p in Document(str(out / "bao-cao-457-kh-ubnd-nam-2025.docx")).paragraphs
    )
    assert "Số liệu tính đến ngày 15/01/2026" in text

    for value, words in (("31/02/2026", "không hợp lệ"), ("2026-01-15", "không hợp lệ")):
        bad = _dondoc(*base, "--as-of", value, cwd=tmp_path, database=database)
        assert bad.returncode == 1
        assert value in bad.stderr and words in bad.stderr and "Traceback" not in bad.stderr
    ahead = _dondoc(*base, "--as-of", "01/01/2999", cwd=tmp_path, database=database)
    assert ahead.returncode == 1
    assert "01/01/2999" in ahead.stderr and "Traceback" not in ahead.stderr


def test_report_command_over_dates_and_for_one_agency(tmp_path: Path) -> None:
    """--from/--to keep the updates submitted in those days, --agency the tasks it leads: the same
    three files, their heading saying so; a plan is needed when there are several."""
    database = tmp_path / "dondoc.db"
    _database(database)
    out = tmp_path / "out"
    base = ("report", "--plan", "457/KH-UBND", "--out", str(out))
    dated = _dondoc(
        *base, "--from", "01/01/2026", "--to", "15/01/2026", cwd=tmp_path, database=database
    )
    assert dated.returncode == 0, dated.stderr
    assert "Các báo cáo gửi từ 01/01/2026 đến 15/01/2026" in dated.stdout
    assert "Đã nhận 1/6 báo cáo" in dated.stdout  # only I.2's, of 10/01 and 12/01
    stem = "bao-cao-457-kh-ubnd-01012026-15012026"
    assert all(
        (out / f"{stem}.{suffix}").stat().st_size > 1000 for suffix in ("docx", "xlsx", "png")
    )
    text = "\n".join(p.text for p in Document(str(out / f"{stem}.docx")).paragraphs)
    assert "Các báo cáo gửi từ 01/01/2026 đến 15/01/2026" in text and OBSTACLE_I2 in text

    both = _dondoc(
        *base,
        *("--from", "01/11/2025", "--to", "31/01/2026", "--agency", "so khcn"),
        cwd=tmp_path,
        database=database,
    )
    assert both.returncode == 0, both.stderr
    assert "Cơ quan: Sở Khoa học và Công nghệ" in both.stdout
    assert "Đã nhận 2/2 báo cáo" in both.stdout  # I.2 and II.4; II.3 is withdrawn

    unknown = _dondoc(*base, "--agency", "Sở Nội vụ", cwd=tmp_path, database=database)
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert "Sở Nội vụ" in unknown.stderr and "Sở Y tế" in unknown.stderr
    which = _dondoc("report", "--agency", "Sở Y tế", cwd=tmp_path, database=database)
    assert which.returncode == 1 and "--plan" in which.stderr and "457/KH-UBND" in which.stderr
