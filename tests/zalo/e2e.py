"""Helpers for Zalo end-to-end tests: a person chatting through the fake Zalo server with the
real Dispatcher behind a running ZaloChannel, and a small seeded plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.channels.zalo.channel import ZaloChannel
from bot.db.engine import Database
from bot.db.models import Role
from tests.fakes.zalo_api import FakeZalo
from tests.world import PlanSpec, TaskSpec, build_world
from tests.world import invite_code as make_code


class ZaloUser:
    """Someone writing to the bot on Zalo, who waits for all of each answer."""

    def __init__(
        self,
        zalo: FakeZalo,
        channel: ZaloChannel,
        user_id: str,
        *,
        name: str = "Nguyễn Thị Lan",
        chat_id: str | None = None,
        group: bool = False,
    ) -> None:
        self.zalo = zalo
        self.channel = channel
        self.user_id = user_id
        self.chat_id = chat_id or user_id
        self.name = name
        self.group = group

    def _who(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "chat_id": self.chat_id,
            "name": self.name,
            "group": self.group,
        }

    async def _answer(self, before: int) -> str:
        await self.zalo.wait_for("sendMessage", chat_id=self.chat_id, count=before + 1)
        await self.channel.idle()  # every part of the answer is out
        return "\n".join(c.text for c in self.zalo.calls_to("sendMessage", self.chat_id)[before:])

    async def says(self, text: str) -> str:
        """Everything the bot answered to `text`, as one string."""
        before = len(self.zalo.calls_to("sendMessage", self.chat_id))
        self.zalo.push_text(text, **self._who())
        return await self._answer(before)

    async def sends_picture(self, url: str) -> str:
        before = len(self.zalo.calls_to("sendMessage", self.chat_id))
        self.zalo.push_image(url, **self._who())
        return await self._answer(before)


@dataclass
class Seed:
    finance_id: int
    industry_id: int  # Sở Công Thương, the coordinating department
    plan_id: int
    assignment_ids: dict[str, int]  # task code → its lead assignment


ZALO_PLAN = PlanSpec(
    agencies={"Sở Tài chính": None, "Sở Công Thương": None},
    coordinator="Sở Công Thương",
    tasks=[
        TaskSpec("1.1", "Tuyên truyền, phổ biến về công nghệ sinh học", lead="Sở Tài chính"),
        TaskSpec(
            "1.2",
            "Xây dựng cơ chế hỗ trợ doanh nghiệp ứng dụng công nghệ sinh học",
            lead="Sở Tài chính",
        ),
    ],
)


async def seed_plan(db: Database) -> Seed:
    """Plan 1600/KH-UBND (yearly report due 15/01), coordinated by Sở Công Thương; tasks 1.1 and
    1.2 led by Sở Tài chính."""
    world = await build_world(db, ZALO_PLAN)
    leads = {code: world.assignments[f"{code}/lead"] for code in world.tasks}
    ids = world.agencies
    return Seed(ids["Sở Tài chính"], ids["Sở Công Thương"], world.plan_id, leads)


async def invite_code(
    db: Database, agency_id: int, role: Role = Role.FOCAL, *, now: datetime | None = None
) -> str:
    """A one-time code made by the chat core's invite service (at `now`, default: real now)."""
    return await make_code(db, agency_id, role, now=now)
