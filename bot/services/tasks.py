"""What an agency is asked to do, and which plans a coordinator follows.

A focal point reports on the tasks their agency leads (cơ quan chủ trì), including those the plan
gave to a predecessor merged into it in 2025; the tasks it only coordinates (cơ quan phối hợp) are
shown read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Agency, Assignment, AssignmentRole, Plan, ReportingRule, Task
from bot.periods.store import open_period
from bot.services.succession import effective_agency_map, followed_by
from bot.text import fold


@dataclass(frozen=True, slots=True)
class AssignmentView:
    assignment_id: int
    task_id: int
    plan_id: int
    plan_number: str
    code: str
    content: str
    role: AssignmentRole
    deadline: date | None  # the task's own deadline, when the plan gives one

    @property
    def reportable(self) -> bool:
        return self.role == AssignmentRole.LEAD


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    id: int
    label: str
    due_date: date


def _view_query():  # type: ignore[no-untyped-def]
    return (
        select(
            Assignment.id,
            Task.id,
            Plan.id,
            Plan.number,
            Task.code,
            Task.content,
            Assignment.role,
            Task.timeframe_end,
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Task.withdrawn.is_(False), Task.kind == "task")  # duties are not reported on
    )


# Built once, with bound parameters: a status form runs these at its start, on the task picked
# and again on submitting (building a query and its cache key cost about as much as running it).
_OF_AGENCIES = Assignment.agency_id.in_(bindparam("agency_ids", expanding=True))
_LEAD = Assignment.role == AssignmentRole.LEAD
_AGENCY_ASSIGNMENTS = {
    lead_only: _view_query()
    .where(_OF_AGENCIES, *([_LEAD] if lead_only else []))
    .order_by(Plan.id, Task.position, Task.id, Assignment.role.desc())
    for lead_only in (True, False)
}
_REPORTABLE = _view_query().where(Assignment.id == bindparam("assignment_id"), _OF_AGENCIES, _LEAD)


def _views(rows) -> list[AssignmentView]:  # type: ignore[no-untyped-def]
    return [AssignmentView(*row) for row in rows]


async def agency_assignments(
    session: AsyncSession, agency_ids: set[int], *, lead_only: bool = False
) -> list[AssignmentView]:
    """The agency's assignments (lead first, then coordinating), in plan order, without
    duplicates when an agency and its predecessor are both named on one task."""
    rows = await session.execute(_AGENCY_ASSIGNMENTS[lead_only], {"agency_ids": list(agency_ids)})
    seen: dict[tuple[int, AssignmentRole], AssignmentView] = {}
    for view in _views(rows.all()):
        seen.setdefault((view.task_id, view.role), view)
    lead_tasks = {v.task_id for v in seen.values() if v.reportable}
    views = [v for v in seen.values() if v.reportable or v.task_id not in lead_tasks]
    return sorted(views, key=lambda v: not v.reportable)


async def reportable_assignment(
    session: AsyncSession, assignment_id: int, agency_ids: set[int]
) -> AssignmentView | None:
    """The assignment if one of `agency_ids` leads it (else None: not theirs to report)."""
    rows = await session.execute(
        _REPORTABLE, {"assignment_id": assignment_id, "agency_ids": list(agency_ids)}
    )
    views = _views(rows.all())
    return views[0] if views else None


async def find_by_code(
    session: AsyncSession, agency_ids: set[int], code: str
) -> list[AssignmentView]:
    """The agency's lead assignments whose task code is `code` ("1.2", "III.1.2", "ii.1.2")."""
    key = fold(code).strip(" .").upper()
    return [
        view
        for view in await agency_assignments(session, agency_ids, lead_only=True)
        if view.code.upper() == key or view.code.upper().rstrip(".") == key
    ]


async def open_periods(
    session: AsyncSession, plan_ids: set[int], today: date
) -> dict[int, PeriodInfo | None]:
    """The period each plan's agencies report for today (None when the plan has no rule yet)."""
    result: dict[int, PeriodInfo | None] = {}
    for plan_id in sorted(plan_ids):
        period = await open_period(session, plan_id, today)
        result[plan_id] = (
            PeriodInfo(period.id, period.label, period.due_date) if period is not None else None
        )
    return result


@dataclass(frozen=True, slots=True)
class PlanView:
    id: int
    number: str
    title: str | None


async def all_plans(session: AsyncSession) -> list[PlanView]:
    rows = await session.execute(select(Plan.id, Plan.number, Plan.title).order_by(Plan.id))
    return [PlanView(*row) for row in rows.all()]


async def coordinated_plans(session: AsyncSession, agency_id: int | None) -> list[PlanView]:
    """Plans whose coordinating department (the plan's, or one of its rules') is `agency_id`,
    following the 2025 successor links on both sides."""
    if agency_id is None:
        return []
    mapping = await effective_agency_map(session)
    mine = mapping.get(agency_id, agency_id)
    sources = followed_by(mapping, [mine])  # `agency_id` among them: mine is its successor
    rule_plans = select(ReportingRule.plan_id).where(
        ReportingRule.coordinating_agency_id.in_(sources)
    )
    rows = await session.execute(
        select(Plan.id, Plan.number, Plan.title)
        .where(or_(Plan.coordinating_agency_id.in_(sources), Plan.id.in_(rule_plans)))
        .order_by(Plan.id)
    )
    return [PlanView(*row) for row in rows.all()]


async def plan_numbers(session: AsyncSession, plan_ids: set[int]) -> dict[int, str]:
    """{plan id: its number} ("457/KH-UBND")."""
    rows = await session.execute(select(Plan.id, Plan.number).where(Plan.id.in_(plan_ids)))
    return dict(rows.tuples().all())


async def agency_name(session: AsyncSession, agency_id: int) -> str | None:
    return await session.scalar(select(Agency.name).where(Agency.id == agency_id))
