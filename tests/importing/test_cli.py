"""`dondoc import`, `dondoc export tasks` and `dondoc agencies` as an admin runs them."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from tests.importing.helpers import SAMPLES


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def _dondoc(*args: str, cwd: Path, stdin: str | None = None) -> Outcome:
    """Run a dondoc command in-process (Typer's runner): the same code path as the terminal,
    without paying Python's start-up for every command."""
    runner = CliRunner()
    environment = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{cwd / 'dondoc.db'}",
        "COLUMNS": "200",
    }
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(app, list(args), input=stdin, env=environment)
    finally:
        os.chdir(previous)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def _subprocess(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM", "ZALO"))}
    environment["DATABASE_URL"] = f"sqlite+aiosqlite:///{cwd / 'dondoc.db'}"
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_preview_apply_export(tmp_path: Path) -> None:
    xlsx = str(SAMPLES / "quangnam-kh1600-phuluc.xlsx")
    dry = _dondoc("import", xlsx, "--plan", "1600/KH-UBND", "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "Nhiệm vụ: 15" in dry.stdout and "Sở Khoa học và Công nghệ" in dry.stdout
    declined = _dondoc("import", xlsx, "--plan", "1600/KH-UBND", cwd=tmp_path, stdin="n\n")
    assert declined.returncode == 1 and "Đã hủy" in declined.stdout
    applied = _dondoc("import", xlsx, "--plan", "1600/KH-UBND", cwd=tmp_path, stdin="y\n")
    assert applied.returncode == 0, applied.stderr
    assert "Đã nạp: 15 nhiệm vụ mới" in applied.stdout
    exported = _dondoc(
        "export", "tasks", "--plan", "1600/KH-UBND", "--format", "json", cwd=tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    records = json.loads(exported.stdout)
    assert [record["code"] for record in records][:3] == ["1.1", "1.2", "1.3"]
    assert records[7]["leads"] == [
        {"name": "Sở Kế hoạch và Đầu tư", "group": False, "successor": "Sở Tài chính"}
    ]
    assert records[0]["timeframe"] == {
        "raw": "Hàng năm",
        "kind": "yearly",
        "start": None,
        "end": None,
    }
    out = tmp_path / "tasks.csv"
    written = _dondoc(
        "export",
        "tasks",
        "--plan",
        "1600/KH-UBND",
        "--format",
        "csv",
        "--out",
        str(out),
        cwd=tmp_path,
    )
    assert written.returncode == 0 and out.exists()
    again = _dondoc("import", str(out), "--plan", "1600/KH-UBND", "--yes", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "0 nhiệm vụ mới, 0 cập nhật, 15 giữ nguyên, 0 rút" in again.stdout


def test_bad_input_exits_non_zero_with_one_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    result = _subprocess("import", str(broken), "--plan", "1/KH", "--yes", cwd=tmp_path)
    assert result.returncode == 1
    assert "broken.xlsx" in result.stderr and "Traceback" not in result.stderr
    missing = _dondoc("export", "tasks", "--plan", "404/KH", cwd=tmp_path)
    assert missing.returncode == 1 and "404/KH" in missing.stderr


def test_unknown_agency_mapped_or_accepted(tmp_path: Path) -> None:
    table = tmp_path / "plan.csv"
    table.write_text(
        "STT;Nội dung;Cơ quan chủ trì;Cơ quan phối hợp;Thời gian thực hiện\n"
        "1;Việc một;Sở Hư cấu;Sở Y tế;Năm 2025\n",
        encoding="utf-8",
    )
    refused = _dondoc("import", str(table), "--plan", "9/KH", cwd=tmp_path, stdin="y\n")
    assert refused.returncode == 1 and "Sở Hư cấu" in refused.stdout
    mapped = _dondoc(
        "import",
        str(table),
        "--plan",
        "9/KH",
        "--map",
        "Sở Hư cấu=Sở Tư pháp",
        "--yes",
        cwd=tmp_path,
    )
    assert mapped.returncode == 0, mapped.stderr
    records = json.loads(_dondoc("export", "tasks", "--plan", "9/KH", cwd=tmp_path).stdout)
    assert records[0]["leads"][0]["name"] == "Sở Tư pháp"
    other = tmp_path / "other.csv"
    other.write_text(
        table.read_text(encoding="utf-8").replace("Hư cấu", "Mới lạ"), encoding="utf-8"
    )
    accepted = _dondoc("import", str(other), "--plan", "10/KH", "--yes", cwd=tmp_path)
    assert accepted.returncode == 0 and "Sở Mới lạ" in accepted.stdout
    listing = _dondoc("agencies", "list", cwd=tmp_path)
    assert "Sở Mới lạ" in listing.stdout and "chưa xác minh" in listing.stdout


def test_agency_commands(tmp_path: Path) -> None:
    added = _dondoc(
        "agencies", "add", "Trường Đại học Quảng Nam", "--kind", "education", cwd=tmp_path
    )
    assert added.returncode == 0, added.stderr
    alias = _dondoc("agencies", "alias", "Trường Đại học Quảng Nam", "ĐH Quảng Nam", cwd=tmp_path)
    assert alias.returncode == 0, alias.stderr
    merged = _dondoc("agencies", "merge", "ĐH Quảng Nam", "Sở GD&ĐT", cwd=tmp_path)
    assert merged.returncode == 0 and "Sở Giáo dục và Đào tạo" in merged.stdout
    duplicate = _dondoc("agencies", "add", "Sở Công thương", cwd=tmp_path)
    assert duplicate.returncode == 1 and "Sở Công Thương" in duplicate.stderr
    listing = _dondoc("agencies", "list", "--all", cwd=tmp_path)
    assert "Trường Đại học Quảng Nam" in listing.stdout


def test_a_table_alone_names_the_command_that_makes_it_followed(tmp_path: Path) -> None:
    """The appendix alone gives no coordinating department and no reporting rule: the preview
    and the result say so, and the command they name, filled in, is accepted and ends it."""
    xlsx = str(SAMPLES / "quangnam-kh1600-phuluc.xlsx")
    applied = _dondoc("import", xlsx, "--plan", "1600/KH-UBND", "--yes", cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    result = applied.stdout.split("Đã nạp:", 1)[1]  # said again after the result
    for text in (applied.stdout.split("Đã nạp:", 1)[0], result):
        assert "chưa có cơ quan đầu mối" in text and "chưa có quy định báo cáo" in text
    commands = [
        line.split("Đặt bằng lệnh: ", 1)[1]
        for line in applied.stdout.splitlines()
        if "Đặt bằng lệnh: " in line
    ]
    assert len(commands) == 2 and commands[0] == commands[1]
    filled = (
        commands[0].replace("NGÀY/THÁNG", "15/01").replace("TÊN CƠ QUAN ĐẦU MỐI", "Sở Công Thương")
    )
    # The reviewer's command, without --coordinator: the rule is saved, and the gap named again.
    due_only = _dondoc("plans", "rule", "1600/KH-UBND", "--due", "15/01", cwd=tmp_path)
    assert due_only.returncode == 0, due_only.stderr
    assert "chưa có cơ quan đầu mối" in due_only.stdout and "--coordinator" in due_only.stdout
    words = shlex.split(filled)
    assert words[:3] == ["dondoc", "plans", "rule"]
    rule = _dondoc(*words[1:], cwd=tmp_path)
    assert rule.returncode == 0, rule.stdout + rule.stderr
    assert "1600/KH-UBND" in rule.stdout and "chưa có cơ quan đầu mối" not in rule.stdout
    again = _dondoc("import", xlsx, "--plan", "1600/KH-UBND", "--dry-run", cwd=tmp_path)
    assert again.returncode == 0 and "Nhiệm vụ: 15" in again.stdout
    assert "chưa có cơ quan đầu mối" not in again.stdout and "plans rule" not in again.stdout
