"""Shared by the import tests: settings, the sample files, and running an import."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.db.engine import Database
from bot.importing.export import export_tasks
from bot.importing.preview import ImportPreview
from bot.importing.service import run_import
from bot.settings import Settings, load_settings

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def settings(**overrides: Any) -> Settings:
    return load_settings(_env_file=None, **overrides)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


async def import_file(
    db: Database, data: bytes, name: str, plan: str | None = "1600/KH-UBND", **options: Any
) -> ImportPreview:
    async with db.session() as session:
        return await run_import(
            session, data, name, settings=options.pop("settings", None) or settings(),
            plan_number=plan, **options
        )  # fmt: skip


async def exported(db: Database, plan: str = "1600/KH-UBND") -> list[dict[str, Any]]:
    async with db.session() as session:
        return await export_tasks(session, plan)


def summary(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(code, leads, coordinators, timeframe raw, kind, start, end) per task."""
    return [
        (
            record["code"],
            [agency["name"] for agency in record["leads"]],
            [agency["name"] for agency in record["coordinators"]],
            record["timeframe"]["raw"],
            record["timeframe"]["kind"],
            record["timeframe"]["start"],
            record["timeframe"]["end"],
        )
        for record in records
    ]


@contextmanager
def wall_limit(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError when the block runs longer than `seconds` (SIGALRM: the regex
    engine checks for signals, so a runaway pattern is interrupted too). Main thread only."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


TYPO = "Sở Khoa hoc và Cong nge"  # one letter from Sở Khoa học và Công nghệ, accents aside
NEW_BODY = "Trung tâm Ươm tạo Doanh nghiệp Đổi mới Sáng tạo"


def two_unknown_names_xlsx(number: str = "77/KH-UBND") -> bytes:
    """A small task table whose leads include two names the registry does not know: a typo of
    a registry agency, and a body the registry has never heard of."""
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"PHỤ LỤC (Kèm theo Kế hoạch số {number} của UBND tỉnh)"])
    sheet.append(["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"])
    sheet.append(["I", "Chuyển đổi số"])
    sheet.append(["1", "Số hóa hồ sơ y tế", "Sở Y tế", "Sở Tài chính", "Năm 2026"])
    sheet.append(["2", "Phát triển nền tảng đổi mới", TYPO, "Sở Y tế", "Quý II/2026"])
    sheet.append(["3", "Hỗ trợ khởi nghiệp", NEW_BODY, TYPO, "Năm 2026"])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
