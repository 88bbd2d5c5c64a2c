"""After the deadline: past-due periods are chased until each agency reports into them or the
period is closed; every button names its period; a merged successor owes one report per task.

Real parts: the planner and the outbox sender through python-telegram-bot's HTTP stack to the fake
Bot API server, on SQLite and PostgreSQL; time-machine on both sides of each deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import select

from bot.channels.telegram import NAME as TELEGRAM
from bot.db.engine import Database
from bot.db.models import (
    Agency,
    Assignment,
    AssignmentRole,
    Cadence,
    OutboxMessage,
    OutboxStatus,
    Person,
    ReportingPeriod,
    ReportingRule,
    Role,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.periods.calendar import VN_TZ
from bot.periods.store import open_period, past_due_periods, set_closed
from bot.services.actions import update_action
from bot.services.explanations import (
    answer_explanation,
    plan_explanations,
    request_explanation,
)
from bot.services.obligations import lead_obligations, missing_reports
from bot.services.succession import effective_agency_map
from schedules.deadlines import coming_deadlines, nudge_missing
from schedules.messages import weekday
from schedules.planner import escalation_days, outstanding_counts
from schedules.scheduler import run_planner
from tests.fakes.telegram_api import Call, FakeTelegram
from tests.schedules.conftest import fast_sender, make_app
from tests.schedules.factory import World, make_world, report


def at_nine(day: date) -> datetime:
    """09:00 in Hà Nội on `day`, as UTC (inside working hours)."""
    return datetime.combine(day, time(9, 0), tzinfo=VN_TZ).astimezone(UTC)


async def period_due_on(db: Database, world: World, due: date) -> ReportingPeriod:
    async with db.session() as session:
        period = await session.scalar(
            select(ReportingPeriod).where(
                ReportingPeriod.plan_id == world.plan_id, ReportingPeriod.due_date == due
            )
        )
    assert period is not None, due
    return period


async def outbox(db: Database) -> list[OutboxMessage]:
    async with db.session() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def buttons(call: Call) -> list[str]:
    return [button["callback_data"] for button in call.buttons]


@dataclass(frozen=True)
class Case:
    cadence: Cadence
    due: tuple[int, int | None]
    first_due: date  # a deadline on a working day
    next_due: date  # the following period's
    label: str


CASES = [
    Case(Cadence.YEARLY, (15, 1), date(2027, 1, 15), date(2028, 1, 15), "Năm 2026"),
    Case(
        Cadence.SIX_MONTHLY,
        (25, None),
        date(2027, 6, 25),
        date(2027, 12, 25),
        "6 tháng đầu năm 2027",
    ),
    Case(Cadence.QUARTERLY, (25, None), date(2027, 3, 25), date(2027, 6, 25), "Quý I/2027"),
]


def cycle_after(rule: ReportingRule, due: date, after: date) -> date:
    """The first escalation day of the period due on `due` that comes after `after`."""
    return next(
        day for _, day in escalation_days(rule, due, after + timedelta(days=30)) if day > after
    )


@pytest.mark.parametrize("case", CASES, ids=[c.cadence.value for c in CASES])
async def test_a_period_is_chased_across_its_deadline_until_the_late_agency_reports_into_it(
    database: Database, telegram: FakeTelegram, case: Case
) -> None:
    before = case.first_due - timedelta(days=7)
    with time_machine.travel(at_nine(before), tick=True):
        world = await make_world(database, cadence=case.cadence, due=case.due)
        app = make_app(database, telegram.base_url)
        on_time, late = world.agency_ids
        assert await run_planner(app) == 2
        await fast_sender(app).drain()
    rule = await rule_of(database, world)
    period = await period_due_on(database, world, case.first_due)
    assert period.label == case.label
    [early] = telegram.sent(world.focal_chats[late])
    assert "còn 7 ngày." in early.text and case.label in early.text
    expected = [update_action(a, period.id) for a in world.assignment_ids[late]]
    assert buttons(early) == [*expected, "snooze:1d", "mute:early"]

    with time_machine.travel(at_nine(case.first_due), tick=True):  # the deadline day
        await run_planner(app)  # (and tomorrow's rows when tomorrow is the first late day)
        await fast_sender(app).drain()
        await report(database, world, on_time, period.id)
    notice = telegram.sent(world.focal_chats[late])[-1]
    assert notice.text.startswith("<b>Hôm nay là hạn báo cáo")
    day_name = weekday(case.first_due, "vi")
    assert f"Hôm nay ({day_name}, {case.first_due:%d/%m/%Y}) là hạn báo cáo." in notice.text
    assert buttons(notice) == expected

    first_day = cycle_after(rule, case.first_due, case.first_due)
    with time_machine.travel(at_nine(first_day), tick=True):
        await run_planner(app)
        await fast_sender(app).drain()  # the late notice and the coordinators' digest
    late_notice = telegram.sent(world.focal_chats[late])[-1]
    assert late_notice.text.startswith("<b>Đã quá hạn báo cáo")
    assert f"đã quá hạn {(first_day - case.first_due).days} ngày." in late_notice.text
    assert buttons(late_notice) == expected  # the overdue period, not the next one
    [digest] = telegram.sent(world.coordinator_chat)
    assert "Sở Thử nghiệm 2: 2 nhiệm vụ" in digest.text and "Sở Thử nghiệm 1" not in digest.text
    assert len(telegram.sent(world.focal_chats[on_time])) == 2  # nothing once it reported

    # A period later the next deadline has run out too; the late agency still owes the first.
    later = cycle_after(rule, case.first_due, case.next_due + timedelta(days=3))
    seen = len(telegram.sent(world.focal_chats[late]))
    with time_machine.travel(at_nine(later), tick=True):
        await run_planner(app)
        following = await period_due_on(database, world, case.next_due)
        # Reporting into the next period does not stop the chasing of the overdue one …
        await report(database, world, late, following.id)
        await fast_sender(app).drain()
    [chased] = [
        call
        for call in telegram.sent(world.focal_chats[late])[seen:]
        if call.text.startswith("<b>Đã quá hạn") and case.label in call.text
    ]
    assert buttons(chased) == expected
    assert f"đã quá hạn {(later - case.first_due).days} ngày." in chased.text

    # … a late report into it does: nothing more is planned or sent for that period.
    await report(database, world, late, period.id)
    sent_before = len(telegram.sent())
    with time_machine.travel(at_nine(cycle_after(rule, case.first_due, later)), tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    rows = [row for row in await outbox(database) if row.period_id == period.id]
    assert rows and all(row.status != OutboxStatus.PENDING for row in rows)
    assert not any(case.label in call.text for call in telegram.sent()[sent_before:])


async def rule_of(db: Database, world: World) -> ReportingRule:
    async with db.session() as session:
        rule = await session.get(ReportingRule, world.rule_id)
    assert rule is not None
    return rule


async def test_closing_a_past_due_period_stops_its_chasing(database, telegram) -> None:
    due = date(2027, 1, 15)
    with time_machine.travel(at_nine(date(2027, 1, 8)), tick=True):
        world = await make_world(database)
    app = make_app(database, telegram.base_url)
    with time_machine.travel(at_nine(date(2027, 1, 18)), tick=True):  # first working day after
        assert await run_planner(app) == 3  # two late notices, one digest
        period = await period_due_on(database, world, due)
        async with database.session() as session:
            row = await session.get(ReportingPeriod, period.id)
            assert row is not None
            set_closed(row, True, datetime.now(UTC))
        await fast_sender(app).drain()  # planned before it was closed: dropped at send time
        assert telegram.sent() == []
    with time_machine.travel(at_nine(date(2027, 1, 21)), tick=True):  # the next cycle
        assert await run_planner(app) == 0
    statuses = {row.status for row in await outbox(database) if row.period_id == period.id}
    assert statuses == {OutboxStatus.CANCELLED}


async def successor_world(db: Database) -> tuple[World, int, int, dict[str, int]]:
    """Two predecessors (the world's agencies) merged into one successor with its own focal
    point, on a plan naming both as leads of a shared task: (world, successor, its focal point,
    the shared task's assignment ids by predecessor)."""
    world = await make_world(db, tasks_per_agency=2)
    first, second = world.agency_ids
    async with db.session() as session:
        successor = Agency(name="Sở Nông nghiệp và Môi trường")
        session.add(successor)
        await session.flush()
        for agency_id in world.agency_ids:
            agency = await session.get(Agency, agency_id)
            assert agency is not None
            agency.successor_id = successor.id
        for person in await session.scalars(select(Person).where(Person.role == Role.FOCAL)):
            person.active = False  # the predecessors' people have left
        task = Task(plan_id=world.plan_id, code="3.1", position=99, content="Nhiệm vụ chung")
        session.add(task)
        await session.flush()
        shared = {}
        for index, agency_id in enumerate((first, second)):
            assignment = Assignment(
                task_id=task.id, agency_id=agency_id, role=AssignmentRole.LEAD, position=index
            )
            session.add(assignment)
            await session.flush()
            shared[str(agency_id)] = assignment.id
        focal = Person(
            channel=TELEGRAM,
            platform_user_id="555",
            chat_id="555",
            display_name="Cán bộ sở mới",
            role=Role.FOCAL,
            agency_id=successor.id,
        )
        session.add(focal)
        await session.flush()
        return world, successor.id, focal.id, shared


async def test_a_merged_successor_is_reminded_once_per_task(database, telegram) -> None:
    with time_machine.travel(at_nine(date(2027, 1, 8)), tick=True):
        world, successor, focal, shared = await successor_world(database)
        app = make_app(database, telegram.base_url)
        first, second = world.agency_ids
        assert await run_planner(app) == 1
        await fast_sender(app).drain()
    period = await period_due_on(database, world, date(2027, 1, 15))
    [reminder] = telegram.sent("555")
    assert "đơn vị còn 5 nhiệm vụ chưa cập nhật" in reminder.text
    assert reminder.text.count("3.1. Nhiệm vụ chung") == 1
    shared_first = shared[str(first)]
    values = buttons(reminder)
    assert values.count(update_action(shared_first, period.id)) == 1
    assert update_action(shared[str(second)], period.id) not in values
    assert len([v for v in values if v.startswith("update:")]) == 5

    # The successor reports the shared task on the second predecessor's assignment.
    async with database.session() as session:
        session.add(
            StatusUpdate(
                assignment_id=shared[str(second)],
                period_id=period.id,
                status=UpdateStatus.IN_PROGRESS,
                percent=40,
                result="Đã triển khai",
                person_id=focal,
                channel=TELEGRAM,
            )
        )
    with time_machine.travel(at_nine(date(2027, 1, 12)), tick=True):  # the 3-day reminder
        await run_planner(app)
        await fast_sender(app).drain()
        async with database.session() as session:
            [mine] = await coming_deadlines(session, focal, today=date(2027, 1, 12))
            effective = await effective_agency_map(session)
            counts = await outstanding_counts(session, [period], effective)
            obligations = await lead_obligations(session, plan_ids=[world.plan_id])
            missing = await missing_reports(session, [period], obligations)
            nudged = await nudge_missing(
                session, world.plan_id, now=at_nine(date(2027, 1, 12)), actor_person_id=None
            )
    again = telegram.sent("555")[-1]
    assert "đơn vị còn 4 nhiệm vụ chưa cập nhật" in again.text
    assert "3.1." not in again.text
    assert mine.outstanding_tasks == 4 and mine.missing_agencies == 1
    assert nudged.messages == 1  # one focal point, one period
    assert (
        counts == {(period.id, successor): 4} == {(period.id, successor): len(missing[period.id])}
    )
    with time_machine.travel(at_nine(date(2027, 1, 18)), tick=True):  # after the deadline
        await run_planner(app)
        await fast_sender(app).drain()
    [digest] = telegram.sent(world.coordinator_chat)
    assert "Sở Nông nghiệp và Môi trường: 4 nhiệm vụ" in digest.text
    assert "Còn 1 đơn vị chưa báo cáo" in digest.text


async def test_the_digest_lists_explanation_requests_left_unanswered(database, telegram) -> None:
    due = date(2027, 1, 15)
    with time_machine.travel(at_nine(date(2027, 1, 8)), tick=True):
        world = await make_world(database, agencies=3)
    app = make_app(database, telegram.base_url)
    first, second, third = world.agency_ids
    with time_machine.travel(at_nine(date(2027, 1, 18)), tick=True):
        await run_planner(app)
        period = await period_due_on(database, world, due)
        await report(database, world, first, period.id)
        async with database.session() as session:
            for agency in (second, third):
                await request_explanation(
                    session,
                    plan_id=world.plan_id,
                    period_id=period.id,
                    agency_id=agency,
                    by_person_id=world.coordinator_id,
                    now=datetime.now(UTC),
                    answer_days=2,  # due Wednesday 20/01
                )
        await fast_sender(app).drain()
    [first_digest] = telegram.sent(world.coordinator_chat)
    assert "giải trình" not in first_digest.text  # nothing is past its answer date yet
    async with database.session() as session:
        [asked] = [
            view
            for view in await plan_explanations(session, world.plan_id)
            if view.agency_id == second
        ]
        await answer_explanation(
            session,
            asked.id,
            reason="Chờ số liệu",
            expected_on=date(2027, 1, 29),
            attachments=[],
            by_person_id=world.focal_ids[second],
            now=at_nine(date(2027, 1, 19)),
        )
    await report(database, world, third, period.id)  # late, but its answer is still owed
    with time_machine.travel(at_nine(date(2027, 1, 21)), tick=True):  # the next cycle
        await run_planner(app)
        await fast_sender(app).drain()
    digest = telegram.sent(world.coordinator_chat)[-1]
    assert "Còn 1 đơn vị chưa báo cáo" in digest.text and "Sở Thử nghiệm 2: 2" in digest.text
    assert "Yêu cầu giải trình quá hạn chưa trả lời (1):" in digest.text
    assert "• Sở Thử nghiệm 3: yêu cầu ngày 18/01/2027, hạn trả lời 20/01/2027" in digest.text
    assert "Sở Thử nghiệm 2: yêu cầu" not in digest.text  # answered
    # Everyone reported; the unanswered request alone still brings the digest.
    await report(database, world, second, period.id)
    with time_machine.travel(at_nine(date(2027, 1, 25)), tick=True):  # 24/01 is a Sunday
        await run_planner(app)
        await fast_sender(app).drain()
    last = telegram.sent(world.coordinator_chat)[-1]
    assert "các đơn vị đã báo cáo" in last.text and "Sở Thử nghiệm 3: yêu cầu" in last.text
    assert "/nudge" not in last.text


async def test_nudge_chases_every_overdue_period_the_agency_owes(database, telegram) -> None:
    with time_machine.travel(at_nine(date(2026, 12, 1)), tick=True):  # imported after it
        world = await make_world(database, due=(20, 11))  # "Năm 2026" due 20/11/2026
    first, second = world.agency_ids
    later = at_nine(date(2027, 12, 1))  # "Năm 2027" (due 20/11/2027) is past due too
    with time_machine.travel(later, tick=True):
        async with database.session() as session:
            old, _ = await past_due_periods(session, world.plan_id, date(2027, 12, 1))
        assert old.label == "Năm 2026"
        await report(database, world, first, old.id)
        async with database.session() as session:
            queued = await nudge_missing(
                session, world.plan_id, now=later, actor_person_id=world.coordinator_id
            )
        assert queued.messages == 3  # the second agency owes both years, the first only 2027
        app = make_app(database, telegram.base_url)
        await fast_sender(app).drain()
    labels = sorted(
        (call.chat_id, "Năm 2026" in call.text, "đã quá hạn" in call.text)
        for call in telegram.sent()
    )
    assert labels == [
        (world.focal_chats[first], False, True),
        (world.focal_chats[second], False, True),
        (world.focal_chats[second], True, True),
    ]


async def test_the_planners_counts_agree_with_the_obligations(database) -> None:
    """Three predecessors of one successor and an agency of its own lead tasks in every mix,
    some reported on one assignment or another: the database's counts are the obligations'."""
    import random

    shuffle = random.Random(10)
    world = await make_world(database, agencies=4, tasks_per_agency=1)
    a, b, c, own = world.agency_ids
    with time_machine.travel(at_nine(date(2027, 1, 8)), tick=True):
        async with database.session() as session:
            successor = Agency(name="Sở Hợp nhất")
            session.add(successor)
            await session.flush()
            for agency_id in (a, b, c):
                agency = await session.get(Agency, agency_id)
                assert agency is not None
                agency.successor_id = successor.id
            mixes = [(a, b), (a, b, c), (b, own), (a, c, own), (c,), (own,), (b, a)]
            assignments = []
            for number, leads in enumerate(mixes * 3):
                task = Task(
                    plan_id=world.plan_id, code=f"9.{number}", position=200 + number, content="…"
                )
                session.add(task)
                await session.flush()
                for position, agency_id in enumerate(leads):
                    assignment = Assignment(
                        task_id=task.id,
                        agency_id=agency_id,
                        role=AssignmentRole.LEAD,
                        position=position,
                    )
                    session.add(assignment)
                    await session.flush()
                    assignments.append(assignment.id)
            period = await open_period(session, world.plan_id, date(2027, 1, 8))
            assert period is not None
            for assignment_id in shuffle.sample(assignments, len(assignments) // 3):
                session.add(
                    StatusUpdate(
                        assignment_id=assignment_id,
                        period_id=period.id,
                        status=UpdateStatus.IN_PROGRESS,
                        result="Đã làm",
                    )
                )
            await session.flush()
            effective = await effective_agency_map(session)
            counts = await outstanding_counts(session, [period], effective)
            obligations = await lead_obligations(session, plan_ids=[world.plan_id])
            missing = (await missing_reports(session, [period], obligations))[period.id]
    expected: dict[tuple[int, int], int] = {}
    for item in missing:
        expected[(period.id, item.agency_id)] = expected.get((period.id, item.agency_id), 0) + 1
    assert counts == expected and expected[(period.id, successor.id)] > 0
