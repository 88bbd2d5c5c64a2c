"""The compliance figures of the fixture plan (see conftest for what was reported)."""

from __future__ import annotations

from datetime import date

from bot.db.engine import Database
from bot.db.models import ReportingPeriod
from bot.reports.figures import Outcome, compute_figures
from bot.reports.periods import get_plan
from bot.reports.snapshot import load_snapshot
from tests.reports.conftest import OBSTACLE_I2, REPORT_DAY, FixturePlan


async def _figures(database: Database, plan: FixturePlan, period_id: int | None):
    async with database.session() as session:
        period = await session.get(ReportingPeriod, period_id) if period_id else None
        snapshot = await load_snapshot(
            session, await get_plan(session, plan.plan_id), period, today=REPORT_DAY
        )
    return snapshot, compute_figures(snapshot)


async def test_period_figures(database: Database, plan: FixturePlan) -> None:
    snapshot, figures = await _figures(database, plan, plan.period_2025)

    assert figures.task_count == 6  # the withdrawn task does not count
    assert (figures.expected, figures.received, figures.on_time) == (6, 5, 3)
    assert figures.reporting_rate == 5 / 6
    assert figures.on_time_rate == 3 / 6
    per_agency = {
        item.agency.name: (item.expected, item.received, item.on_time) for item in figures.agencies
    }
    assert per_agency == {
        "Sở Công Thương": (2, 2, 1),
        "Sở Khoa học và Công nghệ": (2, 2, 2),
        "Sở Tài chính": (1, 1, 0),  # reports for Sở Kế hoạch và Đầu tư, merged into it
        "Sở Y tế": (1, 0, 0),
    }
    # judged as of the report day (20/01/2026), after the period's deadline (15/01/2026)
    assert snapshot.as_of == REPORT_DAY
    assert figures.outcomes == {
        Outcome.DONE_ON_TIME: 1,
        Outcome.DONE_LATE: 1,
        Outcome.PENDING_IN_TIME: 0,
        Outcome.PENDING_OVERDUE: 4,
    }
    by_code = {task.code: figures.task_outcomes[task.id] for task in snapshot.tasks}
    assert by_code == {
        "I.1": Outcome.DONE_ON_TIME,
        "I.2": Outcome.PENDING_OVERDUE,  # no own deadline: the period's, passed
        "I.3": Outcome.DONE_LATE,
        "II.1": Outcome.PENDING_OVERDUE,
        "II.2": Outcome.PENDING_OVERDUE,  # done only in the next period's update
        "II.4": Outcome.PENDING_OVERDUE,
    }
    assert figures.late == 2  # I.3 and II.2: received, not on time
    assert figures.by_status == {
        "done": 2,
        "blocked": 1,
        "in_progress": 1,
        "not_started": 1,
        "none": 1,
    }
    assert [agency.name for agency in figures.never_reported] == ["Sở Y tế"]
    assert [agency.name for agency in figures.silent] == ["Sở Y tế"]


async def test_only_the_latest_version_counts(database: Database, plan: FixturePlan) -> None:
    snapshot, _ = await _figures(database, plan, plan.period_2025)
    lead = next(task for task in snapshot.tasks if task.code == "I.2").leads[0]
    assert lead.latest is not None
    assert lead.latest.version == 2
    assert lead.latest.result == "Đã tổ chức 3 hội nghị"
    assert lead.latest.percent == 50
    assert lead.latest.obstacles == OBSTACLE_I2
    # on time is judged by when the first version arrived (10/01, before the 15/01 due date)
    assert lead.reported_on == date(2026, 1, 10)


async def test_later_period_and_all_updates(database: Database, plan: FixturePlan) -> None:
    _, figures_2026 = await _figures(database, plan, plan.period_2026)
    assert (figures_2026.expected, figures_2026.received) == (6, 1)
    assert figures_2026.outcomes[Outcome.DONE_ON_TIME] == 2  # I.1 and II.2 (by 15/01/2027)

    snapshot, everything = await _figures(database, plan, None)
    assert snapshot.period is None
    assert everything.received == 5  # every lead that ever reported, once each
    ii2 = next(task for task in snapshot.tasks if task.code == "II.2").leads[0]
    assert ii2.latest is not None and ii2.latest.result == "Đã kết nối 12 doanh nghiệp"
