"""The dashboard on a real database, served by the real aiohttp application on 127.0.0.1.

The chat tests' plan 1600/KH-UBND (coordinated by Sở Công Thương): 1.1 led by Sở Công Thương,
1.2 by Sở Kế hoạch và Đầu tư (followed up by Sở Tài chính), 2.1 by Sở Y tế; the yearly report
"Năm 2026" is due Friday 15/01/2027. The plan is loaded on 01/12/2026; the pages are looked at on
20/01/2027, when the period is past due. People enrol with invite codes through the dispatcher.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import App
from bot.channels.telegram.miniapp import MiniAppSignIn
from bot.db.engine import Database
from bot.db.models import Person, ReportingPeriod, Role, Task
from bot.web import build_web_app, tokens
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import ADMIN_ID, Chat, Seed, enrol, make_app, seed_plan

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LOADED = datetime(2026, 12, 1, 9, 0, tzinfo=VN)
LOOKED_AT = datetime(2027, 1, 20, 9, 0, tzinfo=VN)
BOT_TOKEN = "123456:TEST-token-of-the-bot"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, html[:500]
    return found.group(1)


@dataclass
class Web:
    app: App
    seed: Seed
    server: TestServer
    clock: time_machine.Coordinates
    chats: dict[str, Chat] = field(default_factory=dict)  # role name → enrolled chat
    ids: dict[str, int] = field(default_factory=dict)  # role name → person id
    period_id: int = 0
    tasks: dict[str, int] = field(default_factory=dict)  # code → task id
    clients: list[TestClient] = field(default_factory=list)

    async def person_id(self, user_id: str) -> int:
        async with self.app.db.session() as session:
            found = await session.scalar(
                select(Person.id).where(Person.platform_user_id == user_id)
            )
        assert found is not None
        return found

    async def link(self, who: str) -> str:
        """A fresh one-time link token for `who`."""
        async with self.app.db.session() as session:
            return await tokens.create_link(session, self.ids[who], now=self.app.clock.now())

    async def client(self) -> TestClient:
        client = TestClient(self.server)
        await client.start_server()
        self.clients.append(client)
        return client

    async def sign_in_with(self, client: TestClient, token: str) -> ClientResponse:
        page = await client.get(f"/login/{token}")
        assert page.status == 200
        return await client.post(
            "/login",
            data={"token": token, "csrf": csrf_of(await page.text())},
            allow_redirects=False,
        )

    async def signed_in(self, who: str) -> TestClient:
        """A browser signed in as `who` (or nobody for "stranger")."""
        client = await self.client()
        if who != "stranger":
            answer = await self.sign_in_with(client, await self.link(who))
            assert answer.status == 303, await answer.text()
        return client


@pytest.fixture
def traveller() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(LOADED, tick=False) as clock:
        yield clock


@pytest.fixture
async def web(
    database: Database, traveller: time_machine.Coordinates, tmp_path: Path
) -> AsyncIterator[Web]:
    app = make_app(database, telegram_bot_token=BOT_TOKEN, files_dir=tmp_path / "files")
    app.web_sign_in = MiniAppSignIn.from_settings(app.settings)  # as bot/runtime.py hands it
    seed = await seed_plan(database)
    chats = {
        "admin": Chat(Dispatcher(app), ADMIN_ID),
        "coordinator": await enrol(app, seed.industry, "101", Role.COORDINATOR),
        "other_coordinator": await enrol(app, seed.health, "102", Role.COORDINATOR),
        "focal_a": await enrol(app, seed.health, "201"),  # Sở Y tế leads 2.1
        "focal_b": await enrol(app, seed.finance, "202"),  # Sở Tài chính follows up 1.2
        "revoked": await enrol(app, seed.health, "203"),
    }
    await chats["admin"].send("/start")
    server = TestServer(build_web_app(app), host="127.0.0.1")
    found = Web(app, seed, server, traveller, chats)
    for who, chat in chats.items():
        found.ids[who] = await found.person_id(chat.user_id)
    async with database.session() as session:
        for task in await session.scalars(select(Task).where(Task.plan_id == seed.plan_id)):
            found.tasks[task.code] = task.id
    traveller.move_to(LOOKED_AT)
    await chats["focal_a"].send("/tasks")  # the period rows exist from here on
    async with database.session() as session:
        period = await session.scalar(
            select(ReportingPeriod).where(ReportingPeriod.label == "Năm 2026")
        )
        assert period is not None
        found.period_id = period.id
    yield found
    for client in found.clients:
        await client.close()
    await server.close()
