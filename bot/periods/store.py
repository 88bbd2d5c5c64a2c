"""Reporting period rows: created from the rules as they are needed, and the questions every part
asks of them — which period people report for now, which past periods are still owed.

A period does not close at its deadline. An agency that has not reported still owes that period's
report, and its late report belongs to that period, so both a past-due period and the current one
can be open at once. A past-due period stays open until an admin closes it (`dondoc plans
close-period`); which agencies still owe it is the obligations' business
(`bot.services.obligations`). Periods due long before dondoc began following a plan are not
chased: nobody expects a bot imported in 2026 to ask for the 2022 report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_ignoring_duplicates
from bot.db.models import Plan, ReportingPeriod, ReportingRule
from bot.periods.cadence import PeriodSpec, next_period, periods_between
from bot.periods.calendar import VN_TZ
from bot.text import clean, fold

# A plan imported shortly after a deadline (a coordinator loading it to collect that very report)
# is chased for the period just past; one imported long after starts with the coming period.
TRACKING_GRACE_DAYS = 31


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """A period's fields, safe to keep after its session is gone (chat lookups remember them)."""

    id: int
    plan_id: int
    label: str
    start: date
    end: date
    due_date: date

    @classmethod
    def of(cls, period: ReportingPeriod) -> PeriodRow:
        return cls(
            period.id, period.plan_id, period.label, period.start, period.end, period.due_date
        )


async def ensure_period(
    session: AsyncSession, rule: ReportingRule, spec: PeriodSpec
) -> ReportingPeriod:
    """The period row for `spec`, created once (unique rule_id + start), even under concurrency."""
    await session.execute(
        insert_ignoring_duplicates(session, ReportingPeriod, ["rule_id", "start"]).values(
            rule_id=rule.id,
            plan_id=rule.plan_id,
            label=spec.label,
            start=spec.start,
            end=spec.end,
            due_date=spec.due_date,
        )
    )
    row = await session.scalar(
        select(ReportingPeriod).where(
            ReportingPeriod.rule_id == rule.id, ReportingPeriod.start == spec.start
        )
    )
    assert row is not None  # just inserted or already there
    return row


async def active_rules(session: AsyncSession, plan_id: int | None = None) -> list[ReportingRule]:
    query = select(ReportingRule).where(ReportingRule.active.is_(True)).order_by(ReportingRule.id)
    if plan_id is not None:
        query = query.where(ReportingRule.plan_id == plan_id)
    return list(await session.scalars(query))


async def plan_start(session: AsyncSession, plan_id: int) -> date | None:
    return await session.scalar(select(Plan.issue_date).where(Plan.id == plan_id))


async def open_period(session: AsyncSession, plan_id: int, today: date) -> ReportingPeriod | None:
    """The period people of `plan_id` report for now: the one due next on or after `today`.

    Generates the period row from the plan's rules as needed; None when the plan has no rule.
    """
    rules = await active_rules(session, plan_id)
    if not rules:
        return None
    start = await plan_start(session, plan_id)
    candidates = [
        (spec.due_date, rule.id, rule, spec)
        for rule in rules
        if (spec := next_period(rule, today, plan_start=start)) is not None
    ]
    if not candidates:
        return None
    _, _, rule, spec = min(candidates, key=lambda item: (item[0], item[1]))
    return await ensure_period(session, rule, spec)


async def periods_due_between(
    session: AsyncSession, first_due: date, last_due: date, plan_id: int | None = None
) -> list[ReportingPeriod]:
    """Period rows (created as needed) of every active rule due in [first_due, last_due].

    The rows already there are read in one query per rule; only missing ones are created (the
    planner, /overdue and the weekly summary ask for a year of periods at a time)."""
    rows: list[ReportingPeriod] = []
    starts: dict[int, date | None] = {}
    for rule in await active_rules(session, plan_id):
        if rule.plan_id not in starts:
            starts[rule.plan_id] = await plan_start(session, rule.plan_id)
        specs = periods_between(rule, first_due, last_due, plan_start=starts[rule.plan_id])
        if not specs:
            continue
        existing = {
            row.start: row
            for row in await session.scalars(
                select(ReportingPeriod).where(
                    ReportingPeriod.rule_id == rule.id,
                    ReportingPeriod.start.in_([spec.start for spec in specs]),
                )
            )
        }
        for spec in specs:
            found = existing.get(spec.start)
            rows.append(found if found is not None else await ensure_period(session, rule, spec))
    return rows


async def tracking_start(session: AsyncSession, plan_id: int) -> date:
    """The earliest due date dondoc chases for the plan (see TRACKING_GRACE_DAYS)."""
    created: datetime | None = await session.scalar(
        select(Plan.created_at).where(Plan.id == plan_id)
    )
    imported = created.astimezone(VN_TZ).date() if created else date.min
    return imported - timedelta(days=TRACKING_GRACE_DAYS)


async def past_due_periods(
    session: AsyncSession, plan_id: int, today: date, *, include_closed: bool = False
) -> list[ReportingPeriod]:
    """The plan's periods whose due date is before `today` (since dondoc follows the plan),
    oldest first; without the closed ones unless asked."""
    first = await tracking_start(session, plan_id)
    last = today - timedelta(days=1)
    if last < first:
        return []
    rows = await periods_due_between(session, first, last, plan_id)
    if not include_closed:
        rows = [row for row in rows if row.closed_at is None]
    return sorted(rows, key=lambda row: (row.due_date, row.id))


async def latest_past_due(
    session: AsyncSession, plan_id: int, today: date
) -> ReportingPeriod | None:
    """The most recent period whose deadline has passed: the report a coordinator writes now."""
    rows = await past_due_periods(session, plan_id, today, include_closed=True)
    return rows[-1] if rows else None


async def period_plan(session: AsyncSession, period_id: int) -> int | None:
    """The plan a period belongs to (None: no such period)."""
    return await session.scalar(
        select(ReportingPeriod.plan_id).where(ReportingPeriod.id == period_id)
    )


async def plan_periods(session: AsyncSession, plan_id: int) -> list[ReportingPeriod]:
    """Every period row the plan has so far, in due-date order."""
    rows = await session.scalars(
        select(ReportingPeriod)
        .where(ReportingPeriod.plan_id == plan_id)
        .order_by(ReportingPeriod.due_date, ReportingPeriod.id)
    )
    return list(rows)


async def find_period(session: AsyncSession, plan_id: int, label: str) -> ReportingPeriod | None:
    """The plan's period labelled `label`, compared without case or accents ("nam 2026")."""
    wanted = fold(clean(label))
    return next(
        (row for row in await plan_periods(session, plan_id) if fold(row.label) == wanted), None
    )


def set_closed(period: ReportingPeriod, closed: bool, now: datetime) -> None:
    """Close a period (its missing reports are no longer chased) or open it again."""
    period.closed_at = now if closed else None
