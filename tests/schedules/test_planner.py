"""Planning reminders: who gets what, when; idempotence; preview; nudge; coming deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.db.models import OutboxMessage, Person, Role
from bot.periods.calendar import VN_TZ
from bot.periods.store import open_period
from schedules.deadlines import coming_deadlines, nudge_missing
from schedules.planner import plan_reminders, preview_reminders
from tests.schedules.factory import make_world, report

# Friday 8 January 2027, 09:00 in Hà Nội: seven days before "15/01" (the report on 2026).
FRIDAY = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)


async def rows(db) -> list[OutboxMessage]:
    async with db.session() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_only_agencies_still_missing_are_reminded_and_planning_twice_adds_nothing(
    database,
) -> None:
    world = await make_world(database)
    first, second = world.agency_ids
    async with database.session() as session:
        period = await open_period(session, world.plan_id, date(2027, 1, 8))
        assert period is not None and period.label == "Năm 2026"
    await report(database, world, second, period.id)
    async with database.session() as session:
        assert await plan_reminders(session, now=FRIDAY, tz=VN_TZ) == 1
    async with database.session() as session:
        assert await plan_reminders(session, now=FRIDAY, tz=VN_TZ) == 0
    [row] = await rows(database)
    assert (row.kind, row.person_id, row.payload["lead"]) == ("reminder", world.focal_ids[first], 7)
    assert row.payload["tasks"] == 2
    assert row.due_at == FRIDAY  # 08:00 had passed: sent at once, within working hours


async def test_inactive_unreachable_and_other_roles_get_nothing(database) -> None:
    world = await make_world(database, agencies=3)
    async with database.session() as session:
        people = {p.agency_id: p for p in await session.scalars(select(Person))}
        people[world.agency_ids[0]].active = False
        people[world.agency_ids[1]].reachable = False
    async with database.session() as session:
        await plan_reminders(session, now=FRIDAY, tz=VN_TZ)
    assert [row.person_id for row in await rows(database)] == [world.focal_ids[world.agency_ids[2]]]


async def test_preview_shows_the_coming_month_without_writing(database) -> None:
    world = await make_world(database)
    async with database.session() as session:
        planned = await preview_reminders(session, now=FRIDAY, tz=VN_TZ, days=30)
    assert await rows(database) == []
    kinds = {(p.kind, p.due_at.astimezone(VN_TZ).date()) for p in planned}
    assert ("reminder", date(2027, 1, 12)) in kinds  # 3 days before
    assert ("reminder", date(2027, 1, 14)) in kinds  # 1 day before
    assert ("deadline", date(2027, 1, 15)) in kinds
    assert ("escalation", date(2027, 1, 18)) in kinds  # Monday after the Friday deadline
    assert ("late", date(2027, 1, 18)) in kinds
    coordinator_rows = [p for p in planned if p.person_id == world.coordinator_id]
    assert {p.kind for p in coordinator_rows} == {"escalation"}


async def test_nudge_queues_one_message_per_missing_focal_point(database) -> None:
    world = await make_world(database)
    async with database.session() as session:
        period = await open_period(session, world.plan_id, date(2027, 1, 8))
    assert period is not None
    await report(database, world, world.agency_ids[0], period.id)
    async with database.session() as session:
        queued = await nudge_missing(
            session, world.plan_id, now=FRIDAY, actor_person_id=world.coordinator_id
        )
    assert (queued.messages, queued.agencies, queued.people) == (1, 1, 1)
    async with database.session() as session:
        again = await nudge_missing(session, world.plan_id, now=FRIDAY, actor_person_id=None)
    assert again.messages == 1  # counted, but the same minute's nudge is stored once
    [row] = await rows(database)
    assert (row.kind, row.person_id) == ("nudge", world.focal_ids[world.agency_ids[1]])


async def test_coming_deadlines_for_a_focal_point_and_a_coordinator(database) -> None:
    world = await make_world(database)
    focal = world.focal_ids[world.agency_ids[0]]
    async with database.session() as session:
        mine = await coming_deadlines(session, focal, today=date(2027, 1, 8))
        theirs = await coming_deadlines(session, world.coordinator_id, today=date(2027, 1, 8))
        coordinator = await session.get(Person, world.coordinator_id)
        assert coordinator is not None and coordinator.role == Role.COORDINATOR
    assert [(d.label, d.due_date, d.outstanding_tasks) for d in mine] == [
        ("Năm 2026", date(2027, 1, 15), 2)
    ]
    assert theirs[0].missing_agencies == 2
