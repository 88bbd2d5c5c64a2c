"""Two submissions for one assignment at the same instant: never two "version 1"s."""

from __future__ import annotations

import asyncio

from bot.clock import Clock
from bot.db.models import UpdateStatus
from bot.services.updates import submit_update
from tests.chat.conftest import seed_plan, stored_updates


async def test_a_second_submission_waits_for_the_first_and_becomes_version_2(database) -> None:
    seed = await seed_plan(database)
    assignment = seed.assignments["1.1/lead"]
    clock = Clock()

    async def submit(session, result: str):  # type: ignore[no-untyped-def]
        return await submit_update(
            session,
            assignment_id=assignment,
            period_id=None,
            status=UpdateStatus.IN_PROGRESS,
            percent=50,
            result=result,
            now=clock.now(),
            today=clock.today(),
        )

    async def second() -> int:
        async with database.session() as session:
            return (await submit(session, "B")).version

    async with database.session() as session:
        first = await submit(session, "A")
        racing = asyncio.create_task(second())
        await asyncio.sleep(0.3)  # B is now waiting on A's lock
        assert not racing.done()
    assert first.version == 1 and await racing == 2
    versions = await stored_updates(database)
    assert [u.version for u in versions] == [1, 2] and versions[1].supersedes_id == versions[0].id
