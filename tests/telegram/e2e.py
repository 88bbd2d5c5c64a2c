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
from bot.db.models import (
    Agency,
    AgencyKind,
    Assignment,
    AssignmentRole,
    Cadence,
    Plan,
    ReportingRule,
    Role,
    Task,
)
from bot.settings import Settings
from tests.fakes.telegram_api import Call, FakeTelegram
from tests.telegram.conftest import POLL_TIMEOUT


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


async def seed_plan(db: Database) -> Seed:
    """A plan coordinated by Sở Kế hoạch và Đầu tư, quarterly reports, two tasks led by Sở Tài
    chính and one by Sở Y tế."""
    async with db.session() as session:
        finance = Agency(name="Sở Tài chính", kind=AgencyKind.DEPARTMENT)
        health = Agency(name="Sở Y tế", kind=AgencyKind.DEPARTMENT)
        planning = Agency(name="Văn phòng UBND tỉnh", kind=AgencyKind.DEPARTMENT)
        session.add_all([finance, health, planning])
        await session.flush()
        plan = Plan(number="1600/KH-UBND", title="Kế hoạch thử", coordinating_agency_id=planning.id)
        session.add(plan)
        await session.flush()
        session.add(ReportingRule(plan_id=plan.id, cadence=Cadence.QUARTERLY))
        assignment_ids: dict[str, int] = {}
        for position, (code, content, agency) in enumerate(
            [
                ("1.1", "Rà soát thủ tục hành chính <cấp tỉnh> & cấp huyện", finance),
                ("1.2", "Tổ chức hội thảo về chuyển đổi số", finance),
                ("2.1", "Nâng cấp hệ thống y tế cơ sở", health),
            ]
        ):
            task = Task(plan_id=plan.id, code=code, position=position, content=content)
            session.add(task)
            await session.flush()
            assignment = Assignment(task_id=task.id, agency_id=agency.id, role=AssignmentRole.LEAD)
            session.add(assignment)
            await session.flush()
            assignment_ids[code] = assignment.id
        return Seed(finance.id, health.id, planning.id, plan.id, assignment_ids)


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
    from bot.services.invites import create_invite

    async with db.session() as session:
        invite = await create_invite(
            session,
            agency_id=agency_id,
            role=role,
            now=Clock().now() - age,
            valid_for=valid_for,
        )
    return invite.code


async def enrolled(person: User, db: Database, agency_id: int | None, role: Role) -> Call:
    """Enrol `person` with a fresh invite through /start; the welcome message."""
    code = await invite_code(db, agency_id, role)
    return await person.says(f"/start {code}")
