"""What the person's agency owes, as the chat shows it: its obligations (one per task, after the
2025 mergers) and, per plan, the periods it reports for now — past-due periods it still owes
first, then the current one. Looked up once per message; the periods are remembered a while.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.periods.store import PeriodRow, open_period, past_due_periods
from bot.services import obligations
from bot.services.obligations import Obligation, PeriodDue, period_due
from bot.services.succession import effective_agency_map, followed_by
from handlers.context import Context


@dataclass(frozen=True, slots=True)
class TaskPeriods:
    """The periods one task can be reported for now, the one to report first leading."""

    obligation: Obligation
    periods: list[PeriodDue]


async def effective_agencies(ctx: Context) -> dict[int, int]:
    """{agency: the agency following up its tasks now}, remembered a while like the scope of
    the status form (`handlers.forms.update.scope`): mergers are rare, messages are not."""
    session = ctx.session
    found: dict[int, int] = await ctx.memo.get(
        ("effective-agencies",), lambda: effective_agency_map(session)
    )
    return found


async def agency_scope(ctx: Context, agency_id: int) -> set[int]:
    """The agency and the merged predecessors whose tasks it follows up, from the remembered map
    (one read of the agencies for every agency, not one per agency)."""
    return followed_by(await effective_agencies(ctx), [agency_id])


async def own_agency(ctx: Context, agency_id: int) -> int:
    """The agency following up `agency_id`'s tasks now (itself, or the one it was merged into)."""
    return (await effective_agencies(ctx)).get(agency_id, agency_id)


async def my_obligations(ctx: Context) -> list[Obligation]:
    """The lead obligations of the person's agency (its merged predecessors' included)."""
    if "obligations" not in ctx.cache:
        assert ctx.agency_id is not None
        agency = await own_agency(ctx, ctx.agency_id)
        ctx.cache["obligations"] = await obligations.lead_obligations(
            ctx.session, agency_ids={agency}, effective=await effective_agencies(ctx)
        )
    found: list[Obligation] = ctx.cache["obligations"]
    return found


async def plan_periods(ctx: Context, plan_id: int) -> tuple[list[PeriodRow], PeriodRow | None]:
    """(the plan's past-due open periods, oldest first; its current period)."""
    session, today = ctx.session, ctx.today

    async def lookup() -> tuple[list[PeriodRow], PeriodRow | None]:
        past = [PeriodRow.of(row) for row in await past_due_periods(session, plan_id, today)]
        current = await open_period(session, plan_id, today)
        return past, PeriodRow.of(current) if current is not None else None

    found: tuple[list[PeriodRow], PeriodRow | None] = await ctx.memo.get(
        ("plan-periods", plan_id, today), lookup, on_commit=ctx.on_commit
    )
    return found


@dataclass(frozen=True, slots=True)
class PlanWork:
    """One plan's periods as the agency meets them: each with what it still lacks."""

    plan_id: int
    overdue: list[tuple[PeriodDue, list[Obligation]]]  # past-due periods with something missing
    current: PeriodDue | None


async def plan_work(ctx: Context, plan_id: int) -> PlanWork:
    mine = [item for item in await my_obligations(ctx) if item.plan_id == plan_id]
    past, current = await plan_periods(ctx, plan_id)
    missing = await obligations.missing_reports(ctx.session, past, mine)
    overdue = [(period_due(row, ctx.today), missing[row.id]) for row in past if missing[row.id]]
    return PlanWork(plan_id, overdue, period_due(current, ctx.today) if current else None)


async def task_periods(ctx: Context, obligation: Obligation) -> TaskPeriods:
    """The overdue periods this task is still missing in, oldest first, then the current one."""
    work = await plan_work(ctx, obligation.plan_id)
    periods = [period for period, missing in work.overdue if obligation in missing]
    if work.current is not None:
        periods.append(work.current)
    return TaskPeriods(obligation, periods)


async def obligation_of(ctx: Context, task_id: int) -> Obligation | None:
    return next((item for item in await my_obligations(ctx) if item.task_id == task_id), None)
