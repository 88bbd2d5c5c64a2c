"""The console demo's sample plan (Quảng Nam's plan 1600: its task table, then its text), imported
once, on a database without a plan.

Reading the text takes python-docx and lxml: 12 MB that a console idling at its prompt would
hold for ever (the table is read by dondoc's own XLSX reader, under 1 MB), and parsing both
files a good part of a second. So on the first run a forked worker reads and parses them while
the console starts (bot.importing.apart), and its memory goes when it ends. The import itself
(agency names resolved, rows written: the clock is this process's) runs here once they are
parsed, after the prompt, and the chat core, the scheduler and the dashboard start after it
(bot/runtime.py), so the first command finds the plan.
Should the worker fail, the import parses the files itself.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.agencies.registry import ensure_registry
from bot.app import App
from bot.db.models import Plan

DEMO_DIR = Path(__file__).resolve().parent / "data" / "demo"
DEMO_FILES = ("quangnam-kh1600-phuluc.xlsx", "quangnam-kh1600.docx")  # the table, then the text
DEMO_PLAN_NUMBER = "1600-QNam (mẫu)"  # the sample files carry no number of their own


async def wanted(app: App) -> bool:
    """Whether the sample plan is to be imported: no plan is there. The registry is loaded first
    (as the import would), so the console's personas find their agencies at once."""
    async with app.db.session() as session:
        await ensure_registry(session)
        return await session.scalar(select(Plan.id).limit(1)) is None


async def load(app: App) -> int:
    """Import the sample plan: its task table (unknown names accepted), then its text, which
    gives the reporting rule (yearly, before 15/01, through Sở Công Thương). Returns the number
    of tasks. The files are parsed in a worker process first (see the top)."""
    from bot.importing.apart import parse_apart

    files = [(name, (DEMO_DIR / name).read_bytes()) for name in DEMO_FILES]
    await parse_apart(files, app.settings)
    from bot.importing.service import run_import

    tasks = 0
    async with app.db.session() as session:
        for name, data in files:
            preview = await run_import(
                session,
                data,
                name,
                settings=app.settings,
                plan_number=DEMO_PLAN_NUMBER,
                accept_unknown=True,
                apply=True,
                actor="demo",
            )
            tasks += preview.task_count
    return tasks
