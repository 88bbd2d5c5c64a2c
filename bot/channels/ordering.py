"""One chat's updates strictly in order, different chats side by side.

Handling everything at once would let a quick second answer overtake the first in the same form;
handling one update at a time would make everyone wait on one person's slow /report. So each chat
has a lock (asyncio's locks wake waiters first come, first served), made when its first update
comes and forgotten when nobody waits for it. Telegram (telegram/updates.py, through PTB's update
processor) and Zalo (zalo/channel.py) both order their updates here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager


class PerChat:
    def __init__(self) -> None:
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._holders: dict[Hashable, int] = {}

    @asynccontextmanager
    async def turn(self, chat: Hashable) -> AsyncIterator[None]:
        """Wait until the updates of `chat` that came before are handled."""
        lock = self._locks.setdefault(chat, asyncio.Lock())
        self._holders[chat] = self._holders.get(chat, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._holders[chat] -= 1
            if not self._holders[chat]:  # nobody waits for this chat: forget its lock
                del self._holders[chat], self._locks[chat]
