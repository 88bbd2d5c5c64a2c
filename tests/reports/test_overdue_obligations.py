"""The dashboard's overdue periods take the plan's obligations from the snapshot it has read:
they must be the ones `lead_obligations` reads, merged leads and generic groups included."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update

from bot.db.engine import Database
from bot.db.models import Assignment, AssignmentRole, Plan
from bot.reports.overdue import overdue_periods, snapshot_obligations
from bot.reports.periods import get_plan
from bot.reports.snapshot import load_agencies, load_snapshot
from bot.services.obligations import lead_obligations
from tests.reports.conftest import FixturePlan

LATER = date(2026, 3, 1)  # the 2025 report's deadline has passed


async def test_snapshot_obligations_are_the_plans(database: Database, plan: FixturePlan) -> None:
    async with database.session() as session:
        followed_since = datetime(2025, 1, 1, tzinfo=UTC)  # so the 2025 period is chased
        await session.execute(
            update(Plan).where(Plan.id == plan.plan_id).values(created_at=followed_since)
        )
        # I.3 names Sở KH&ĐT, merged into Sở Tài chính; naming Sở Tài chính too makes one lead
        session.add(
            Assignment(
                task_id=plan.tasks["I.3"],
                agency_id=plan.agencies["tc"],
                role=AssignmentRole.LEAD,
                position=2,
            )
        )
    async with database.session() as session:
        plan_row = await get_plan(session, plan.plan_id)
        agencies, effective = await load_agencies(session)
        snapshot = await load_snapshot(session, plan_row, None, today=LATER)
        read = await lead_obligations(session, plan_ids={plan.plan_id}, effective=effective)
        known = await overdue_periods(
            session, plan.plan_id, LATER, known=(snapshot, agencies, effective)
        )
        alone = await overdue_periods(session, plan.plan_id, LATER)
    assert snapshot_obligations(snapshot) == read
    assert any(len(item.assignment_ids) == 2 for item in read)  # the merged lead
    assert known == alone and known  # the fixture has a past-due period still missing reports
