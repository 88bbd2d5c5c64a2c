"""Telegram updates of different chats handled side by side, those of one chat in order: PTB's
update processor, ordered by `bot.channels.ordering.PerChat`."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.channels.ordering import PerChat

MAX_CONCURRENT_UPDATES = 8


class PerChatUpdates(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._order = PerChat()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        async with self._order.turn(chat.id if chat is not None else None):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up: locks are made per chat as updates come."""

    async def shutdown(self) -> None:
        """Nothing to free: PTB waits for the updates in progress before calling this."""
