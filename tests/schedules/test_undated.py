"""Undated reporting clauses ("sơ kết … định kỳ 05 năm/lần", a yearly clause with no date) warn at
import and plan nothing until an admin sets the due date; multi-year periods then count from the
plan's own date or the clause's first year, never from an invented one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models import Cadence, Plan, ReportingRule
from bot.importing.facts import read_reporting
from bot.periods.cadence import is_undated, periods_between
from bot.periods.calendar import VN_TZ
from bot.periods.store import open_period
from schedules.planner import preview_reminders
from schedules.rules import DayMonth, RuleChange, set_rule
from tests.importing.helpers import import_file

BODY = """ỦY BAN NHÂN DÂN TỈNH AN GIANG
Số: 457/KH-UBND
An Giang, ngày 08 tháng 5 năm 2024
KẾ HOẠCH
Thực hiện Đề án phát triển công nghiệp sinh học đến năm 2030
IV. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành hàng năm báo cáo kết quả thực hiện (qua Sở Công Thương) để tổng hợp.
2. Sơ kết đánh giá kết quả theo định kỳ 05 năm/lần.
"""


def test_a_clause_gives_its_first_year_and_says_when_it_is_undated() -> None:
    [five] = read_reporting("Sơ kết đánh giá kết quả theo định kỳ 05 năm/lần.")[0]
    assert (five.cadence, five.every_n, five.undated, five.first_year) == (
        Cadence.EVERY_N_YEARS,
        5,
        True,
        None,
    )
    [phased] = read_reporting(
        "Sơ kết đánh giá kết quả giai đoạn 2026-2030 theo định kỳ 05 năm/lần trước ngày 15/01."
    )[0]
    assert (phased.first_year, phased.undated) == (2026, False)


def test_undated_rules_have_no_periods_and_multi_year_ones_need_an_anchor() -> None:
    five = ReportingRule(plan_id=1, cadence=Cadence.EVERY_N_YEARS, every_n=5, active=True)
    yearly = ReportingRule(plan_id=1, cadence=Cadence.YEARLY, every_n=1, active=True)
    assert is_undated(five) and is_undated(yearly)
    assert periods_between(yearly, date(2024, 1, 1), date(2035, 1, 1)) == []
    five.due_day, five.due_month = 15, 1
    assert periods_between(five, date(2024, 1, 1), date(2035, 1, 1)) == []  # no anchor: no guess
    specs = periods_between(five, date(2024, 1, 1), date(2035, 1, 1), plan_start=date(2024, 5, 8))
    assert [(s.label, s.due_date) for s in specs] == [
        ("Giai đoạn 2024-2028", date(2029, 1, 15)),
        ("Giai đoạn 2029-2033", date(2034, 1, 15)),
    ]


async def test_an_undated_clause_warns_and_plans_nothing_until_the_admin_sets_a_date(
    database: Database,
) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 2, 0, tzinfo=UTC), tick=True):
        preview = await import_file(database, BODY.encode(), "kh-457.txt", plan=None, apply=True)
    assert preview.applied and preview.plan_number == "457/KH-UBND"
    warned = [w for w in preview.warnings if w.message_id == "import-notice-undated-rule"]
    assert [w.detail for w in warned] == [
        "Các sở, ban, ngành hàng năm báo cáo kết quả thực hiện (qua Sở Công Thương) để tổng hợp.",
        "Sơ kết đánh giá kết quả theo định kỳ 05 năm/lần.",
    ]
    async with database.session() as session:
        plan = await session.scalar(select(Plan).where(Plan.number == "457/KH-UBND"))
        assert plan is not None and plan.issue_date == date(2024, 5, 8)
        rules = list(await session.scalars(select(ReportingRule)))
        assert {(r.cadence, r.due_month) for r in rules} == {
            (Cadence.YEARLY, None),
            (Cadence.EVERY_N_YEARS, None),
        }
        # No invented 20/12 and no periods counted from 2021: nothing at all.
        assert await open_period(session, plan.id, date(2026, 12, 1)) is None
        for day in (date(2026, 12, 1), date(2028, 12, 1), date(2029, 1, 2)):
            now = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
            assert await preview_reminders(session, now=now, tz=VN_TZ, days=60) == []
        # The admin sets the five-year review's date: periods count from the plan's own date.
        await set_rule(
            session,
            plan.id,
            RuleChange(cadence=Cadence.EVERY_N_YEARS, due=DayMonth(15, 1), every_n=5),
            today=date(2026, 12, 1),
        )
        period = await open_period(session, plan.id, date(2026, 12, 1))
        assert period is not None
        assert (period.label, period.due_date) == ("Giai đoạn 2024-2028", date(2029, 1, 15))
