"""`dondoc plans list|rule` and `dondoc reminders preview|failed` against a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.db.models import Cadence, OutboxMessage, OutboxStatus, ReportingRule
from tests.schedules.factory import World, make_world

FRIDAY = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)


@pytest.fixture
def world_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, World]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"

    async def build() -> World:
        db = Database(url)
        await upgrade(db)
        world = await make_world(db)
        await db.dispose()
        return world

    world = asyncio.run(build())
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DEFAULT_LOCALE", "vi")
    return url, world


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_preview_lists_reminders_without_sending(world_db) -> None:
    url, _ = world_db
    with time_machine.travel(FRIDAY, tick=False):
        output = invoke("reminders", "preview", "--days", "14")
    assert "Cán bộ 1" in output and "đến hạn" in output and "tổng hợp chậm" in output
    assert "15/01" in output or "Năm 2026" in output

    async def outbox() -> list[OutboxMessage]:
        db = Database(url)
        async with db.session() as session:
            rows = list(await session.scalars(select(OutboxMessage)))
        await db.dispose()
        return rows

    assert asyncio.run(outbox()) == []


def test_rule_change_moves_the_next_deadline_and_list_shows_it(world_db) -> None:
    url, world = world_db
    with time_machine.travel(FRIDAY, tick=False):
        invoke("reminders", "plan")
        saved = invoke("plans", "rule", "1600/KH-UBND", "--due", "10/12", "--lead", "7,0")
        listed = invoke("plans", "list")
    assert "10/12/2027" in saved
    assert "1600/KH-UBND" in listed and "10/12" in listed

    async def state() -> tuple[list[ReportingRule], list[OutboxMessage]]:
        db = Database(url)
        async with db.session() as session:
            rules = list(await session.scalars(select(ReportingRule)))
            rows = list(await session.scalars(select(OutboxMessage)))
        await db.dispose()
        return rules, rows

    rules, rows = asyncio.run(state())
    assert [(r.cadence, r.due_day, r.due_month, r.lead_days) for r in rules] == [
        (Cadence.YEARLY, 10, 12, [7, 0])
    ]
    # Reminders planned under the old rule and not sent are dropped, to be planned afresh.
    assert [row for row in rows if row.status == OutboxStatus.PENDING] == []
    assert world.plan_id == rules[0].plan_id


def test_bad_rule_values_are_refused_with_the_value_named(world_db) -> None:
    result = CliRunner().invoke(cli, ["plans", "rule", "1600/KH-UBND", "--due", "32/13"])
    assert result.exit_code == 2
    assert "32/13" in result.output
    unknown = CliRunner().invoke(cli, ["plans", "rule", "999/KH", "--due", "15/01"])
    assert unknown.exit_code == 1 and "999/KH" in unknown.output


def test_failed_listing_is_empty_at_first(world_db) -> None:
    assert "Không có tin nhắn nào gửi lỗi" in invoke("reminders", "failed")


def test_a_five_year_rule_counts_from_its_first_year_and_an_undated_one_says_so(
    world_db,
) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        undated = invoke(
            "plans", "rule", "1600/KH-UBND", "--cadence", "every_n_years", "--every", "5"
        )
        assert "chưa có (chưa nhắc báo cáo" in undated
        saved = invoke(
            "plans", "rule", "1600/KH-UBND", "--cadence", "every_n_years", "--every", "5",
            "--due", "15/01", "--first-year", "2026",
        )  # fmt: skip
    assert "5 năm/lần, hạn 15/01" in saved
    assert asyncio.run(_five_year_period(world_db[0])) == ("Giai đoạn 2026-2030", "2031-01-15")


async def _five_year_period(url: str) -> tuple[str, str] | None:
    from bot.periods.cadence import next_period

    db = Database(url)
    async with db.session() as session:
        rule = await session.scalar(
            select(ReportingRule).where(ReportingRule.cadence == Cadence.EVERY_N_YEARS)
        )
    await db.dispose()
    assert rule is not None
    spec = next_period(rule, FRIDAY.date())  # the plan's 2022 issue date would give 2022-2026
    return (spec.label, spec.due_date.isoformat()) if spec else None
