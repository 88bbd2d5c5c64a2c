"""Prose benchmark: a generated plan body whose tasks are the items of "Tổ chức thực hiện".

Prints the median time to parse it (read the TXT, find the section and its items: a pure
function of the text) and to preview its import (the sentences read against the registry, on a
fresh SQLite database), for a body of --lines lines (target: parse well under a second for
1,000 lines).

    .venv/bin/python bench/bench_prose.py [--lines 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bot.agencies.names import name_key
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.importing.document import parse_document
from bot.importing.readers import read_txt
from bot.importing.service import run_import
from bot.settings import load_settings

SUBJECTS = [
    "Sở Y tế chủ trì, phối hợp các Sở, Ban ngành liên quan",
    "Sở Văn hóa, Thể thao và Du lịch, Ban Quản lý Khu kinh tế tỉnh và các Sở, ngành có liên quan",
    "UBND các xã, phường và các cơ quan, đơn vị khác có liên quan",
    "Giao Sở Giáo dục và Đào tạo chủ trì phối hợp với các Sở, ngành, địa phương",
    "Sở Kế hoạch và Đầu tư phối hợp với Sở Tài chính, Công an tỉnh",
    "Các tổ chức tín dụng",
]
WORDS = ["triển khai", "nội dung", "hỗ trợ", "địa phương", "nâng cao", "chất lượng", "hằng năm"]


def body(lines: int, rng: random.Random) -> bytes:
    text = ["KẾ HOẠCH", "Thực hiện Nghị quyết", "V. TỔ CHỨC THỰC HIỆN"]
    number = 0
    while len(text) < lines:
        number += 1
        text.append(f"{number}. {rng.choice(SUBJECTS)} " + " ".join(rng.sample(WORDS, 4)))
        text.append(" ".join(rng.choice(WORDS) for _ in range(14)).lower() + ".")
    return "\n".join(text).encode()


def parse_once(data: bytes) -> tuple[float, int]:
    start = time.perf_counter()
    document = read_txt(data, "bench.txt", 1_000_000)
    tasks = parse_document(document, 1_000_000).tasks
    return time.perf_counter() - start, len(tasks)


async def preview_once(data: bytes, template: Path) -> float:
    name_key.cache_clear()  # each run starts cold, as a fresh `dondoc import` does
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.db"
        shutil.copy(template, path)
        db = Database(f"sqlite+aiosqlite:///{path}")
        try:
            async with db.session() as session:
                start = time.perf_counter()
                await run_import(session, data, "bench.txt", settings=load_settings(
                    _env_file=None, import_max_rows=1_000_000), plan_number="1/KH")  # fmt: skip
                return time.perf_counter() - start
        finally:
            await db.dispose()


async def migrated_template(directory: Path) -> Path:
    path = directory / "template.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    try:
        await upgrade(db)
    finally:
        await db.dispose()
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    data = body(options.lines, random.Random(11))
    parses = [parse_once(data) for _ in range(options.runs)]
    print(f"lines: {options.lines}, items: {parses[0][1]}")
    print(f"parse (median of {options.runs}): {statistics.median(t for t, _ in parses):.3f} s")
    with tempfile.TemporaryDirectory() as directory:
        template = asyncio.run(migrated_template(Path(directory)))
        previews = [asyncio.run(preview_once(data, template)) for _ in range(options.runs)]
    print(f"preview with the registry (median): {statistics.median(previews):.3f} s")


if __name__ == "__main__":
    main()
