"""The README's console demo, typed as written: every command line of its two scripts goes to
`dondoc run`'s console (the real runtime, a real SQLite file), from 01/12/2026, before the sample
plan's "Năm 2026" report falls due on 15/01/2027, and each does what the README says."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

from bot.runtime import run
from bot.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"
BEFORE_THE_DEADLINE = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def scripts() -> list[list[str]]:
    """The lines typed in each demo script: a line's text up to its comment (two spaces)."""
    text = README.read_text(encoding="utf-8")
    found = []
    for lead in ("You start as an admin; try:", "To see what happens after the deadline:"):
        block = text.split(lead, 1)[1].split("```", 2)[1]
        typed = [re.split(r"\s{2,}", line)[0].strip() for line in block.splitlines()]
        found.append([line for line in typed if line])
    return found


async def console(tmp_path: Path, lines: list[str]) -> str:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'dondoc.db'}",
        files_dir=tmp_path / "files",
        web_port=0,
    )
    out = io.StringIO()
    await run(settings, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    return out.getvalue()


async def test_the_readme_demo_scripts_work_as_written(tmp_path: Path) -> None:
    first, second = scripts()
    assert first[0] == "/help" and second[0] == '/as focal "Sở Công Thương"'
    with time_machine.travel(BEFORE_THE_DEADLINE, tick=True):
        before = await console(tmp_path, first)
        after = await console(tmp_path, second)
    refusals = ("không có quyền", "Không tìm thấy", "không chủ trì", "không thuộc", "Vui lòng")
    for output in (before, after):
        assert not [words for words in refusals if words in output], output
    assert "Đã lưu báo cáo nhiệm vụ 5.3" in before
    assert "TỔNG HỢP TUẦN" in before and "Đã nhận 1/13 báo cáo" in before
    assert re.search(r"bao-cao-[\w-]+-nam-2026\.png", before)
    assert "/login/" in before  # the dashboard link

    assert "ĐÃ QUÁ HẠN BÁO CÁO" in after  # the late notice, shown when the clock moved
    assert "Năm 2026 (hạn báo cáo 15/01/2027) — QUÁ HẠN 3 ngày" in after
    assert "ghi nhận nộp muộn 3 ngày" in after
    assert "Đã gửi yêu cầu giải trình tới Sở Công Thương" in after
    assert "Đã gửi giải trình kỳ Năm 2026" in after
    assert "Chưa bố trí được kinh phí" in after.split("Đã gửi giải trình kỳ Năm 2026", 1)[1]
    assert "Các báo cáo gửi từ 01/01/2027 đến 18/01/2027; Cơ quan: Sở Công Thương" in after
    assert "Đã nhắc 1 cơ quan (1 người)" in after
    assert 'dondoc invite --agency "Sở Tài chính" --role focal' in after
