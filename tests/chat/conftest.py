"""A small plan on a real database, and a `Chat` that talks to the real Dispatcher."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.base import FileRef, Incoming, Outgoing
from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import Role, StatusUpdate
from bot.settings import Settings
from handlers.dispatcher import Dispatcher
from tests.world import PlanSpec, TaskSpec, build_world, invite_code

ADMIN_ID = "900"


@dataclass
class Seed:
    plan_id: int
    industry: int  # Sở Công Thương, the coordinating department
    finance: int  # Sở Tài chính, successor of Sở Kế hoạch và Đầu tư
    planning: int  # Sở Kế hoạch và Đầu tư (merged into finance in 2025)
    health: int  # Sở Y tế
    assignments: dict[str, int] = field(default_factory=dict)  # "1.1/lead/industry" → id


CHAT_PLAN = PlanSpec(
    agencies={
        "Sở Công Thương": "SCT",
        "Sở Tài chính": None,
        "Sở Kế hoạch và Đầu tư": None,
        "Sở Y tế": None,
    },
    coordinator="Sở Công Thương",
    successors={"Sở Kế hoạch và Đầu tư": "Sở Tài chính"},
    tasks=[
        TaskSpec(
            "1.1",
            "Tuyên truyền, phổ biến về công nghệ sinh học",
            lead="Sở Công Thương",
            coordinate=["Sở Y tế"],
        ),
        TaskSpec("1.2", "Xây dựng cơ chế hỗ trợ doanh nghiệp", lead="Sở Kế hoạch và Đầu tư"),
        TaskSpec("2.1", "Ứng dụng công nghệ sinh học trong y tế", lead="Sở Y tế"),
    ],
)


async def seed_plan(db: Database) -> Seed:
    """Plan 1600/KH-UBND: 1.1 led by Sở Công Thương (Sở Y tế coordinates), 1.2 led by Sở Kế hoạch
    và Đầu tư (followed up by Sở Tài chính), 2.1 led by Sở Y tế; yearly report due 15/01."""
    world = await build_world(db, CHAT_PLAN)
    ids = world.agencies
    return Seed(
        world.plan_id,
        ids["Sở Công Thương"],
        ids["Sở Tài chính"],
        ids["Sở Kế hoạch và Đầu tư"],
        ids["Sở Y tế"],
        {k: v for k, v in world.assignments.items() if k.count("/") == 1},
    )


async def make_invite(
    db: Database,
    agency_id: int,
    role: Role = Role.FOCAL,
    *,
    valid_for: timedelta = timedelta(days=7),
) -> str:
    return await invite_code(db, agency_id, role, valid_for=valid_for)


class FakeSender:
    """The channel side the dispatcher needs for /import: files by id from a dict."""

    name = "test"

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    async def send(self, chat_id: str, message: Outgoing) -> str | None:
        return None

    async def download(self, file: FileRef) -> bytes:
        return self.files[file.file_id]


@dataclass
class Chat:
    """One person in one chat, talking to a dispatcher."""

    dispatcher: Dispatcher
    user_id: str
    chat_id: str | None = None
    channel: str = "telegram"
    is_group: bool = False
    language: str | None = None
    name: str = "Nguyễn Văn A"
    last: list[Outgoing] = field(default_factory=list)

    async def send(
        self, text: str | None = None, *, choice: str | None = None, file: FileRef | None = None
    ) -> list[Outgoing]:
        self.last = await self.dispatcher.handle(
            Incoming(
                channel=self.channel,
                chat_id=self.chat_id or self.user_id,
                user_id=self.user_id,
                display_name=self.name,
                text=text,
                choice=choice,
                file=file,
                is_group=self.is_group,
                language=self.language,
            )
        )
        return self.last

    async def pick(self, label_or_value: str) -> list[Outgoing]:
        """Press the button of the last message whose label or value contains the text."""
        choices = [c for message in self.last for c in message.choices]
        for choice in choices:
            if label_or_value in (choice.value, choice.label) or choice.label.startswith(
                label_or_value
            ):
                return await self.send(choice=choice.value)
        raise AssertionError(f"no choice {label_or_value!r} in {[c.label for c in choices]}")

    @property
    def text(self) -> str:
        return "\n".join(message.text for message in self.last)

    @property
    def values(self) -> list[str]:
        return [c.value for message in self.last for c in message.choices]


def make_app(db: Database, **overrides: object) -> App:
    values: dict[str, object] = {
        "database_url": "sqlite+aiosqlite:///unused.db",
        "admin_telegram_ids": [ADMIN_ID],
    }
    settings = Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg, arg-type]
    app = App(settings=settings, db=db, clock=Clock(settings.timezone))
    app.senders["telegram"] = FakeSender()  # type: ignore[assignment]
    return app


@pytest.fixture
async def world(database: Database) -> AsyncIterator[tuple[App, Seed]]:
    app = make_app(database)
    yield app, await seed_plan(database)


def fixture_path(name: str) -> Path:
    return Path(__file__).resolve().parents[1] / "fixtures" / "samples" / name


async def enrol(
    app: App, agency_id: int, user_id: str, role: Role = Role.FOCAL, **chat: object
) -> Chat:
    """A person enrolled with a fresh invite code, as a Chat."""
    person = Chat(Dispatcher(app), user_id, **chat)  # type: ignore[arg-type]
    await person.send("/start " + await make_invite(app.db, agency_id, role))
    assert "Chào mừng" in person.text or "Welcome" in person.text, person.text
    return person


async def stored_updates(db: Database) -> list[StatusUpdate]:
    async with db.session() as session:
        return list(await session.scalars(select(StatusUpdate).order_by(StatusUpdate.id)))
