"""The platforms' rate limits, kept on our side so the platform never has to refuse us.

Each channel declares its `Rates` (overall, per private chat, per group) and owns one
`ChannelLimits` built from them; every request it makes to its platform, a reply as much as a
reminder from the outbox, takes its turn there, so replies and reminders to one chat share that
chat's budget. Leaky buckets (aiolimiter) pace messages evenly. Pacing alone is not enough on a
busy machine: a request can leave late and arrive just behind the next one. So each limit is also
guarded by a sliding window that counts every request in flight or answered within the period:
the platform, which sees each request between its start and its answer, can then never count
more than the limit in any period.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiolimiter import AsyncLimiter

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


MAX_IN_FLIGHT = 8  # requests at once per channel (see `ChannelLimits.slots`)


@dataclass(frozen=True, slots=True)
class Rates:
    """What a platform takes: messages a second overall, a second per private chat, and a
    minute (`group_window` seconds) per group."""

    per_second: float
    per_chat_second: float
    per_group_minute: float
    group_window: float = 60.0


class PrivateChat:
    """One person's chat: at most one message each `interval` seconds, counted from the answer
    to the one before (a message in flight holds the chat). A reply answers something the person
    just wrote, so replies wait only for a reminder (a message they did not ask for) sent less
    than `interval` ago; a reminder waits for any message. A conversation stays immediate, and
    a reminder due while a person is talking waits its turn."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.any_until = 0.0  # monotonic time the next reminder may leave
        self.unasked_until = 0.0  # monotonic time the next reply may leave
        self.in_flight = 0
        self.unasked_in_flight = 0
        self._changed = asyncio.Condition()

    async def _wait(self, reply: bool) -> None:
        async with self._changed:
            while True:
                busy = self.unasked_in_flight if reply else self.in_flight
                delay = (self.unasked_until if reply else self.any_until) - time.monotonic()
                if not busy and delay <= 0:
                    return
                with contextlib.suppress(TimeoutError):  # woken by an answer, or the time came
                    await asyncio.wait_for(self._changed.wait(), None if busy else delay)

    @asynccontextmanager
    async def turn(self, *, reply: bool) -> AsyncIterator[None]:
        await self._wait(reply)
        self.in_flight += 1
        self.unasked_in_flight += not reply
        try:
            yield
        finally:
            self.in_flight -= 1
            self.unasked_in_flight -= not reply
            self.any_until = time.monotonic() + self.interval
            if not reply:
                self.unasked_until = self.any_until
            async with self._changed:
                self._changed.notify_all()


class ChannelLimits:
    """One channel's limits: overall, per private chat, per group. Whether a chat is a group is
    said by the caller (`Incoming.is_group` for a reply; a person's stored chat is private)."""

    def __init__(self, rates: Rates, *, max_in_flight: int = MAX_IN_FLIGHT) -> None:
        self.rates = rates
        self.overall = _bucket(rates.per_second, burst=OVERALL_BURST)
        self.window = SlidingWindow(math.floor(rates.per_second))
        # Few requests at once, limits or not: httpcore scans every pooled connection on each
        # request, so many connections slow sending down (measured without limits: 8 in flight
        # ~380 msg/s, 16 ~260, 32 ~250); 8 keep 30 msg/s going at up to ~250 ms of latency.
        self.slots = asyncio.Semaphore(max_in_flight)
        self.chats: dict[str, tuple[AsyncLimiter, SlidingWindow]] = {}
        self.people: dict[str, PrivateChat] = {}

    def group(self, chat_id: str) -> tuple[AsyncLimiter, SlidingWindow]:
        """A group's bucket and window: a burst up to its rate a minute, then paced."""
        found = self.chats.get(chat_id)
        if found is None:
            limit, period = self.rates.per_group_minute, self.rates.group_window
            window = SlidingWindow(max(math.floor(limit), 1), period)
            found = self.chats[chat_id] = (AsyncLimiter(limit, period), window)
        return found

    def person(self, chat_id: str) -> PrivateChat:
        found = self.people.get(chat_id)
        if found is None:
            found = self.people[chat_id] = PrivateChat(1 / self.rates.per_chat_second)
        return found

    @asynccontextmanager
    async def turn(
        self, chat_id: str, *, group: bool = False, reply: bool = False
    ) -> AsyncIterator[None]:
        """Wait for this chat's turn, a free request slot, then the overall rate, in that order:
        a message waiting for anything else must not hold a share of the overall rate, or
        several would leave together when the wait ends. `reply`: it answers the person."""
        if group:
            bucket, window = self.group(chat_id)
            async with bucket, window, self.slots, self.overall, self.window:
                yield
        else:
            async with (
                self.person(chat_id).turn(reply=reply),
                self.slots,
                self.overall,
                self.window,
            ):
                yield


def _bucket(per_second: float, burst: float = 1.0) -> AsyncLimiter:
    """A leaky bucket of `burst` messages draining at `per_second` less the headroom."""
    rate = per_second * RATE_HEADROOM
    return AsyncLimiter(burst, burst / rate)
