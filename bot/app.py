"""The running application's shared parts, handed to handlers, schedules and channels."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.channels.base import Sender
from bot.clock import Clock
from bot.db.engine import Database
from bot.settings import Settings


@dataclass
class App:
    settings: Settings
    db: Database
    clock: Clock
    senders: dict[str, Sender] = field(default_factory=dict)  # channel name → its sender

    @classmethod
    def create(cls, settings: Settings, db: Database | None = None) -> App:
        return cls(
            settings=settings,
            db=db or Database(settings.database_url),
            clock=Clock(settings.timezone),
        )
