"""Helpers for end-to-end tests: the real Dispatcher on a real database behind a running
TelegramChannel, a person chatting through the fake Bot API, and a small seeded plan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from bot.app import App
from bot.channels.telegram import TelegramChannel
from bot.db.engine import Database
from bot.db.models import Cadence, Role
from bot.settings import Settings
from tests.fakes.telegram_api import Call, FakeTelegram
from tests.telegram.conftest import POLL_TIMEOUT
from tests.world import PlanSpec, TaskSpec, build_world
from tests.world import invite_code as make_code


@asynccontextmanager
async def bot(settings: Settings, db: Database) -> AsyncIterator[TelegramChannel]:
    """What `dondoc run` does for Telegram: an App, its Dispatcher, the channel as its sender."""
    from handlers.dispatcher import Dispatcher

    app = App.create(settings, db)
    channel = TelegramChannel(app, Dispatcher(app), poll_timeout=POLL_TIMEOUT)
    app.senders[channel.name] = channel
    await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()


def shown(call: Call) -> str:
    """The text as the person sees it (Telegram's parse of the HTML sent)."""
    return str(call.result["text"])


class User:
    """Someone writing to the bot, who waits for each answer."""

    def __init__(
        self,
        tg: FakeTelegram,
        user_id: int,
        *,
        chat_id: int | None = None,
        name: str = "Lan",
        language: str = "vi",
    ) -> None:
        self.tg = tg
        self.user_id = user_id
        self.chat_id = chat_id if chat_id is not None else user_id
        self.name = name
        self.language = language

    def _count(self) -> int:
        return len(self.tg.calls_to("sendMessage", self.chat_id))

    async def _next(self, before: int) -> Call:
        return await self.tg.wait_for("sendMessage", chat_id=self.chat_id, count=before + 1)

    async def says(self, text: str, *, reply_to: Call | None = None) -> Call:
        before = self._count()
        self.tg.push_text(
            text,
            user_id=self.user_id,
            chat_id=self.chat_id,
            name=self.name,
            language=self.language,
            reply_to=reply_to.result if reply_to else None,
        )
        return await self._next(before)

    async def presses(self, question: Call, label: str) -> Call:
        """Press a button; the next question (the edited one is in `edited(question)`)."""
        before = self._count()
        self.tg.press(question, label, user_id=self.user_id, name=self.name, language=self.language)
        return await self._next(before)

    async def sends_photo(self) -> tuple[str, Call]:
        before = self._count()
        file_id = self.tg.push_photo(user_id=self.user_id, chat_id=self.chat_id)
        return file_id, await self._next(before)

    async def sends_document(self, data: bytes, name: str, caption: str | None = None) -> Call:
        before = self._count()
        self.tg.push_document(
            data, name, user_id=self.user_id, chat_id=self.chat_id, name=self.name, caption=caption
        )
        return await self._next(before)

    def edited(self, question: Call) -> Call:
        """The last edit of a question the bot sent."""
        message_id = question.result["message_id"]
        edits = [
            c
            for c in self.tg.calls_to("editMessageText", self.chat_id)
            if c.params["message_id"] == message_id
        ]
        assert edits, f"question {message_id} was not edited"
        return edits[-1]


def button_starting(question: Call, prefix: str) -> str:
    """The label of the first button whose label starts with `prefix`."""
    for button in question.buttons:
        if button["text"].startswith(prefix):
            return str(button["text"])
    raise AssertionError(f"no button starting {prefix!r}: {[b['text'] for b in question.buttons]}")


@dataclass
class Seed:
    agency_id: int
    other_agency_id: int
    coordinating_id: int
    plan_id: int
    assignment_ids: dict[str, int]  # task code → its lead assignment


TELEGRAM_PLAN = PlanSpec(
    agencies={"Sở Tài chính": None, "Sở Y tế": None, "Văn phòng UBND tỉnh": None},
    coordinator="Văn phòng UBND tỉnh",
    title="Kế hoạch thử",
    cadence=Cadence.QUARTERLY,
    due=(None, None),
    tasks=[
        TaskSpec("1.1", "Rà soát thủ tục hành chính <cấp tỉnh> & cấp huyện", lead="Sở Tài chính"),
        TaskSpec("1.2", "Tổ chức hội thảo về chuyển đổi số", lead="Sở Tài chính"),
        TaskSpec("2.1", "Nâng cấp hệ thống y tế cơ sở", lead="Sở Y tế"),
    ],
)


async def seed_plan(db: Database) -> Seed:
    """A plan coordinated by Văn phòng UBND tỉnh, quarterly reports, two tasks led by Sở Tài
    chính and one by Sở Y tế."""
    world = await build_world(db, TELEGRAM_PLAN)
    ids = world.agencies
    leads = {code: world.assignments[f"{code}/lead"] for code in world.tasks}
    office = ids["Văn phòng UBND tỉnh"]
    return Seed(ids["Sở Tài chính"], ids["Sở Y tế"], office, world.plan_id, leads)


async def invite_code(
    db: Database,
    agency_id: int | None,
    role: Role,
    *,
    age: timedelta = timedelta(0),
    valid_for: timedelta = timedelta(days=7),
) -> str:
    """A one-time code made by the chat core's invite service (created `age` ago)."""
    from bot.clock import Clock

    return await make_code(db, agency_id, role, now=Clock().now() - age, valid_for=valid_for)


async def enrolled(person: User, db: Database, agency_id: int | None, role: Role) -> Call:
    """Enrol `person` with a fresh invite through /start; the welcome message."""
    code = await invite_code(db, agency_id, role)
    return await person.says(f"/start {code}")
