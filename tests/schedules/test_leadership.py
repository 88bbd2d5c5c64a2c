"""Several processes on one database: one `dondoc run` per SQLite file; on PostgreSQL one planner
at a time (an advisory lock), taken over when its holder dies, and every process sends.

The process tests run the real `dondoc run` (python -m bot run) against the fake Bot API server
and count what it received, so neither a duplicate nor a lost message can hide.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import signal
import uuid
from collections import Counter
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from bot.channels.telegram import NAME as TELEGRAM
from bot.db.engine import Database
from bot.db.leadership import AlreadyRunning, Leadership, lock_path, single_run
from bot.db.migrate import alembic_config, current_revision, upgrade
from bot.db.models import (
    Agency,
    Assignment,
    AssignmentRole,
    OutboxMessage,
    OutboxStatus,
    Person,
    Role,
    Task,
)
from bot.settings import load_settings
from tests.conftest import drop_postgres_schema, make_postgres_database, without_postgres
from tests.fakes.telegram_api import FakeTelegram
from tests.schedules.conftest import TOKEN, second_database
from tests.schedules.factory import World, make_world
from tests.schedules.processes import Dondoc, postgres_role_schema, running

# Friday 08/01/2027, 09:00 in Hà Nội: the 7-day reminder of a 15/01 deadline is due (08:00), and
# so is the weekly summary when it is set for Fridays at 08:00.
START = "2027-01-08T02:00:00+00:00"
STARTED_AT = re.compile(r"\d\d:\d\d \d\d/\d\d/\d{4}")


def bot_env(database_url: str, telegram: FakeTelegram, **extra: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": telegram.base_url,
        "PLANNER_EVERY_SECONDS": "0.5",
        "SENDER_EVERY_SECONDS": "0.3",
        "WEEKLY_SUMMARY_DAY": "fri",
        "WEEKLY_SUMMARY_TIME": "08:00",
        **extra,
    }


# ---------------------------------------------------------------------------- SQLite: one run


async def holding(database: Path, process: Dondoc, timeout: float = 30) -> None:
    """Wait until `process` holds the database (its pid written in the lock file)."""
    lock = database.with_name(database.name + ".lock")
    for _ in range(int(timeout / 0.05)):
        if lock.exists() and f'"pid": {process.pid},' in lock.read_text():
            return
        assert process.process.returncode is None, process.lines
        await asyncio.sleep(0.05)
    raise AssertionError(f"{process.pid} never took {lock}; stderr: {process.lines[-10:]}")


def test_the_lock_file_sits_beside_the_database(tmp_path: Path) -> None:
    assert lock_path(f"sqlite+aiosqlite:///{tmp_path}/data/dondoc.db") == (
        tmp_path / "data" / "dondoc.db.lock"
    )
    assert lock_path("sqlite+aiosqlite:///:memory:") is None
    assert lock_path("postgresql+asyncpg://postgres@127.0.0.1/test") is None


@pytest.mark.parametrize(
    ("locale", "words"), [("vi", "đang chạy trên cơ sở dữ liệu"), ("en", "already running")]
)
def test_a_second_hold_on_one_file_is_refused_in_the_default_locale(
    tmp_path: Path, locale: str, words: str
) -> None:
    import os

    settings = load_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/dondoc.db", default_locale=locale
    )
    with single_run(settings), pytest.raises(AlreadyRunning) as refused, single_run(settings):
        pass
    message = str(refused.value)
    assert words in message and f" {os.getpid()}," in message
    assert str(tmp_path / "dondoc.db") in message and STARTED_AT.search(message)
    assert "\n" not in message
    with single_run(settings):  # released when the first run ended
        pass


async def test_a_second_run_on_one_sqlite_file_refuses_and_a_killed_one_blocks_nothing(
    tmp_path: Path, sqlite_template: Path
) -> None:
    database = tmp_path / "dondoc.db"
    shutil.copy(sqlite_template, database)
    url = f"sqlite+aiosqlite:///{database}"
    async with FakeTelegram(TOKEN) as telegram:
        env = bot_env(url, telegram)
        first = await Dondoc.start("-m", "bot", "run", cwd=tmp_path, env=env)
        async with running(first):
            await holding(database, first)
            second = await Dondoc.start("-m", "bot", "run", cwd=tmp_path, env=env)
            csv = tmp_path / "plan.csv"
            csv.write_text("STT,Nội dung công việc,Cơ quan chủ trì\n1,Việc một,Sở Y tế\n")
            importing = await Dondoc.start(
                "-m", "bot", "import", str(csv), "--plan", "T/1", "--yes", cwd=tmp_path, env=env
            )
            async with running(second, importing):
                assert await second.finished() == 1
                assert await importing.finished() == 0, importing.lines  # other commands work
            assert len(second.lines) == 1, second.lines  # one line, no traceback
            line = second.lines[0]
            assert "đang chạy" in line and f" {first.pid}," in line and str(database) in line
            assert STARTED_AT.search(line)
            assert first.process.returncode is None  # the running bot is untouched
            assert await first.stop(signal.SIGKILL) == -signal.SIGKILL
        after_crash = await Dondoc.start("-m", "bot", "run", cwd=tmp_path, env=env)
        async with running(after_crash):
            await holding(database, after_crash)
            await after_crash.wait_for_line("telegram channel started")
            await after_crash.stop()


# ---------------------------------------------------------------------------- PostgreSQL: leader


@pytest.fixture
async def postgres_pair(postgres_problem: str | None):
    """Two engines on one migrated PostgreSQL schema, as two processes would have."""
    db, schema = await make_postgres_database(postgres_problem)
    await upgrade(db)
    other = await second_database(db)
    yield db, other
    await other.dispose()
    await db.dispose()
    await drop_postgres_schema(schema)


async def test_one_leader_at_a_time_and_a_follower_takes_over(postgres_pair, caplog) -> None:
    db, other = postgres_pair
    caplog.set_level(logging.INFO, logger="bot.db.leadership")
    a, b = f"one-{uuid.uuid4().hex[:8]}", f"two-{uuid.uuid4().hex[:8]}"  # the cluster is shared
    one, two = Leadership(db, name=a), Leadership(other, name=b)
    try:
        assert await one.lead() is True
        assert await two.lead() is False
        assert await one.lead() is True and await two.lead() is False  # it stays put
        await one.close()  # a stopping leader hands over at once
        assert await two.lead() is True
        assert await one.lead() is False
    finally:
        await one.close()
        await two.close()
    said = [r.getMessage() for r in caplog.records if r.name == "bot.db.leadership"]
    assert said == [
        f"scheduler leader: {a} now plans reminders and weekly summaries",
        f"scheduler leader: dondoc {a} plans reminders and weekly summaries; {b} only sends",
        f"scheduler leader: {a} released the planning lock",
        f"scheduler leader: {b} now plans reminders and weekly summaries",
        f"scheduler leader: dondoc {b} plans reminders and weekly summaries; {a} only sends",
        f"scheduler leader: {b} released the planning lock",
    ]


async def test_a_leader_whose_connection_dies_steps_down_and_the_lock_moves(
    postgres_pair, caplog
) -> None:
    db, other = postgres_pair
    a = f"one-{uuid.uuid4().hex[:8]}"
    one, two = Leadership(db, name=a), Leadership(other, name="two")
    try:
        assert await one.lead() is True
        assert await two.lead() is False
        async with other.engine.connect() as connection:
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE application_name = :name"
                ),
                {"name": f"dondoc {a}"},
            )
        for _ in range(50):  # the server ends the backend, and with it the lock, asynchronously
            if await two.lead():
                break
            await asyncio.sleep(0.05)
        assert two.leading
        assert await one.lead() is False  # its check fails: it knows it no longer leads
        assert f"scheduler leader: {a} lost the planning lock" in caplog.text
    finally:
        await one.close()
        await two.close()


async def test_each_schema_has_its_own_leader_and_keepalives_bound_a_vanished_host(
    postgres_pair, postgres_problem
) -> None:
    db, _ = postgres_pair
    elsewhere, schema = await make_postgres_database(postgres_problem)
    here, there = Leadership(db, name="here"), Leadership(elsewhere, name="there")
    try:
        assert await here.lead() is True
        assert await there.lead() is True  # another deployment in another schema
        assert here._connection is not None
        idle = await here._connection.scalar(text("SHOW tcp_keepalives_idle"))
        assert idle in ("30", "30s", "0")  # 0: a Unix socket, where keepalives do not apply
    finally:
        await here.close()
        await there.close()
        await elsewhere.dispose()
        await drop_postgres_schema(schema)


async def test_sqlite_always_leads(sqlite_database) -> None:
    leadership = Leadership(sqlite_database)
    assert await leadership.lead() is True


# ---------------------------------------------------------------------------- two real processes


async def test_processes_starting_together_on_an_empty_schema_take_turns_to_migrate(
    tmp_path: Path, postgres_problem: str | None
) -> None:
    if postgres_problem:
        without_postgres(postgres_problem)
    async with postgres_role_schema() as url:
        env = {"DATABASE_URL": url}
        upgrades = [
            await Dondoc.start("-m", "bot", "db", "upgrade", cwd=tmp_path, env=env)
            for _ in range(3)
        ]
        async with running(*upgrades):
            codes = [await process.finished(120) for process in upgrades]
        assert codes == [0, 0, 0], [process.lines[-3:] for process in upgrades]
        db = Database(url)
        try:
            head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
            assert await current_revision(db) == head
        finally:
            await db.dispose()


async def add_latecomers(db: Database, world: World) -> None:
    """After the leader's death: one more agency with a task and a focal point (a reminder to
    plan) and one more coordinator (a weekly summary to queue): only a leader plans them."""
    async with db.session() as session:
        agency = Agency(name="Sở Đến Sau")
        session.add(agency)
        await session.flush()
        task = Task(plan_id=world.plan_id, code="9.1", position=99, content="Nhiệm vụ đến sau")
        session.add(task)
        await session.flush()
        session.add(Assignment(task_id=task.id, agency_id=agency.id, role=AssignmentRole.LEAD))
        for chat, role, agency_id in (
            ("200", Role.FOCAL, agency.id),
            ("901", Role.COORDINATOR, world.coordinating_agency_id),
        ):
            session.add(
                Person(
                    channel=TELEGRAM,
                    platform_user_id=chat,
                    chat_id=chat,
                    display_name=f"Người {chat}",
                    role=role,
                    agency_id=agency_id,
                )
            )


async def planning_lock_holder(db: Database) -> str | None:
    async with db.engine.connect() as connection:
        return await connection.scalar(
            text(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a"
                " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                " AND a.application_name LIKE 'dondoc %' AND a.usename = current_user"
            )
        )


async def test_two_runs_on_postgres_send_everything_once_when_the_leader_is_killed(
    tmp_path: Path, postgres_problem: str | None
) -> None:
    if postgres_problem:
        without_postgres(postgres_problem)
    agencies = 6
    async with postgres_role_schema() as url, FakeTelegram(TOKEN) as telegram:
        db = Database(url)
        try:
            await upgrade(db)
            world = await make_world(db, agencies=agencies, tasks_per_agency=1, lead_days=[7])
            env = bot_env(url, telegram)
            command = ("-m", "tests.schedules.run_at", START, "run")
            leader = await Dondoc.start(*command, cwd=tmp_path, env=env)
            follower: Dondoc | None = None
            async with running(leader):
                await leader.wait_for_line(f":{leader.pid} now plans")
                follower = await Dondoc.start(*command, cwd=tmp_path, env=env)
                async with running(follower):
                    line = await follower.wait_for_line(f":{follower.pid} only sends")
                    assert f":{leader.pid} plans" in line  # it names the leader
                    first_wave = agencies + 1  # a reminder per agency, the weekly summary
                    await telegram.wait_for("sendMessage", count=first_wave, timeout=30)
                    assert (await planning_lock_holder(db) or "").endswith(f":{leader.pid}")
                    assert await leader.stop(signal.SIGKILL) == -signal.SIGKILL
                    await add_latecomers(db, world)
                    await follower.wait_for_line(f":{follower.pid} now plans")
                    await telegram.wait_for("sendMessage", count=first_wave + 2, timeout=30)
                    await asyncio.sleep(1.5)  # several more passes: nothing goes out again
                    assert (await planning_lock_holder(db) or "").endswith(f":{follower.pid}")
                    assert await follower.stop() == 0
                    assert any("released the planning lock" in x for x in follower.lines)
            per_chat = Counter(call.chat_id for call in telegram.sent())
            expected = {*world.focal_chats.values(), world.coordinator_chat, "200", "901"}
            assert per_chat == dict.fromkeys(expected, 1)
            weekly = [call for call in telegram.sent() if call.chat_id in ("900", "901")]
            assert all("1600/KH-UBND" in call.text for call in weekly)
            async with db.session() as session:
                rows = list(await session.scalars(select(OutboxMessage)))
            assert len(rows) == len(expected)  # one row per message, each claimed once
            assert {(row.status, row.attempts) for row in rows} == {(OutboxStatus.SENT, 1)}
        finally:
            await db.dispose()
