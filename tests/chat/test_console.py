"""The console channel end to end: typed lines in, printed answers out, a real database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import time_machine
from sqlalchemy import select

from bot.channels.console import ConsoleChannel, parse_shift
from bot.db.models import Person, Role
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import stored_updates


async def run_console(app, lines: list[str]) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    console = ConsoleChannel(
        app, Dispatcher(app).handle, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out
    )
    app.senders["console"] = console
    await console.run()
    return out.getvalue()


async def test_a_focal_point_reports_by_numbers_in_the_console(world) -> None:
    app, seed = world
    output = await run_console(
        app,
        [
            '/as focal "Sở Công thương"',
            "/tasks",
            "1",  # the numbered "Báo cáo 1.1" choice
            "2",  # Đang thực hiện
            "70%",
            "Đã tổ chức 2 hội thảo",
            "bỏ qua",
            "Bỏ qua",  # proposals, by the choice's label (a number here would be the answer)
            "bỏ qua",
            "gửi",  # by label
            "/whoami",
        ],
    )
    assert "Sở Công Thương" in output and "1. Báo cáo 1.1" in output
    assert "1. Chưa triển khai\n  2. Đang thực hiện" in output
    assert "Đã lưu báo cáo nhiệm vụ 1.1" in output
    [update] = await stored_updates(app.db)
    assert update.percent == 70 and update.proposals is None and update.obstacles is None
    async with app.db.session() as session:
        person = await session.get(Person, update.person_id)
    assert person.role == Role.FOCAL and person.agency_id == seed.industry


async def test_console_switches_roles_and_refuses_like_any_channel(world) -> None:
    app, seed = world
    output = await run_console(
        app,
        [
            "/whoami",
            '/as focal "Sở Y tế"',
            "/invite focal Sở Y tế",
            "/as coordinator",
            "/import",
            "/as admin",
            "/invite focal Sở Y tế",
            "/as nobody",
            "/clock +7d",
            "/clock soon",
            "/quit",
            "/whoami",  # never read: /quit ended the session
        ],
    )
    assert "Vai trò: quản trị viên" in output
    assert "không có quyền dùng lệnh /invite" in output
    assert "không có quyền dùng lệnh /import" in output
    assert "Mã mời cán bộ đầu mối của Sở Y tế" in output
    assert "/as focal" in output and "/clock +7d" in output
    assert output.count("Vai trò:") == 1
    async with app.db.session() as session:
        roles = set(await session.scalars(select(Person.role).where(Person.channel == "console")))
    assert roles == {Role.ADMIN, Role.FOCAL, Role.COORDINATOR}
    assert seed.plan_id


async def test_clock_moves_the_demo_clock_and_runs_the_tick(world) -> None:
    app, _ = world
    ticks: list[int] = []

    async def tick() -> None:
        ticks.append(1)

    before = app.clock.now()
    out = io.StringIO()
    console = ConsoleChannel(
        app, Dispatcher(app).handle, tick=tick, stdin=io.StringIO("/clock +7d\n"), stdout=out
    )
    await console.run()
    assert (app.clock.now() - before).days == 7 and ticks == [1]
    assert parse_shift("-3h") is not None and parse_shift("+2w").days == 14
    assert parse_shift("tomorrow") is None


def test_dondoc_run_without_a_token_is_the_console_and_ends_at_end_of_input(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM", "ZALO"))}
    environment["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    environment["FILES_DIR"] = str(tmp_path / "files")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input='/whoami\n/as focal "Sở Y tế"\n/whoami\n',
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Vai trò: quản trị viên" in result.stdout
    assert "Cơ quan: Sở Y tế" in result.stdout
    assert "Traceback" not in result.stderr


async def test_a_reminder_after_the_clock_moves_opens_the_form_by_its_number(world) -> None:
    from bot.runtime import demo_tick

    app, _ = world
    out = io.StringIO()
    # Thursday 07/01/2027: the planner plans Friday's reminder (7 days before 15/01); on Friday
    # the sender sends it.
    lines = ['/as focal "Sở Công Thương"', "/clock +1d", "/clock +1d", "1", "Hoàn thành"]
    console = ConsoleChannel(
        app,
        Dispatcher(app).handle,
        tick=lambda: demo_tick(app),
        stdin=io.StringIO("\n".join(lines) + "\n"),
        stdout=out,
    )
    app.senders["console"] = console
    with time_machine.travel(datetime(2027, 1, 6, 5, 0, tzinfo=UTC)):
        await console.run()
    output = out.getvalue()
    reminder = output.index("15/01/2027")  # the yearly report's due date, in the reminder
    question = output.index("Tình trạng thực hiện?", reminder)
    assert "1.1" in output[reminder:question]
    assert "Kết quả đã thực hiện?" in output[question:]  # "Hoàn thành" skipped the percentage
