"""Import benchmark: a generated 20,000-task XLSX in the appendix layout.

Prints the import's CPU time (read, parse, resolve agencies, write to a fresh SQLite database in
one transaction: this process's CPU, so the worker threads and SQLite's own work count), the
ceiling measured in the same run (the CPU time openpyxl's read-only mode takes just to iterate
the same cells), their ratio (target ≤ 1.5) and the peak memory. CPU time, not the wall clock,
because the machine is shared; medians over the runs, the ratio as the median of pairs (iteration
then import, back to back). Wall times are printed beside.

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


TARGET = 1.5


async def import_once(data: bytes, template: Path, folder: Path) -> tuple[float, float, int]:
    path = folder / f"run-{time.monotonic_ns()}.db"
    shutil.copy(template, path)
    db = Database(f"sqlite+aiosqlite:///{path}")
    settings = load_settings(_env_file=None, import_max_rows=30_000)
    try:
        start, cpu = time.perf_counter(), time.process_time()
        async with db.session() as session:
            preview = await run_import(
                session,
                data,
                "bench.xlsx",
                settings=settings,
                plan_number="1600/KH-UBND",
                apply=True,
            )
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        await db.dispose()
    assert preview.applied and not preview.unresolved, preview.unresolved[:3]
    return cpu, elapsed, preview.created


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
        baseline, imports, walls = [], [], []
        for _ in range(args.runs):
            cpu = time.process_time()
            iterate_read_only(data)
            baseline.append(time.process_time() - cpu)
            spent, wall, created = await import_once(data, template, folder)
            assert created == args.tasks, created
            imports.append(spent)
            walls.append(wall)
        tracemalloc.start()
        await import_once(data, template, folder)
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    base, imp = statistics.median(baseline), statistics.median(imports)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runs = f"median of {args.runs}"
    wall = statistics.median(walls)
    print(f"figure: import (read, parse, resolve, write): {imp:.2f} s CPU ({runs}: "
          f"{', '.join(f'{x:.2f}' for x in imports)}; wall {wall:.2f} s)")  # fmt: skip
    print(f"ceiling: openpyxl read-only iteration: {base:.2f} s CPU ({runs}: "
          f"{', '.join(f'{x:.2f}' for x in baseline)})")  # fmt: skip
    paired = statistics.median(i / b for i, b in zip(imports, baseline, strict=True))
    print(
        f"ratio import / iteration: {paired:.2f} (median of paired runs; {imp / base:.2f} of "
        f"the medians; target ≤ {TARGET}) {'OK' if paired <= TARGET else 'OVER'}"
    )
    print(
        f"peak memory: {traced_peak / 1e6:.0f} MB traced by tracemalloc; {rss:.0f} MB process RSS"
    )


if __name__ == "__main__":
    asyncio.run(main())
