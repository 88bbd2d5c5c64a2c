"""The outbox sender end to end: real Telegram channel (PTB's HTTP stack) → fake Bot API server.

Frozen time (time-machine, ticking) puts "today" before and after a deadline.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select, update

from bot.db.engine import Database
from bot.db.models import (
    Assignment,
    OutboxMessage,
    OutboxStatus,
    Person,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.periods.store import open_period
from bot.services.actions import update_action
from schedules.deadlines import nudge_missing
from schedules.recheck import ClaimedRow
from schedules.scheduler import run_planner
from schedules.sender import OutboxSender, failed_messages
from tests.fakes.telegram_api import FakeTelegram
from tests.schedules.conftest import TOKEN, fast_sender, make_app, second_database
from tests.schedules.factory import make_world, report

FRIDAY = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)  # 09:00 local, 7 days before 15/01/2027
DEADLINE_DAY = datetime(2027, 1, 15, 2, 0, tzinfo=UTC)
MONDAY_AFTER = datetime(2027, 1, 18, 2, 0, tzinfo=UTC)  # first working day after the deadline


async def statuses(db: Database) -> dict[int, OutboxStatus]:
    async with db.session() as session:
        found = await session.scalars(select(OutboxMessage))
        return {row.id: row.status for row in found}


async def period_id(db: Database, plan_id: int) -> int:
    async with db.session() as session:
        period = await open_period(session, plan_id, date(2027, 1, 8))
    assert period is not None
    return period.id


async def test_one_reminder_per_person_listing_every_task_with_its_button(
    database, telegram
) -> None:
    world = await make_world(database, tasks_per_agency=3)
    app = make_app(database, telegram.base_url)
    with time_machine.travel(FRIDAY, tick=True):
        assert await run_planner(app) == 2
        assert await fast_sender(app).drain() == 2
    chat = world.focal_chats[world.agency_ids[0]]
    [call] = telegram.sent(chat)
    assert "Năm 2026" in call.text and "15/01/2027" in call.text
    values = [button["callback_data"] for button in call.buttons]
    period = await period_id(database, world.plan_id)
    expected = [update_action(i, period) for i in world.assignment_ids[world.agency_ids[0]]]
    assert values == [*expected, "snooze:1d", "mute:early"]


async def test_the_deadline_notice_cannot_be_muted_and_ignores_mute(database, telegram) -> None:
    world = await make_world(database)
    async with database.session() as session:
        for person in await session.scalars(select(Person)):
            person.mute_early_reminders = True
    app = make_app(database, telegram.base_url)
    with time_machine.travel(DEADLINE_DAY, tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    call = telegram.sent(world.focal_chats[world.agency_ids[0]])[0]
    values = [button["callback_data"] for button in call.buttons]
    assert "snooze:1d" not in values and "mute:early" not in values
    assert values[0].startswith("update:")


async def test_no_reminder_goes_to_an_agency_that_reported_after_planning(
    database, telegram
) -> None:
    world = await make_world(database)
    app = make_app(database, telegram.base_url)
    first, second = world.agency_ids
    with time_machine.travel(FRIDAY, tick=True):
        await run_planner(app)
        await report(database, world, first, await period_id(database, world.plan_id))
        await fast_sender(app).drain()
    assert telegram.sent(world.focal_chats[first]) == []
    assert len(telegram.sent(world.focal_chats[second])) == 1
    assert sorted(map(str, (await statuses(database)).values())) == ["cancelled", "sent"]


async def test_escalation_lists_missing_agencies_and_stops_when_the_last_reports(
    database, telegram
) -> None:
    world = await make_world(database)
    app = make_app(database, telegram.base_url)
    first, second = world.agency_ids
    period = await period_id(database, world.plan_id)
    await report(database, world, first, period)
    with time_machine.travel(MONDAY_AFTER, tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    [digest] = telegram.sent(world.coordinator_chat)
    assert "Sở Thử nghiệm 2" in digest.text and "Sở Thử nghiệm 1" not in digest.text
    assert len(telegram.sent(world.focal_chats[second])) == 1  # the late notice to the late one
    # Three days later the next digest and late notice are planned; the last agency reports
    # (late, into the overdue period) before they go out: both are dropped.
    with time_machine.travel(MONDAY_AFTER + timedelta(days=3), tick=True):
        assert await run_planner(app) == 2
        await report(database, world, second, period)
        await fast_sender(app).drain()
        assert await run_planner(app) == 0
    assert len(telegram.sent(world.coordinator_chat)) == 1
    assert len(telegram.sent(world.focal_chats[second])) == 1
    with time_machine.travel(MONDAY_AFTER + timedelta(days=6), tick=True):
        assert await run_planner(app) == 0


async def test_a_crash_between_planning_and_sending_loses_nothing(database, telegram) -> None:
    world = await make_world(database, agencies=4)
    with time_machine.travel(FRIDAY, tick=True):
        await run_planner(make_app(database, telegram.base_url))
        # The process dies here; a new one (new engine, new sender) starts from the database.
        restarted = make_app(await second_database(database), telegram.base_url)
        await fast_sender(restarted).drain()
        await restarted.db.dispose()
    assert sorted(c.chat_id for c in telegram.sent()) == sorted(world.focal_chats.values())


async def test_an_expired_lease_gives_rows_back(database, telegram) -> None:
    world = await make_world(database, agencies=3)
    app = make_app(database, telegram.base_url)
    with time_machine.travel(FRIDAY, tick=True) as traveller:
        await run_planner(app)
        crashed = fast_sender(app, name="crashed", lease_seconds=60)
        claimed = await crashed.claim()  # claimed, then the process died before sending
        assert len(claimed) == 3
        survivor = fast_sender(app, name="survivor")
        assert await survivor.drain() == 0  # the lease still holds
        traveller.shift(timedelta(seconds=61))
        assert await survivor.drain() == 3
    assert len(telegram.sent()) == 3
    assert set((await statuses(database)).values()) == {OutboxStatus.SENT}
    assert len(world.focal_ids) == 3


async def test_429_delays_only_that_chat(database, telegram) -> None:
    world = await make_world(database, agencies=3)
    app = make_app(database, telegram.base_url)
    slow = world.focal_chats[world.agency_ids[0]]
    telegram.fail_chat(slow, 429, retry_after=1)
    with time_machine.travel(FRIDAY, tick=True):
        await run_planner(app)
        sender = fast_sender(app)
        await sender.drain()
        assert len(telegram.sent()) == 2  # the others went at once
        assert telegram.sent(slow) == []
        await asyncio.sleep(1.1)
        await sender.drain()
    assert len(telegram.sent(slow)) == 1
    assert telegram.too_many_requests == 1


async def test_5xx_is_retried_then_given_up_and_listed(database, telegram) -> None:
    world = await make_world(database, agencies=2)
    app = make_app(database, telegram.base_url)
    flaky, broken = (world.focal_chats[a] for a in world.agency_ids)
    telegram.fail_chat(flaky, 502, times=2)
    telegram.fail_chat(broken, 500, times=10)
    with time_machine.travel(FRIDAY, tick=True):
        await run_planner(app)
        sender = fast_sender(app, max_attempts=3)
        for _ in range(20):
            await sender.drain()
            await asyncio.sleep(0.06)
    assert len(telegram.sent(flaky)) == 1
    assert telegram.sent(broken) == []
    async with database.session() as session:
        [failed] = await failed_messages(session)
    assert failed.chat_id == broken and failed.attempts == 3
    assert failed.last_error and "Internal Server Error" in failed.last_error


async def test_403_marks_the_person_unreachable_and_tells_the_coordinators(
    database, telegram
) -> None:
    world = await make_world(database, agencies=2)
    app = make_app(database, telegram.base_url)
    blocked_agency = world.agency_ids[0]
    telegram.fail_chat(world.focal_chats[blocked_agency], 403)
    with time_machine.travel(FRIDAY, tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
        async with database.session() as session:
            person = await session.get(Person, world.focal_ids[blocked_agency])
            assert person is not None and person.reachable is False
        [notice] = telegram.sent(world.coordinator_chat)
        assert "Cán bộ 1" in notice.text and "Sở Thử nghiệm 1" in notice.text
        # A person marked unreachable is left out of the next plans.
        await run_planner(app)
    async with database.session() as session:
        failed = await failed_messages(session)
    assert [row.chat_id for row in failed] == [world.focal_chats[blocked_agency]]


async def test_snooze_postpones_and_mute_cancels_early_reminders(database, telegram) -> None:
    world = await make_world(database)
    snoozer, muter = (world.focal_ids[a] for a in world.agency_ids)
    async with database.session() as session:
        snoozing = await session.get(Person, snoozer)
        muting = await session.get(Person, muter)
        assert snoozing is not None and muting is not None
        snoozing.snoozed_until = FRIDAY + timedelta(days=1)
        muting.mute_early_reminders = True
    app = make_app(database, telegram.base_url)
    with time_machine.travel(FRIDAY, tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    assert telegram.sent() == []
    async with database.session() as session:
        found = {row.person_id: row for row in await session.scalars(select(OutboxMessage))}
    assert found[muter].status == OutboxStatus.CANCELLED
    assert found[snoozer].status == OutboxStatus.PENDING
    assert found[snoozer].due_at == FRIDAY + timedelta(days=1)


async def test_a_task_deadline_is_reminded_until_the_task_is_done(database, telegram) -> None:
    world = await make_world(database, agencies=1, tasks_per_agency=2)
    agency = world.agency_ids[0]
    first, second = world.assignment_ids[agency]
    async with database.session() as session:
        for assignment_id in (first, second):
            assignment = await session.get(Assignment, assignment_id)
            assert assignment is not None
            task = await session.get(Task, assignment.task_id)
            assert task is not None
            task.timeframe_end = date(2026, 6, 30)  # "trước ngày 30/6/2026"
        session.add(
            StatusUpdate(
                assignment_id=second,
                status=UpdateStatus.DONE,
                percent=100,
                result="Đã hoàn thành",
                person_id=world.focal_ids[agency],
            )
        )
    app = make_app(database, telegram.base_url)
    # Tuesday 23 June 2026, 09:00: seven days before.
    with time_machine.travel(datetime(2026, 6, 23, 2, 0, tzinfo=UTC), tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    [call] = telegram.sent(world.focal_chats[agency])
    assert "30/06/2026" in call.text
    values = [button["callback_data"] for button in call.buttons]
    assert values == [f"update:{first}", "snooze:1d", "mute:early"]
    async with database.session() as session:
        session.add(
            StatusUpdate(
                assignment_id=first,
                status=UpdateStatus.DONE,
                percent=100,
                result="Xong",
                person_id=world.focal_ids[agency],
            )
        )
    with time_machine.travel(datetime(2026, 6, 30, 2, 0, tzinfo=UTC), tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    assert len(telegram.sent(world.focal_chats[agency])) == 1  # done: nothing on the day


async def test_a_refused_message_fails_at_once_without_retries(database, telegram) -> None:
    world = await make_world(database, agencies=1)
    chat = world.focal_chats[world.agency_ids[0]]
    telegram.fail_chat(chat, 400, times=5)
    app = make_app(database, telegram.base_url)
    with time_machine.travel(FRIDAY, tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    async with database.session() as session:
        [failed] = await failed_messages(session)
    assert failed.attempts == 1
    assert len(telegram.calls_to("sendMessage", chat)) == 0
    assert len([c for c in telegram.calls if c.chat_id == chat]) == 1


async def test_telegram_limits_are_kept_overall_and_per_chat(database) -> None:
    """45 reminders to distinct chats plus a nudge and a reminder to one chat, through a fake
    server that answers 429 past 30 a second overall or 1 a second per chat: no 429 at all."""
    world = await make_world(database, agencies=45, tasks_per_agency=1)
    async with FakeTelegram(TOKEN, enforce_limits=True) as limited:
        app = make_app(database, limited.base_url)
        with time_machine.travel(FRIDAY, tick=True):
            await run_planner(app)
            async with database.session() as session:
                nudged = await nudge_missing(
                    session, world.plan_id, now=FRIDAY, actor_person_id=None
                )
                assert nudged.messages
            await OutboxSender(app).drain()  # the limits from settings: 30/s, 1/s per chat
        sent = limited.sent()
        assert limited.too_many_requests == 0
        assert len(sent) == 90
        assert sent[-1].at - sent[0].at >= (90 - 30) / 30  # never above 30 a second
        one_chat = limited.sent(world.focal_chats[world.agency_ids[0]])
        assert len(one_chat) == 2 and one_chat[1].at - one_chat[0].at >= 1.0


async def test_a_deadline_in_tet_is_announced_before_the_holiday_as_a_day_off(
    database, telegram
) -> None:
    world = await make_world(database, agencies=1, due=(8, 2))  # 08/02/2027: the 3rd day of Tết
    app = make_app(database, telegram.base_url)
    # Wednesday 3 February 2027, 09:00: the last working day before Tết.
    with time_machine.travel(datetime(2027, 2, 3, 2, 0, tzinfo=UTC), tick=True):
        await run_planner(app)
        await fast_sender(app).drain()
    [call] = telegram.sent(world.focal_chats[world.agency_ids[0]])
    assert call.text.startswith("<b>Nhắc báo cáo: Kế hoạch 1600/KH-UBND</b>\n")  # not "Hôm nay"
    assert (
        "Hạn báo cáo: Thứ Hai, 08/02/2027 (Mùng ba Tết Nguyên Đán), còn 5 ngày; "
        "hôm nay là ngày làm việc cuối cùng trước hạn."
    ) in call.text
    values = [button["callback_data"] for button in call.buttons]
    assert "snooze:1d" not in values  # the deadline notice, moved earlier, still cannot be muted


@pytest.mark.parametrize(("record_seconds", "groups"), [(0.0, [1] * 6), (3600.0, [1, 5])])
async def test_answers_are_recorded_at_most_once_each_record_seconds(
    database, telegram, record_seconds: float, groups: list[int]
) -> None:
    """A fast drain does not commit every few rows: once a group is recorded, the answers that
    come within `record_seconds` wait for the end of the batch (one UPDATE of many rows). One
    chat's rows go one after the other, so the groups are known."""
    await make_world(database, agencies=6)
    app = make_app(database, telegram.base_url)
    with time_machine.travel(FRIDAY, tick=True):
        await run_planner(app)
        async with database.session() as session:
            await session.execute(update(OutboxMessage).values(chat_id="7001"))
        sender = fast_sender(app, record_every=1, record_seconds=record_seconds)
        recorded: list[int] = []
        record = sender._record

        async def counted(outcomes, rows) -> None:  # type: ignore[no-untyped-def]
            recorded.append(len(outcomes))
            await record(outcomes, rows)

        sender._record = counted  # type: ignore[method-assign]
        assert await sender.drain() == 6
    assert recorded == groups
    assert set((await statuses(database)).values()) == {OutboxStatus.SENT}
    assert len(telegram.sent("7001")) == 6


@pytest.mark.parametrize(
    ("batch_seconds", "claims"),
    [(1e6, [2, 2, 5, 1]), (1e-9, [2, 2, 2, 2, 2])],
    ids=["fast: larger claims", "paced: batch_size"],
)
async def test_a_fast_drain_claims_larger_batches_up_to_max_batch_size(
    database, telegram, batch_seconds: float, claims: list[int]
) -> None:
    """The first claims take `batch_size`; later ones what the batch before went out at in
    `batch_seconds`, between `batch_size` and `max_batch_size` (the second claim is made while
    the first batch is being sent, so before any pace is known). Every row is sent once."""
    world = await make_world(database, agencies=10)
    app = make_app(database, telegram.base_url)
    with time_machine.travel(FRIDAY, tick=True):
        assert await run_planner(app) == 10
        sender = fast_sender(app, batch_size=2, max_batch_size=5, batch_seconds=batch_seconds)
        claimed: list[int] = []
        claim = sender.claim

        async def counted() -> list[ClaimedRow]:
            rows = await claim()
            claimed.append(len(rows))
            return rows

        sender.claim = counted  # type: ignore[method-assign]
        assert await sender.drain() == 10
    assert [size for size in claimed if size] == claims
    assert set((await statuses(database)).values()) == {OutboxStatus.SENT}
    assert sorted(call.chat_id for call in telegram.sent()) == sorted(world.focal_chats.values())


async def test_rows_dropped_without_a_send_do_not_set_the_pace(database, telegram) -> None:
    """A batch all cancelled goes by at once: taken for the pace, it would make the next claim
    the largest (under Zalo's 10 a second, its last rows would go near the end of the lease)."""
    sender = fast_sender(
        make_app(database, telegram.base_url), batch_size=2, max_batch_size=5, batch_seconds=1e6
    )
    sender._resize(2, 0.5)  # two messages sent fast: the largest claims next
    assert sender._claim_size == 5
    sender._resize(0, 1e-4)  # nothing sent
    assert sender._claim_size == 2


async def test_a_failed_send_midway_through_a_batch_leaves_the_others_recorded_as_sent(
    database, telegram
) -> None:
    """One recording of the batch's answers: the rows Telegram took are sent with its message
    ids, the one it refused with a 502 waits for its retry with the error, not sent."""
    world = await make_world(database, agencies=5)
    app = make_app(database, telegram.base_url)
    flaky = world.focal_chats[world.agency_ids[2]]
    telegram.fail_chat(flaky, 502)
    with time_machine.travel(FRIDAY, tick=True):
        assert await run_planner(app) == 5
        assert await fast_sender(app, record_every=100).drain() == 5
    async with database.session() as session:
        rows = {row.chat_id: row for row in await session.scalars(select(OutboxMessage))}
    assert {call.chat_id for call in telegram.sent()} == set(rows) - {flaky}
    for chat, row in rows.items():
        if chat == flaky:
            assert row.status == OutboxStatus.PENDING and row.sent_at is None
            assert row.attempts == 1 and "Internal Server Error" in (row.last_error or "")
            assert row.platform_message_id is None and row.lease_until is None
        else:
            assert row.status == OutboxStatus.SENT and row.sent_at is not None
            assert row.platform_message_id and row.last_error is None and row.lease_until is None
    assert len({row.platform_message_id for row in rows.values() if row.platform_message_id}) == 4
