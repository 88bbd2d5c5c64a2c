"""What a handler gets for one incoming message: the app, the open transaction, the person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, TypedDict

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels.base import Choice, Incoming, Outgoing
from bot.db.models import Person
from bot.i18n import format_number, t
from bot.periods.cadence import period_label
from bot.services import people
from bot.services.conversations import FormState
from bot.services.people import Caller
from handlers.memo import Memo


class Identity(TypedDict):
    channel: str
    user_id: str
    chat_id: str
    display_name: str


def identity(incoming: Incoming) -> Identity:
    """Who wrote and where, as the services binding a person take it: `**identity(incoming)`."""
    return Identity(
        channel=incoming.channel,
        user_id=incoming.user_id,
        chat_id=incoming.chat_id,
        display_name=incoming.display_name,
    )


@lru_cache(maxsize=4096)
def _number(value: int, locale: str) -> str:
    """Whole numbers in the locale's style, remembered (Babel's formatting is slow and the same
    few numbers, a limit, a page, a percentage, come back all the time)."""
    return format_number(value, locale)


KEPT_ARG_CHARS = 80  # longer arguments (what a person typed) are not worth remembering


@lru_cache(maxsize=2048)
def _text(locale: str, message_id: str, args: tuple[tuple[str, str], ...]) -> str:
    """A message with short text arguments, remembered: the same questions, buttons and labels
    are rendered for every message of a form, and Fluent's formatting is a visible share of a
    message's CPU (bench/bench_forms.py)."""
    return t(locale, message_id, **dict(args))


@dataclass
class Context:
    """One message's view. The sender comes as `caller`, the row the message's one query read;
    `person` makes the ORM object of it on first use (no query), for the commands that change the
    person or load their agency, so the messages of a form never build one."""

    app: App
    session: AsyncSession
    incoming: Incoming
    caller: Caller | None  # None for a stranger
    role: str | None  # "admin", "coordinator", "focal"; None for a stranger
    locale: str
    state: FormState | None = None
    memo: Memo = field(default_factory=Memo)  # the dispatcher's, shared between messages
    cache: dict[str, Any] = field(default_factory=dict)  # what one message looked up once
    on_commit: list[Callable[[], None]] = field(default_factory=list)  # run once committed
    _person: Person | None = field(default=None, repr=False)

    @property
    def person(self) -> Person | None:
        """The sender as an ORM `Person` in this message's session (None for a stranger)."""
        if self._person is None and self.caller is not None:
            self._person = people.attach(self.session, self.caller)
        return self._person

    @person.setter
    def person(self, person: Person | None) -> None:
        self._person = person
        self.caller = None if person is None else people.caller_of(person)

    def t(self, message_id: str, **args: Any) -> str:
        for key, value in args.items():
            if isinstance(value, int) and not isinstance(value, bool):
                args[key] = _number(value, self.locale)
        if all(isinstance(value, str) and len(value) <= KEPT_ARG_CHARS for value in args.values()):
            return _text(self.locale, message_id, tuple(args.items()))
        return t(self.locale, message_id, **args)

    def period(self, label: str) -> str:
        """A period's label in the person's language ("Năm 2026" → "Year 2026")."""
        return period_label(label, self.locale)

    def say(self, message_id: str, *, choices: list[Choice] | None = None, **args: Any) -> Outgoing:
        return Outgoing(text=self.t(message_id, **args), choices=choices or [])

    @property
    def now(self) -> datetime:
        return self.app.clock.now()

    @property
    def today(self) -> date:
        return self.app.clock.today()

    @property
    def person_id(self) -> int | None:
        if self._person is not None:
            return self._person.id
        return self.caller.id if self.caller is not None else None

    @property
    def agency_id(self) -> int | None:
        """The sender's agency, as the ORM object says once made (a handler may change it)."""
        if self._person is not None:
            return self._person.agency_id
        return self.caller.agency_id if self.caller is not None else None

    @property
    def actor_label(self) -> str:
        return f"{self.incoming.channel}:{self.incoming.user_id}"
