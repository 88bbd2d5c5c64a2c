"""Who may see a plan's summaries and reports: its coordinators and the admins."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Person, Role
from bot.services.coordination import plan_coordinating_agencies
from bot.services.succession import effective_agency_map


async def can_see_plan_reports(session: AsyncSession, person: Person | None, plan_id: int) -> bool:
    """True for an active admin, or an active coordinator whose agency (after mergers) is the
    plan's coordinating agency or one of its reporting rules' coordinating agencies.

    Admins named in the settings but not enrolled as people are the handlers' to let through.
    """
    if person is None or not person.active:
        return False
    if person.role == Role.ADMIN:
        return True
    if person.role != Role.COORDINATOR or person.agency_id is None:
        return False
    coordinating = await plan_coordinating_agencies(session, plan_id)
    if not coordinating:
        return False
    effective = await effective_agency_map(session)
    mine = effective.get(person.agency_id, person.agency_id)
    return any(effective.get(agency_id, agency_id) == mine for agency_id in coordinating)
