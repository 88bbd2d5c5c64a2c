"""Reports after the deadline, on a plan filled through the real services as time passes.

Plan 99/KH-UBND (UBND tỉnh Quảng Ngãi), yearly reports due 15/01 (Friday 15/01/2027 for
"Năm 2026"). Lead agencies and what they do:

- 1 Sở Công Thương: reports "done" on 10/01/2027 — on time;
- 2 Sở Y tế: reports "in progress" on 20/01/2027 — late, into the overdue period;
- 3 Sở Xây dựng: never reports — missing;
- 4 Sở NN&PTNT and Sở TN&MT, both merged into Sở Nông nghiệp và Môi trường, which reports
  the task once on 10/01/2027, as does it task 5 (Sở TN&MT): the successor reaches 100 %.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import time_machine
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import update

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import (
    Agency,
    Assignment,
    AssignmentRole,
    Cadence,
    Plan,
    ReportingPeriod,
    ReportingRule,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.periods.store import periods_due_between
from bot.reports import period_report, weekly_summary
from bot.reports.figures import Outcome, compute_figures
from bot.reports.owed import overdue_periods
from bot.reports.periods import choose_period, get_plan
from bot.reports.snapshot import LOCAL_TZ, load_snapshot
from bot.reports.week import load_week
from bot.reports.weekly import week_start
from bot.services.explanations import answer_explanation, request_explanation
from bot.services.obligations import Obligation, lead_obligations, missing_reports
from bot.services.updates import submit_update

MERGED = "Sở Nông nghiệp và Môi trường"
MERGED_NAMES = (
    "Sở Nông nghiệp và Phát triển nông thôn; Sở Tài nguyên và Môi trường "
    "(nay là Sở Nông nghiệp và Môi trường)"
)


def local(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ)


@dataclass
class World:
    plan_id: int
    agencies: dict[str, int]
    obligations: dict[tuple[str, str], Obligation]  # (task code, agency key) → obligation
    periods: dict[str, int]  # label → id


async def build_world(db: Database) -> World:
    async with db.session() as session:
        names = {
            "sct": "Sở Công Thương",
            "yt": "Sở Y tế",
            "xd": "Sở Xây dựng",
            "nnmt": MERGED,
            "nnptnt": "Sở Nông nghiệp và Phát triển nông thôn",
            "tnmt": "Sở Tài nguyên và Môi trường",
        }
        agencies = {key: Agency(name=name) for key, name in names.items()}
        session.add_all(agencies.values())
        await session.flush()
        agencies["nnptnt"].successor_id = agencies["nnmt"].id
        agencies["tnmt"].successor_id = agencies["nnmt"].id
        plan = Plan(
            number="99/KH-UBND",
            issuer="UBND tỉnh Quảng Ngãi",
            issue_date=date(2026, 2, 1),
            coordinating_agency_id=agencies["sct"].id,
            created_at=local(date(2026, 3, 1)).astimezone(UTC),
        )
        session.add(plan)
        await session.flush()
        rule = ReportingRule(plan_id=plan.id, cadence=Cadence.YEARLY, due_day=15, due_month=1)
        session.add(rule)
        await session.flush()
        leads = {"1": ["sct"], "2": ["yt"], "3": ["xd"], "4": ["nnptnt", "tnmt"], "5": ["tnmt"]}
        for position, (code, keys) in enumerate(leads.items()):
            task = Task(
                plan_id=plan.id,
                code=code,
                position=position,
                section_path="I",
                section_titles=["I. Nhiệm vụ"],
                content=f"Nhiệm vụ {code}",
            )
            session.add(task)
            await session.flush()
            session.add_all(
                Assignment(
                    task_id=task.id,
                    agency_id=agencies[key].id,
                    role=AssignmentRole.LEAD,
                    position=index,
                )
                for index, key in enumerate(keys)
            )
        await session.flush()
        periods = await periods_due_between(session, date(2027, 1, 1), date(2028, 12, 31), plan.id)
        found = await lead_obligations(session, plan_ids=[plan.id])
        effective = {agency.id: key for key, agency in agencies.items()}
        return World(
            plan_id=plan.id,
            agencies={key: agency.id for key, agency in agencies.items()},
            obligations={(item.code, effective[item.agency_id]): item for item in found},
            periods={period.label: period.id for period in periods},
        )


async def file_report(
    db: Database,
    world: World,
    code: str,
    agency: str,
    label: str,
    on: date,
    status: UpdateStatus,
    percent: int | None = None,
) -> StatusUpdate:
    """A focal point's report, filed through the update service on the day `on`."""
    with time_machine.travel(local(on), tick=False):
        clock = Clock()
        async with db.session() as session:
            period = await session.get(ReportingPeriod, world.periods[label])
            assert period is not None
            return await submit_update(
                session,
                assignment_id=world.obligations[(code, agency)].assignment_id,
                period_id=period.id,
                status=status,
                percent=percent,
                result=f"Kết quả nhiệm vụ {code}",
                now=clock.now(),
                today=clock.today(),
                period_due=period.due_date,
            )


async def figures_on(db: Database, world: World, label: str, today: date):
    async with db.session() as session:
        plan = await get_plan(session, world.plan_id)
        period = await session.get(ReportingPeriod, world.periods[label])
        snapshot = await load_snapshot(session, plan, period, today=today)
    return snapshot, compute_figures(snapshot)


def outcomes(snapshot, figures) -> dict[str, Outcome]:
    return {task.code: figures.task_outcomes[task.id] for task in snapshot.tasks}


async def on_time_filed(db: Database, world: World) -> None:
    for code, agency in (("1", "sct"), ("4", "nnmt"), ("5", "nnmt")):
        await file_report(db, world, code, agency, "Năm 2026", date(2027, 1, 10), UpdateStatus.DONE)


async def test_figures_across_the_deadline(database: Database) -> None:
    world = await build_world(database)
    assert set(world.periods) == {"Năm 2026", "Năm 2027"}
    await on_time_filed(database, world)
    pending_in_time = {code: Outcome.PENDING_IN_TIME for code in ("2", "3")}
    done = {code: Outcome.DONE_ON_TIME for code in ("1", "4", "5")}

    for day in (date(2027, 1, 14), date(2027, 1, 15)):  # before, and on the deadline day
        snapshot, figures = await figures_on(database, world, "Năm 2026", day)
        assert (figures.expected, figures.received, figures.on_time) == (5, 3, 3), day
        assert outcomes(snapshot, figures) == done | pending_in_time, day

    after = date(2027, 1, 18)  # the Monday after: unfinished tasks are overdue
    snapshot, figures = await figures_on(database, world, "Năm 2026", after)
    assert outcomes(snapshot, figures) == done | {
        "2": Outcome.PENDING_OVERDUE,
        "3": Outcome.PENDING_OVERDUE,
    }
    assert [agency.name for agency in figures.silent] == ["Sở Xây dựng", "Sở Y tế"]

    late = await file_report(
        database, world, "2", "yt", "Năm 2026", date(2027, 1, 20), UpdateStatus.IN_PROGRESS, 40
    )
    assert (late.is_late, late.days_late) == (True, 5)
    for day in (date(2027, 1, 20), date(2028, 1, 20)):  # just after, and a period later
        snapshot, figures = await figures_on(database, world, "Năm 2026", day)
        assert (figures.expected, figures.received, figures.on_time, figures.late) == (5, 4, 3, 1)
        assert figures.reporting_rate == 0.8 and figures.on_time_rate == 0.6
        per_agency = {item.agency.name: (item.received, item.on_time) for item in figures.agencies}
        assert per_agency["Sở Y tế"] == (1, 0)  # received, not on time
        assert per_agency["Sở Xây dựng"] == (0, 0)
        assert outcomes(snapshot, figures)["2"] == Outcome.PENDING_OVERDUE

    # the same in the files and the text, and in the weekly summary's totals for that period
    async with database.session() as session:
        report = await period_report(
            session, world.plan_id, "Năm 2026", today=date(2027, 1, 20), locale="vi"
        )
        plan = await get_plan(session, world.plan_id)
        period = await session.get(ReportingPeriod, world.periods["Năm 2026"])
        week = await load_week(
            session, plan, period, today=date(2027, 1, 20), since=week_start(date(2027, 1, 20))
        )
    assert week.totals is not None
    assert (week.totals.expected, week.totals.received, week.totals.on_time) == (5, 4, 3)
    assert "Đã nhận 4/5 báo cáo (80%); đúng hạn: 60%." in report.summary_text
    assert "Trong đó 1 báo cáo nộp trễ hạn" in report.summary_text
    paragraphs = [paragraph.text for paragraph in Document(io.BytesIO(report.docx)).paragraphs]
    assert "Đã nhận 4/5 báo cáo (tỷ lệ 80%), trong đó 3 báo cáo đúng hạn (tỷ lệ 60%)." in paragraphs
    assert any(text.startswith("Có 1 báo cáo nộp sau hạn (trễ hạn)") for text in paragraphs)
    summary = load_workbook(io.BytesIO(report.xlsx))["Tổng hợp"]
    facts = {row[0]: row[1] for row in summary.iter_rows(min_col=1, max_col=2, values_only=True)}
    assert (facts["Số báo cáo đã nhận"], facts["Số báo cáo đúng hạn"]) == (4, 3)
    assert facts["Số báo cáo trễ hạn"] == 1
    assert facts["Chưa hoàn thành, quá hạn"] == 2

    # the next period, a year on: nothing received yet, the late report stays in Năm 2026
    _, next_year = await figures_on(database, world, "Năm 2027", date(2028, 1, 20))
    assert (next_year.expected, next_year.received) == (5, 0)


async def test_a_deadline_on_a_day_off_runs_to_the_next_working_day(database: Database) -> None:
    """Due on Saturday 16/01/2027: Monday's report is on time, Tuesday's one day late, in the
    figures as in what the update service stored."""
    world = await build_world(database)
    async with database.session() as session:
        await session.execute(
            update(ReportingPeriod)
            .where(ReportingPeriod.id == world.periods["Năm 2026"])
            .values(due_date=date(2027, 1, 16))
        )
    monday = await file_report(
        database, world, "1", "sct", "Năm 2026", date(2027, 1, 18), UpdateStatus.DONE
    )
    tuesday = await file_report(
        database, world, "2", "yt", "Năm 2026", date(2027, 1, 19), UpdateStatus.DONE
    )
    assert (monday.days_late, tuesday.days_late) == (0, 1)
    _, figures = await figures_on(database, world, "Năm 2026", date(2027, 1, 19))
    assert (figures.received, figures.on_time, figures.late) == (2, 1, 1)
    async with database.session() as session:
        report = await period_report(
            session, world.plan_id, "Năm 2026", today=date(2027, 1, 19), locale="vi"
        )
    rows = {
        row[0].value: row
        for row in load_workbook(io.BytesIO(report.xlsx))["Nhiệm vụ"].iter_rows(min_row=2)
    }
    assert [cell.value for cell in rows["1"][12:14]] == ["Đúng hạn", 0]
    assert [cell.value for cell in rows["2"][12:14]] == ["Trễ hạn 1 ngày", 1]


async def test_a_merged_successor_reaches_100_percent(database: Database) -> None:
    world = await build_world(database)
    # the successor owes task 4 once (both predecessors led it) and task 5
    assert world.obligations[("4", "nnmt")].assignment_ids[1:]  # two assignments, one report
    await on_time_filed(database, world)
    today = date(2027, 1, 20)
    snapshot, figures = await figures_on(database, world, "Năm 2026", today)

    async with database.session() as session:
        obligations = await lead_obligations(session, plan_ids=[world.plan_id])
    leads = [lead for task in snapshot.tasks for lead in task.expected_leads]
    assert [(lead.task_id, lead.agency.id, lead.assignment_ids) for lead in leads] == [
        (item.task_id, item.agency_id, item.assignment_ids) for item in obligations
    ]  # the report expects what chat and reminders owe: one per task and effective agency

    merged = next(item for item in figures.agencies if item.agency.name == MERGED)
    assert (merged.expected, merged.received, merged.on_time, merged.done) == (2, 2, 2, 2)
    assert merged.reporting_rate == 1.0 and merged.on_time_rate == 1.0
    assert (figures.expected, figures.received) == (5, 3)
    assert outcomes(snapshot, figures)["4"] == Outcome.DONE_ON_TIME

    async with database.session() as session:
        report = await period_report(session, world.plan_id, "Năm 2026", today=today, locale="vi")
        weekly = await weekly_summary(
            session, world.plan_id, today=date(2027, 1, 12), locale="vi", max_chars=4000
        )
    workbook = load_workbook(io.BytesIO(report.xlsx))
    agencies = {row[0]: row[1:8] for row in workbook["Tổng hợp"].iter_rows(values_only=True)}
    assert agencies[MERGED] == (2, 2, 1.0, 2, 1.0, 0, 2)
    tasks = {row[0].value: row for row in workbook["Nhiệm vụ"].iter_rows(min_row=2)}
    assert tasks["4"][5].value == MERGED_NAMES  # the names the plan used, with today's
    assert (
        tasks["5"][5].value == "Sở Tài nguyên và Môi trường (nay là Sở Nông nghiệp và Môi trường)"
    )
    assert [row[0].value for row in workbook["Nhiệm vụ"].iter_rows(min_row=2)] == list("12345")
    table = Document(io.BytesIO(report.docx)).tables[2]
    appendix = {row.cells[1].text.split(".")[0]: row.cells for row in table.rows[1:]}
    assert appendix["4"][2].text == MERGED_NAMES
    assert appendix["4"][7].text == "Đúng hạn"
    # the current period in the weekly summary (before the deadline): 3 of 5, the successor done
    assert "Đã nhận 3/5 báo cáo (60%); đúng hạn: 60%." in weekly.text
    assert (
        "Sở Nông nghiệp và Môi trường" not in weekly.text.split("Cơ quan chưa báo cáo kỳ này")[-1]
    )


async def test_a_past_period_is_judged_as_of_today_or_a_stated_cut_off(database: Database) -> None:
    world = await build_world(database)
    await on_time_filed(database, world)
    await file_report(
        database, world, "2", "yt", "Năm 2026", date(2027, 1, 17), UpdateStatus.IN_PROGRESS, 50
    )
    today = date(2027, 1, 18)
    async with database.session() as session:
        judged_today = await period_report(
            session, world.plan_id, "Năm 2026", today=today, locale="vi"
        )
        cut_off = await period_report(
            session, world.plan_id, "Năm 2026", today=today, locale="vi", as_of=date(2027, 1, 15)
        )
    assert "Số liệu tính đến ngày 18/01/2027" in judged_today.summary_text
    assert "chưa hoàn thành trong hạn: 0; chưa hoàn thành quá hạn: 2." in judged_today.summary_text
    assert (judged_today.figures.received, judged_today.figures.late) == (4, 1)

    assert "Số liệu tính đến ngày 15/01/2027" in cut_off.summary_text
    assert "chưa hoàn thành trong hạn: 2; chưa hoàn thành quá hạn: 0." in cut_off.summary_text
    assert (cut_off.figures.received, cut_off.figures.late) == (3, 0)  # 17/01 is after it
    paragraphs = [paragraph.text for paragraph in Document(io.BytesIO(cut_off.docx)).paragraphs]
    assert "Số liệu tính đến ngày 15/01/2027" in paragraphs
    assert (
        "Quảng Ngãi, ngày 18 tháng 01 năm 2027"
        in Document(io.BytesIO(cut_off.docx)).tables[0].rows[0].cells[1].text
    )  # the document is still dated today
    facts = {
        row[0]: row[1]
        for row in load_workbook(io.BytesIO(cut_off.xlsx))["Tổng hợp"].iter_rows(values_only=True)
    }
    assert facts["Số liệu tính đến ngày"] == datetime(2027, 1, 15)


async def test_the_default_period_is_the_one_just_past(database: Database) -> None:
    world = await build_world(database)
    async with database.session() as session:
        plan = await get_plan(session, world.plan_id)
        before = await choose_period(session, plan, None, today=date(2027, 1, 15))
        after = await choose_period(session, plan, None, today=date(2027, 1, 16))
        year_on = await choose_period(session, plan, None, today=date(2027, 12, 1))
        named = await choose_period(session, plan, "năm 2027", today=date(2027, 1, 16))
    assert before is not None and before.label == "Năm 2026"  # none past yet: the current one
    assert after is not None and after.label == "Năm 2026"  # past its deadline: still the one
    assert year_on is not None and year_on.label == "Năm 2026"
    assert named is not None and named.label == "Năm 2027"


async def test_the_weekly_window_is_seven_days(database: Database) -> None:
    world = await build_world(database)
    today = date(2026, 12, 1)  # Tuesday
    for day in (date(2026, 11, 24), date(2026, 11, 25)):  # 8 and 7 days back, today included
        code, agency = ("1", "sct") if day.day == 24 else ("2", "yt")
        await file_report(database, world, code, agency, "Năm 2026", day, UpdateStatus.IN_PROGRESS)
    async with database.session() as session:
        summary = await weekly_summary(
            session, world.plan_id, today=today, locale="vi", max_chars=4000
        )
        english = await weekly_summary(
            session, world.plan_id, today=today, locale="en", max_chars=4000
        )
    lines = summary.text.splitlines()
    assert lines[1] == "Tuần qua (7 ngày): từ 25/11/2026 đến 01/12/2026"
    assert (today - week_start(today)).days + 1 == 7
    assert "Cập nhật nhận được trong tuần: 1" in lines
    assert "• Sở Y tế: 1" in lines and "• Sở Công Thương: 1" not in lines
    assert english.text.splitlines()[1] == "Past week (7 days): from 25/11/2026 to 01/12/2026"


async def test_weekly_shows_what_overdue_periods_still_miss_and_explanations(
    database: Database,
) -> None:
    world = await build_world(database)
    await on_time_filed(database, world)
    period_id = world.periods["Năm 2026"]
    asked = {}
    with time_machine.travel(local(date(2027, 1, 18)), tick=False):
        async with database.session() as session:
            for key in ("yt", "xd"):
                asked[key], _ = await _ask(session, world, period_id, key)
    with time_machine.travel(local(date(2027, 1, 19)), tick=False):
        async with database.session() as session:
            await answer_explanation(
                session,
                asked["yt"].id,
                reason="Chờ số liệu của các huyện",
                expected_on=date(2027, 1, 29),
                attachments=[],
                by_person_id=None,
                now=Clock().now(),
            )
    today = date(2027, 1, 25)  # Monday: Sở Xây dựng's answer was due 21/01
    async with database.session() as session:
        summary = await weekly_summary(
            session, world.plan_id, today=today, locale="vi", max_chars=4000
        )
        english = await weekly_summary(
            session, world.plan_id, today=today, locale="en", max_chars=4000
        )
        # the counts agree with what the obligations say is missing
        obligations = await lead_obligations(session, plan_ids=[world.plan_id])
        period = await session.get(ReportingPeriod, period_id)
        assert period is not None
        missing = (await missing_reports(session, [period], obligations))[period_id]
        plan = await get_plan(session, world.plan_id)
        week = await load_week(session, plan, None, today=today, since=week_start(today))
        effective = {named: agency.id for named, agency in week.effective_agency.items()}
        [owed] = await overdue_periods(session, world.plan_id, week.leads, effective, today)
    assert owed.missing == len(missing) == 2
    assert {item.agency.id: item.missing for item in owed.agencies} == {
        item.agency_id: 1 for item in missing
    }
    lines = summary.text.splitlines()
    start = lines.index("Kỳ báo cáo đã quá hạn còn thiếu báo cáo: 1")
    assert lines[start + 1 : start + 4] == [
        "• Năm 2026 (hạn 15/01/2027, quá hạn 10 ngày): còn thiếu 2/5 báo cáo",
        "  – Sở Xây dựng: 1/1",
        "  – Sở Y tế: 1/1",
    ]
    start = lines.index("Yêu cầu giải trình: 2")
    assert lines[start + 1 : start + 3] == [
        "• Sở Xây dựng (Năm 2026): chưa giải trình, đã quá hạn trả lời 21/01/2027 "
        "(yêu cầu ngày 18/01/2027)",
        "• Sở Y tế (Năm 2026): đã giải trình ngày 19/01/2027: “Chờ số liệu của các huyện”; "
        "dự kiến hoàn thành: 29/01/2027",
    ]
    assert "Overdue periods with reports still missing: 1" in english.text
    assert "Year 2026 (due 15/01/2027, 10 days overdue): 2/5 reports still missing" in english.text

    # once reported (late) and answered, the period drops out
    for code, agency in (("2", "yt"), ("3", "xd")):
        await file_report(
            database, world, code, agency, "Năm 2026", date(2027, 1, 26), UpdateStatus.DONE
        )
    async with database.session() as session:
        later = await weekly_summary(
            session, world.plan_id, today=date(2027, 1, 27), locale="vi", max_chars=4000
        )
    assert "Kỳ báo cáo đã quá hạn" not in later.text and "Yêu cầu giải trình" not in later.text


async def test_the_period_report_appendix_lists_explanation_requests(database: Database) -> None:
    world = await build_world(database)
    period_id = world.periods["Năm 2026"]
    with time_machine.travel(local(date(2027, 1, 18)), tick=False):
        async with database.session() as session:
            views = [(await _ask(session, world, period_id, key))[0] for key in ("yt", "xd")]
    with time_machine.travel(local(date(2027, 1, 20)), tick=False):
        async with database.session() as session:
            await answer_explanation(
                session,
                views[0].id,
                reason="=Thiếu cán bộ chuyên trách",
                expected_on=date(2027, 2, 5),
                attachments=[],
                by_person_id=None,
                now=Clock().now(),
            )
    await file_report(
        database, world, "2", "yt", "Năm 2026", date(2027, 1, 21), UpdateStatus.IN_PROGRESS, 30
    )
    async with database.session() as session:
        report = await period_report(
            session, world.plan_id, "Năm 2026", today=date(2027, 1, 22), locale="vi"
        )
        earlier = await period_report(
            session,
            world.plan_id,
            "Năm 2026",
            today=date(2027, 1, 22),
            locale="vi",
            as_of=date(2027, 1, 19),
        )
        next_year = await period_report(
            session, world.plan_id, "Năm 2027", today=date(2027, 1, 22), locale="en"
        )

    document = Document(io.BytesIO(report.docx))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "PHỤ LỤC: CÁC YÊU CẦU GIẢI TRÌNH" in paragraphs
    progress, explanations = document.tables[2], document.tables[3]
    late_row = next(row for row in progress.rows if row.cells[1].text.startswith("2."))
    assert [cell.text for cell in late_row.cells[6:]] == ["21/01/2027", "Trễ hạn 6 ngày"]
    assert [cell.text for cell in explanations.rows[0].cells] == [
        "STT",
        "Cơ quan",
        "Kỳ báo cáo",
        "Ngày yêu cầu",
        "Ngày giải trình",
        "Lý do",
        "Ngày dự kiến hoàn thành",
    ]
    assert [[cell.text for cell in row.cells] for row in explanations.rows[1:]] == [
        ["1", "Sở Xây dựng", "Năm 2026", "18/01/2027", "Chưa giải trình", "", ""],
        [
            "2",
            "Sở Y tế",
            "Năm 2026",
            "18/01/2027",
            "20/01/2027",
            "=Thiếu cán bộ chuyên trách",
            "05/02/2027",
        ],
    ]

    sheet = load_workbook(io.BytesIO(report.xlsx))["Giải trình"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Cơ quan",
        "Kỳ báo cáo",
        "Ngày yêu cầu",
        "Hạn giải trình",
        "Ngày giải trình",
        "Lý do",
        "Ngày dự kiến hoàn thành",
    )
    assert rows[2] == (
        "Sở Y tế",
        "Năm 2026",
        datetime(2027, 1, 18),
        datetime(2027, 1, 21),
        datetime(2027, 1, 20),
        "=Thiếu cán bộ chuyên trách",
        datetime(2027, 2, 5),
    )
    reason = load_workbook(io.BytesIO(report.xlsx))["Giải trình"]["F3"]
    assert reason.data_type == "s" and reason.quotePrefix  # typed text, never a formula
    assert rows[1][4] == "Chưa giải trình"

    # judged as of 19/01, the answer of 20/01 was not known yet
    earlier_rows = list(
        load_workbook(io.BytesIO(earlier.xlsx))["Giải trình"].iter_rows(values_only=True)
    )
    assert [row[4] for row in earlier_rows[1:]] == ["Chưa giải trình", "Chưa giải trình"]

    # a period without requests says so
    english = [paragraph.text for paragraph in Document(io.BytesIO(next_year.docx)).paragraphs]
    assert "No explanation was requested for this period." in english
    assert len(Document(io.BytesIO(next_year.docx)).tables) == 3


async def test_a_task_that_starts_after_a_period_owes_it_nothing(database: Database) -> None:
    """Task 6 starts on 01/03/2027, after "Năm 2026" ended: no report is expected from it for
    that period (as the obligations say), only for the next."""
    world = await build_world(database)
    async with database.session() as session:
        task = Task(
            plan_id=world.plan_id,
            code="6",
            position=6,
            section_path="I",
            section_titles=["I. Nhiệm vụ"],
            content="Nhiệm vụ 6",
            timeframe_start=date(2027, 3, 1),
        )
        session.add(task)
        await session.flush()
        session.add(
            Assignment(task_id=task.id, agency_id=world.agencies["sct"], role=AssignmentRole.LEAD)
        )
    await on_time_filed(database, world)
    today = date(2027, 1, 20)
    _, figures = await figures_on(database, world, "Năm 2026", today)
    assert (figures.expected, figures.received) == (5, 3)
    _, next_year = await figures_on(database, world, "Năm 2027", today)
    assert next_year.expected == 6
    async with database.session() as session:
        plan = await get_plan(session, world.plan_id)
        week = await load_week(session, plan, None, today=today, since=week_start(today))
        effective = {named: agency.id for named, agency in week.effective_agency.items()}
        [owed] = await overdue_periods(session, world.plan_id, week.leads, effective, today)
        period = await session.get(ReportingPeriod, world.periods["Năm 2026"])
        assert period is not None
        obligations = await lead_obligations(session, plan_ids=[world.plan_id])
        missing = (await missing_reports(session, [period], obligations))[period.id]
    assert (owed.expected, owed.missing) == (5, 2) and len(missing) == 2
    assert "Sở Công Thương" not in [item.agency.name for item in owed.agencies]


async def _ask(session, world, period_id: int, key: str):  # type: ignore[no-untyped-def]
    """A coordinator's explanation request to agency `key`, answer due in 3 days, made now."""
    return await request_explanation(
        session,
        plan_id=world.plan_id,
        period_id=period_id,
        agency_id=world.agencies[key],
        by_person_id=None,
        now=Clock().now(),
        answer_days=3,
    )
