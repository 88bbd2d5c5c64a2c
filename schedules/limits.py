"""The platforms' rate limits, kept on our side so the platform never has to refuse us.

Each channel gets leaky buckets (aiolimiter) that pace messages evenly: overall, per private chat
and per group (Telegram: 30 a second, 1 a second per chat, 20 a minute per group; Zalo from
settings). Pacing alone is not enough on a busy machine: a request can leave late and arrive just
behind the next one. So each limit is also guarded by a sliding window that counts every request
in flight or answered within the period: the platform, which sees each request between its start
and its answer, can then never count more than the limit in any period.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiolimiter import AsyncLimiter

from bot.app import App

RATE_HEADROOM = 0.96  # pace a little under each limit
# The overall bucket holds 1.15 messages: a waiter woken a few milliseconds late keeps its slot
# (a bucket of exactly 1 reaches only ~93 % of its rate on a busy event loop). Per-chat buckets
# stay at 1: two messages to one chat must never fall inside one second.
OVERALL_BURST = 1.15


class SlidingWindow:
    """At most `limit` requests in flight or answered within the last `period` seconds."""

    def __init__(self, limit: int, period: float = 1.0) -> None:
        self.limit = max(limit, 1)
        self.period = period
        self.in_flight = 0
        self.answered: deque[float] = deque()

    async def __aenter__(self) -> None:
        while True:
            now = time.monotonic()
            while self.answered and self.answered[0] <= now - self.period:
                self.answered.popleft()
            if self.in_flight + len(self.answered) < self.limit:
                self.in_flight += 1
                return
            oldest = self.answered[0] if self.answered else now
            await asyncio.sleep(max(oldest + self.period - now, 0.001))

    async def __aexit__(self, *exc: object) -> None:
        self.in_flight -= 1
        self.answered.append(time.monotonic())


class ChannelLimits:
    """One channel's limits: overall, per private chat, per group (chat ids starting with "-")."""

    def __init__(self, per_second: float, per_chat_second: float, per_group_minute: float) -> None:
        self.overall = _bucket(per_second, burst=OVERALL_BURST)
        self.window = SlidingWindow(math.floor(per_second))
        self.per_chat_second = per_chat_second
        self.per_group_minute = per_group_minute
        self.chats: dict[str, tuple[AsyncLimiter, SlidingWindow]] = {}

    def chat(self, chat_id: str) -> tuple[AsyncLimiter, SlidingWindow]:
        """The chat's bucket and window: 1 a second for a person, 20 a minute for a group."""
        found = self.chats.get(chat_id)
        if found is None:
            if chat_id.startswith("-"):
                limit, period = self.per_group_minute, 60.0
            else:
                limit, period = self.per_chat_second, 1.0
            window = SlidingWindow(max(math.floor(limit), 1), period)
            found = self.chats[chat_id] = (_bucket(limit / period), window)
        return found

    @asynccontextmanager
    async def turn(self, chat_id: str, slots: asyncio.Semaphore) -> AsyncIterator[None]:
        """Wait for this chat's turn, a free request slot, then the overall rate, in that order:
        a message waiting for anything else must not hold a share of the overall rate, or
        several would leave together when the wait ends."""
        bucket, window = self.chat(chat_id)
        async with bucket, window, slots, self.overall, self.window:
            yield


def _bucket(per_second: float, burst: float = 1.0) -> AsyncLimiter:
    """A leaky bucket of `burst` messages draining at `per_second` less the headroom."""
    rate = per_second * RATE_HEADROOM
    return AsyncLimiter(burst, burst / rate)


def limits_from_settings(app: App) -> dict[str, ChannelLimits]:
    s = app.settings
    return {
        "telegram": ChannelLimits(
            s.telegram_rate_global, s.telegram_rate_per_chat, s.telegram_rate_per_group_minute
        ),
        "zalo": ChannelLimits(s.zalo_rate_global, s.zalo_rate_per_chat, s.zalo_rate_per_chat * 60),
    }
