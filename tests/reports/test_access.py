"""Reports only for the plan's coordinators (following 2025 mergers) and admins."""

from __future__ import annotations

from bot.db.engine import Database
from bot.db.models import Plan, Role
from bot.reports import can_see_plan_reports
from tests.reports.conftest import FixturePlan, person


async def test_coordinators_of_the_plan_and_admins_only(
    database: Database, plan: FixturePlan
) -> None:
    agencies = plan.agencies
    async with database.session() as session:
        own = person(Role.COORDINATOR, agencies["sct"], "1")
        other = person(Role.COORDINATOR, agencies["nv"], "2")
        focal = person(Role.FOCAL, agencies["sct"], "3")
        admin = person(Role.ADMIN, None, "4")
        former = person(Role.COORDINATOR, agencies["sct"], "5")
        former.active = False
        successor = person(Role.COORDINATOR, agencies["tc"], "6")
        session.add_all([own, other, focal, admin, former, successor])
        merged = Plan(number="99/KH-UBND", coordinating_agency_id=agencies["khdt"])
        session.add(merged)
        await session.flush()

        assert await can_see_plan_reports(session, own, plan.plan_id)
        assert await can_see_plan_reports(session, admin, plan.plan_id)
        assert not await can_see_plan_reports(session, other, plan.plan_id)
        assert await can_see_plan_reports(session, other, plan.other_plan_id)
        assert not await can_see_plan_reports(session, own, plan.other_plan_id)
        assert not await can_see_plan_reports(session, focal, plan.plan_id)
        assert not await can_see_plan_reports(session, former, plan.plan_id)
        assert not await can_see_plan_reports(session, None, plan.plan_id)
        # Sở Tài chính now coordinates what Sở Kế hoạch và Đầu tư did
        assert await can_see_plan_reports(session, successor, merged.id)
        assert not await can_see_plan_reports(session, successor, plan.plan_id)
