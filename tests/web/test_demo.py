"""The console demo serves the dashboard: `dondoc run` prints its address, and the console's
/dashboard link opens the sample plan in a browser session (real HTTP, a real SQLite file)."""

from __future__ import annotations

import asyncio
import io
import queue
import re
from pathlib import Path

from aiohttp import ClientSession, CookieJar

from bot.runtime import run
from bot.settings import Settings
from tests.web.conftest import csrf_of


class TypedLines:
    """stdin that waits for lines the test types (the console reads it in a thread)."""

    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()

    def readline(self) -> str:
        return self.lines.get(timeout=120)


async def printed(out: io.StringIO, pattern: str) -> re.Match[str]:
    for _ in range(1200):
        found = re.search(pattern, out.getvalue())
        if found:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"{pattern!r} never printed:\n{out.getvalue()}")


async def test_the_console_demo_prints_the_dashboard_and_its_link_opens_the_sample_plan(
    tmp_path: Path,
) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}",
        files_dir=tmp_path / "files",
        web_port=0,
    )
    stdin, out = TypedLines(), io.StringIO()
    running = asyncio.create_task(run(settings, stdin=stdin, stdout=out))  # type: ignore[arg-type]
    try:
        address = (await printed(out, r"Bảng điều khiển web: (http://127\.0\.0\.1:\d+)")).group(1)
        stdin.lines.put("/dashboard\n")
        link = (await printed(out, r"(http://127\.0\.0\.1:\d+/login/\S+)")).group(1)
        assert link.startswith(address) or "127.0.0.1:0" in link
        link = address + "/login/" + link.rsplit("/", 1)[1]
        async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as browser:
            page = await browser.get(link)
            token = link.rsplit("/", 1)[1]
            data = {"token": token, "csrf": csrf_of(await page.text())}
            plans = await browser.post(address + "/login", data=data)
            assert plans.status == 200 and "1600-QNam (mẫu)" in await plans.text()
            plan_link = re.search(r'href="(/plans/\d+)"', await plans.text())
            assert plan_link is not None
            board = await browser.get(address + plan_link.group(1))
            assert board.status == 200 and "Sở Công Thương" in await board.text()
    finally:
        stdin.lines.put("")
        await asyncio.wait_for(running, 60)
