"""Import benchmark: a generated 20,000-task XLSX in the appendix layout.

Prints the import time (read, parse, resolve agencies, write to a fresh SQLite database in one
transaction), the time openpyxl's read-only mode takes just to iterate the same cells, their
ratio (target ≤ 2) and the peak memory. Medians over three runs; the machine is shared, so the
ratio is also given per pair of runs (iteration then import, back to back) and for the best runs.

    .venv/bin/python bench/bench_import.py [--tasks 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import resource
import shutil
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from openpyxl import Workbook, load_workbook

from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.importing.service import run_import
from bot.settings import load_settings

LEADS = [
    "Sở Khoa học và Công nghệ", "Sở Công Thương", "Sở KH&ĐT", "Sở Giáo dục và Đào tạo",
    "Sở Lao động, Thương binh và Xã hội", "Sở TT&TT", "Sở Y tế", "Công an tỉnh",
    "Ban Quản lý các Khu kinh tế và Khu công nghiệp tỉnh", "Sở NN&PTNT",
]  # fmt: skip
COORDINATORS = [
    "Sở Công Thương, Sở Kế hoạch và Đầu tư; và các sở, ngành, đơn vị có liên quan",
    "Sở Lao động, Thương binh và Xã hội, Sở Khoa học và Công nghệ; các Sở, ngành liên quan",
    "- Sở Khoa học và Công nghệ;\n- Sở Kế hoạch và Đầu tư",
    "Các sở: Nông nghiệp và PTNT; Tài nguyên và Môi trường; Y tế",
    "UBND các huyện, thị xã, thành phố",
    "",
]
TIMEFRAMES = ["Hàng năm", "2022-2030", "Năm 2022-2030", "Thường xuyên", "Quý II/2025", ""]


def generate(tasks: int, per_section: int = 20) -> bytes:
    """The appendix layout: title rows, a header, numbered sections with merged titles, tasks
    numbered 1.1, 1.2 …, and a timeframe merged down over each section's first three tasks."""
    rng = random.Random(1600)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    sheet.append(["PHỤ LỤC NHIỆM VỤ"])
    sheet.append(["(Kèm theo Kế hoạch số 1600/KH-UBND ngày 08 tháng 5 năm 2024 của UBND tỉnh X)"])
    sheet.append(["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm",
                  "Thời gian thực hiện", "Nguồn kinh phí"])  # fmt: skip
    sheet.merge_cells("A1:G1")
    sheet.merge_cells("A2:G2")
    section = 0
    for number in range(tasks):
        if number % per_section == 0:
            section += 1
            sheet.append([str(section), f"Nhóm nhiệm vụ {section}"])
            sheet.merge_cells(f"B{sheet.max_row}:G{sheet.max_row}")
            first = sheet.max_row + 1
        index = number % per_section + 1
        timeframe = rng.choice(TIMEFRAMES)
        sheet.append([
            f"{section}.{index}",
            f"Triển khai nhiệm vụ số {number + 1}: hỗ trợ doanh nghiệp ứng dụng công nghệ sinh học",
            rng.choice(LEADS),
            rng.choice(COORDINATORS),
            "Báo cáo, kế hoạch",
            None if index in (2, 3) else timeframe,
            "NSNN; nguồn kinh phí khác",
        ])  # fmt: skip
        if index == 3:
            sheet.merge_cells(f"F{first}:F{first + 2}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def iterate_read_only(data: bytes) -> int:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            count += sum(1 for value in row if value is not None)
    workbook.close()
    return count


async def import_once(data: bytes, template: Path, folder: Path) -> tuple[float, int]:
    path = folder / f"run-{time.monotonic_ns()}.db"
    shutil.copy(template, path)
    db = Database(f"sqlite+aiosqlite:///{path}")
    settings = load_settings(_env_file=None, import_max_rows=30_000)
    try:
        start = time.perf_counter()
        async with db.session() as session:
            preview = await run_import(
                session,
                data,
                "bench.xlsx",
                settings=settings,
                plan_number="1600/KH-UBND",
                apply=True,
            )
        elapsed = time.perf_counter() - start
    finally:
        await db.dispose()
    assert preview.applied and not preview.unresolved, preview.unresolved[:3]
    return elapsed, preview.created


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = generate(args.tasks)
    print(f"generated XLSX: {args.tasks:,} tasks, {len(data) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "template.db"
        db = Database(f"sqlite+aiosqlite:///{template}")
        await upgrade(db)
        await db.dispose()
        baseline, imports = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            iterate_read_only(data)
            baseline.append(time.perf_counter() - start)
            elapsed, created = await import_once(data, template, folder)
            assert created == args.tasks, created
            imports.append(elapsed)
        tracemalloc.start()
        await import_once(data, template, folder)
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    base, imp = statistics.median(baseline), statistics.median(imports)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"openpyxl read-only iteration: {base:.2f} s (median of {args.runs}: "
          f"{', '.join(f'{x:.2f}' for x in baseline)})")  # fmt: skip
    print(f"import (read, parse, resolve, write): {imp:.2f} s (median of {args.runs}: "
          f"{', '.join(f'{x:.2f}' for x in imports)})")  # fmt: skip
    paired = statistics.median(i / b for i, b in zip(imports, baseline, strict=True))
    best = min(imports) / min(baseline)
    print(
        f"ratio import / iteration: {imp / base:.2f} of the medians, {paired:.2f} median of "
        f"paired runs, {best:.2f} of the best runs (target ≤ 2)"
    )
    print(
        f"peak memory: {traced_peak / 1e6:.0f} MB traced by tracemalloc; {rss:.0f} MB process RSS"
    )


if __name__ == "__main__":
    asyncio.run(main())
