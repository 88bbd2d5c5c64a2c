"""Monday's weekly summary queued for every coordinator who wants it, once a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.channels.zalo import NAME as ZALO
from bot.db.engine import Database
from bot.db.models import OutboxMessage, Role
from bot.reports import queue_weekly_summaries
from tests.reports.conftest import REPORT_DAY, FixturePlan, person


async def test_weekly_summaries_are_queued_once_per_coordinator_and_plan(
    database: Database, plan: FixturePlan
) -> None:
    agencies = plan.agencies
    now = datetime(2026, 1, 20, 1, 0, tzinfo=UTC)
    async with database.session() as session:
        wants = person(Role.COORDINATOR, agencies["sct"], "1")
        opted_out = person(Role.COORDINATOR, agencies["sct"], "2")
        opted_out.weekly_summary = False
        english = person(Role.COORDINATOR, agencies["nv"], "3")
        english.language = "en"
        english.channel = ZALO
        focal = person(Role.FOCAL, agencies["sct"], "4")
        session.add_all([wants, opted_out, english, focal])
        await session.flush()
        assert await queue_weekly_summaries(session, today=REPORT_DAY, now=now) == 2
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        ids = (wants.id, english.id)

    assert [(row.person_id, row.plan_id, row.kind) for row in rows] == [
        (ids[0], plan.plan_id, "weekly"),
        (ids[1], plan.other_plan_id, "weekly"),
    ]
    assert rows[0].payload["message"]["text"].startswith("TỔNG HỢP TUẦN – Kế hoạch 457/KH-UBND")
    assert rows[1].payload["message"]["text"].startswith("WEEKLY SUMMARY – Plan 12/KH-UBND")
    assert rows[1].channel == ZALO and rows[0].due_at == now

    async with database.session() as session:
        again = await queue_weekly_summaries(session, today=REPORT_DAY, now=now)
        next_week = await queue_weekly_summaries(
            session, today=REPORT_DAY + timedelta(days=7), now=now + timedelta(days=7)
        )
    assert (again, next_week) == (0, 2)

    # the outbox sender's send-time check sends the queued message as it is
    from schedules.recheck import ClaimedRow, Send, decide

    claimed = [
        ClaimedRow(
            row.id,
            row.kind,
            row.channel,
            row.person_id,
            row.chat_id,
            row.plan_id,
            row.period_id,
            row.payload,
            row.attempts,
        )
        for row in rows
    ]
    async with database.session() as session:
        decisions = await decide(session, claimed, now)
    sent = decisions[rows[0].id]
    assert isinstance(sent, Send)
    assert sent.message.text == rows[0].payload["message"]["text"]
