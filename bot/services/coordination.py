"""Which agencies coordinate a plan: the plan's own coordinating agency and those its reporting
rules name ("báo cáo … qua Sở Công Thương"). One place, so access to reports and notices to
coordinators agree on who they are."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Plan, ReportingRule


async def plan_coordinating_agencies(session: AsyncSession, plan_id: int) -> set[int]:
    """Agency ids as written on the plan and its rules (before following merger successors)."""
    plan_agency = select(Plan.coordinating_agency_id).where(Plan.id == plan_id)
    rule_agencies = select(ReportingRule.coordinating_agency_id).where(
        ReportingRule.plan_id == plan_id
    )
    rows = await session.execute(plan_agency.union(rule_agencies))
    return {agency_id for agency_id in rows.scalars() if agency_id is not None}
