"""The running application's shared parts, handed to handlers, schedules and channels."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.channels.base import Channel, ChannelError, Delivery, Outgoing, WebSignIn
from bot.clock import Clock
from bot.db.engine import Database
from bot.settings import Settings


@dataclass
class App:
    settings: Settings
    db: Database
    clock: Clock
    senders: dict[str, Channel] = field(default_factory=dict)  # channel name → the channel
    web_sign_in: WebSignIn | None = None  # the chat's web app signs in so (bot/web/auth.py)

    @classmethod
    def create(cls, settings: Settings, db: Database | None = None) -> App:
        return cls(
            settings=settings,
            db=db or Database(settings.database_url),
            clock=Clock(settings.timezone),
        )

    async def send(self, channel: str, chat_id: str, message: Outgoing) -> Delivery | None:
        """Send `message` to a person's own chat on the channel named `channel`: the road out
        for everything that is not a reply (outbox rows, idle-form nudges). Replies take the same
        road from inside their channel (`Channel.send`), so both draw from that channel's one
        set of limits. On a channel without buttons the message's choices become the chat's menu
        there (`bot.channels.menu.show`); a reply's menu is kept by whoever read the message it
        answers. Raises a `ChannelError` (no such channel running is one)."""
        found = self.senders.get(channel)
        if found is None:
            raise ChannelError(f"no sender for channel {channel}")
        return await found.send(chat_id, message)
