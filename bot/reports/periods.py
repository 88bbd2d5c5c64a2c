"""Which plan and which reporting period a report is about."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Plan, ReportingPeriod
from bot.i18n import t
from bot.periods.store import latest_past_due, open_period
from bot.text import clean, fold


class ReportError(Exception):
    """A report cannot be made as asked (unknown plan or period); `message(locale)` says why."""

    def __init__(self, message_id: str, **args: str) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.args_for_message = args

    def message(self, locale: str) -> str:
        return t(locale, self.message_id, **self.args_for_message)


async def get_plan(session: AsyncSession, plan_id: int) -> Plan:
    plan = await session.get(Plan, plan_id)
    if plan is None:
        raise ReportError("reports-error-no-plan", plan=str(plan_id))
    return plan


async def find_plan(session: AsyncSession, number: str) -> Plan:
    """The plan numbered `number` ("457/KH-UBND"), compared without case, accents or spaces."""
    wanted = fold(clean(number)).replace(" ", "")
    plans = (await session.execute(select(Plan))).scalars().all()
    for plan in plans:
        if fold(plan.number).replace(" ", "") == wanted:
            return plan
    known = ", ".join(sorted(plan.number for plan in plans)) or "-"
    raise ReportError("reports-error-unknown-plan", plan=clean(number), known=known)


async def sole_plan(session: AsyncSession) -> Plan:
    """The plan a command means when it names none: the only one there is."""
    plans = (await session.execute(select(Plan).order_by(Plan.id))).scalars().all()
    if len(plans) != 1:
        known = ", ".join(plan.number for plan in plans) or "-"
        raise ReportError("reports-error-which-plan", known=known)
    return plans[0]


async def choose_period(
    session: AsyncSession, plan: Plan, label: str | None, *, today: date
) -> ReportingPeriod | None:
    """The period named `label`, else the report a coordinator writes now: the most recent period
    whose deadline has passed, or, when none has yet, the current one (None: the plan has none)."""
    if label is None:
        return await latest_past_due(session, plan.id, today) or await open_period(
            session, plan.id, today
        )
    periods = (
        (
            await session.execute(
                select(ReportingPeriod)
                .where(ReportingPeriod.plan_id == plan.id)
                .order_by(ReportingPeriod.due_date)
            )
        )
        .scalars()
        .all()
    )
    wanted = fold(clean(label))
    for period in periods:
        if fold(period.label) == wanted:
            return period
    known = ", ".join(period.label for period in periods) or "-"
    raise ReportError("reports-error-unknown-period", period=clean(label), known=known)
