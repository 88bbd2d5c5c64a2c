"""A coordinator turns the automatic weekly summary off and on again from the chat."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Person, Role
from tests.chat.conftest import enrol


async def weekly_wanted(app, user_id: str) -> bool:
    async with app.db.session() as session:
        query = select(Person.weekly_summary).where(Person.platform_user_id == user_id)
        return bool(await session.scalar(query))


async def test_weekly_off_and_on(world) -> None:
    app, seed = world
    coordinator = await enrol(app, seed.industry, "333", Role.COORDINATOR)
    assert await weekly_wanted(app, "333")

    [reply] = await coordinator.send("/weekly tắt")
    assert "không nhận tóm tắt tuần tự động" in reply.text
    assert not await weekly_wanted(app, "333")

    [reply] = await coordinator.send("/weekly on")
    assert "/weekly tắt" in reply.text
    assert await weekly_wanted(app, "333")


async def test_focal_point_cannot_switch_the_weekly_summary(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111", Role.FOCAL)
    await focal.send("/weekly off")
    assert await weekly_wanted(app, "111")  # refused: unchanged
