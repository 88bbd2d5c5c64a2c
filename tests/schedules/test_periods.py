"""Reporting periods from rules: Decree 09 cut-offs, due dates, Vietnamese labels, open_period."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from bot.db.models import Cadence, Plan, ReportingPeriod, ReportingRule
from bot.periods.cadence import next_period, periods_between
from bot.periods.store import open_period


def rule(cadence: Cadence, **fields: object) -> ReportingRule:
    values: dict[str, object] = {"plan_id": 1, "every_n": 1, "active": True} | fields
    return ReportingRule(cadence=cadence, **values)


def test_yearly_due_in_january_covers_the_previous_year() -> None:
    spec = next_period(rule(Cadence.YEARLY, due_day=15, due_month=1), date(2026, 11, 22))
    assert spec is not None
    assert spec.label == "Năm 2026"
    assert spec.due_date == date(2027, 1, 15)
    assert (spec.start, spec.end) == (date(2025, 12, 15), date(2026, 12, 14))


def test_yearly_due_in_november_covers_the_same_year_up_to_the_day_before() -> None:
    spec = next_period(rule(Cadence.YEARLY, due_day=30, due_month=11), date(2026, 3, 1))
    assert spec is not None
    assert (spec.label, spec.due_date, spec.end) == (
        "Năm 2026",
        date(2026, 11, 30),
        date(2026, 11, 29),
    )
    after = next_period(rule(Cadence.YEARLY, due_day=10, due_month=12), date(2026, 12, 11))
    assert after is not None and (after.label, after.due_date) == ("Năm 2027", date(2027, 12, 10))


def test_quarterly_and_monthly_follow_the_decree_cutoffs() -> None:
    quarter = next_period(rule(Cadence.QUARTERLY), date(2026, 8, 1))
    assert quarter is not None
    assert quarter.label == "Quý III/2026"
    assert (quarter.start, quarter.end, quarter.due_date) == (
        date(2026, 6, 15),
        date(2026, 9, 14),
        date(2026, 9, 20),
    )
    month = next_period(rule(Cadence.MONTHLY, due_day=5), date(2026, 11, 22))
    assert month is not None
    assert (month.label, month.start, month.end, month.due_date) == (
        "Tháng 11/2026",
        date(2026, 10, 15),
        date(2026, 11, 14),
        date(2026, 12, 5),
    )


def test_six_monthly_first_half_spans_december_to_june() -> None:
    spec = next_period(rule(Cadence.SIX_MONTHLY), date(2026, 1, 10))
    assert spec is not None
    assert (spec.label, spec.start, spec.end) == (
        "6 tháng đầu năm 2026",
        date(2025, 12, 15),
        date(2026, 6, 14),
    )


def test_every_five_years_counts_from_the_plan_start() -> None:
    five = rule(Cadence.EVERY_N_YEARS, every_n=5, due_day=15, due_month=1)
    specs = periods_between(five, date(2022, 1, 1), date(2032, 1, 1), plan_start=date(2021, 5, 1))
    assert [s.label for s in specs] == ["Giai đoạn 2021-2025", "Giai đoạn 2026-2030"]
    assert specs[0].due_date == date(2026, 1, 15)


def test_once_and_weekly() -> None:
    once = next_period(rule(Cadence.ONCE, due_date=date(2025, 6, 30)), date(2025, 1, 1))
    assert once is not None and once.due_date == date(2025, 6, 30)
    assert next_period(rule(Cadence.ONCE, due_date=date(2025, 6, 30)), date(2025, 7, 1)) is None
    week = next_period(rule(Cadence.WEEKLY), date(2026, 11, 18))
    assert week is not None
    assert (week.label, week.start, week.due_date) == (
        "Tuần 47/2026",
        date(2026, 11, 16),
        date(2026, 11, 23),
    )


def test_rule_cutoff_wins_over_the_decree_default() -> None:
    spec = next_period(
        rule(Cadence.YEARLY, due_day=15, due_month=1, cutoff_day=31, cutoff_month=12),
        date(2026, 5, 1),
    )
    assert spec is not None and (spec.start, spec.end) == (date(2026, 1, 1), date(2026, 12, 31))


async def test_open_period_creates_the_row_once(database) -> None:
    async with database.session() as session:
        plan = Plan(number="1600/KH-UBND")
        session.add(plan)
        await session.flush()
        assert await open_period(session, plan.id, date(2026, 11, 22)) is None
        session.add(rule(Cadence.YEARLY, plan_id=plan.id, due_day=15, due_month=1))
        session.add(rule(Cadence.YEARLY, plan_id=plan.id, due_day=10, due_month=12))
        await session.flush()
        first = await open_period(session, plan.id, date(2026, 11, 22))
        again = await open_period(session, plan.id, date(2026, 11, 22))
        assert first is not None and again is not None
        assert first.id == again.id
        assert (first.label, first.due_date) == ("Năm 2026", date(2026, 12, 10))
        count = await session.scalar(select(func.count()).select_from(ReportingPeriod))
        assert count == 1
