"""The platforms' rate limits, kept on our side so the platform never has to refuse us.

Each channel declares its `Rates` (overall, per private chat, per group) and owns one
`ChannelLimits` built from them; every request it makes to its platform, a reply as much as a
reminder from the outbox, takes its turn there, so replies and reminders to one chat share that
chat's budget.

Each limit is the sliding window the platform counts in ("30 messages in any second"), kept
exactly rather than approximated by a bucket paced a little under the rate: a request counts
from the moment it leaves until one period after its answer came back. The platform sees each
request somewhere between those two moments, so it can never count more than the limit in any
period, however late a request leaves or however long its answer takes; and a slot is free again
as soon as that is certain, so the only time lost is each request's round trip.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

MAX_IN_FLIGHT = 8  # requests at once per channel (see `ChannelLimits.slots`)


class SlidingWindow:
    """At most `limit` requests in flight or answered within the last `period` seconds."""

    def __init__(self, limit: int, period: float = 1.0) -> None:
        self.limit = max(limit, 1)
        self.period = period
        self.in_flight = 0
        self.answered: deque[float] = deque()  # monotonic times of answers, oldest first

    @classmethod
    def of_rate(cls, count: float, period: float) -> SlidingWindow:
        """`count` requests each `period` seconds, fractional counts kept exactly: 2.5 a second
        is 2 in any 0.8 s, 0.5 a second is 1 in any 2 s."""
        whole = max(math.floor(count), 1)
        return cls(whole, period * whole / count)

    def _room(self, now: float) -> bool:
        answered = self.answered
        while answered and answered[0] <= now - self.period:
            answered.popleft()
        return self.in_flight + len(answered) < self.limit

    async def __aenter__(self) -> None:
        while not self._room(now := time.monotonic()):
            # a slot frees when the oldest answer leaves the window; with every request still
            # in flight, none can free one sooner than a period from now
            oldest = self.answered[0] if self.answered else now
            await asyncio.sleep(oldest + self.period - now)
        self.in_flight += 1

    async def __aexit__(self, *exc: object) -> None:
        self.in_flight -= 1
        self.answered.append(time.monotonic())


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
        self.waiting = 0  # turns waiting on `_changed`: only then is an answer announced
        self._changed = asyncio.Condition()

    def _free(self, reply: bool) -> float | None:
        """None when the turn may go now; else how long to wait (0: until an answer)."""
        busy = self.unasked_in_flight if reply else self.in_flight
        delay = (self.unasked_until if reply else self.any_until) - time.monotonic()
        if not busy and delay <= 0:
            return None
        return 0.0 if busy else delay

    async def enter(self, *, reply: bool) -> None:
        if self._free(reply) is not None:  # most turns go at once, without the lock
            self.waiting += 1
            try:
                async with self._changed:  # waited for as it is once the lock is ours
                    while (wait := self._free(reply)) is not None:  # an answer, or the time came
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(self._changed.wait(), wait or None)
            finally:
                self.waiting -= 1
        self.in_flight += 1
        self.unasked_in_flight += not reply

    async def leave(self, *, reply: bool) -> None:
        self.in_flight -= 1
        self.unasked_in_flight -= not reply
        self.any_until = time.monotonic() + self.interval
        if not reply:
            self.unasked_until = self.any_until
        if self.waiting:
            async with self._changed:
                self._changed.notify_all()


class _Turn:
    """One request's turn in a private chat (`ChannelLimits.turn`): the chat's, a request slot,
    then the overall window; a plain context manager, as each message takes one."""

    __slots__ = ("chat", "limits", "reply")

    def __init__(self, limits: ChannelLimits, chat: PrivateChat, reply: bool) -> None:
        self.limits = limits
        self.chat = chat
        self.reply = reply

    async def __aenter__(self) -> None:
        await self.chat.enter(reply=self.reply)
        try:
            await self.limits.slots.acquire()
            try:
                await self.limits.overall.__aenter__()
            except BaseException:
                self.limits.slots.release()
                raise
        except BaseException:
            await self.chat.leave(reply=self.reply)
            raise

    async def __aexit__(self, *exc: object) -> None:
        try:
            await self.limits.overall.__aexit__()
        finally:
            self.limits.slots.release()
            await self.chat.leave(reply=self.reply)


class ChannelLimits:
    """One channel's limits: overall, per private chat, per group. Whether a chat is a group is
    said by the caller (`Incoming.is_group` for a reply; a person's stored chat is private)."""

    def __init__(self, rates: Rates, *, max_in_flight: int = MAX_IN_FLIGHT) -> None:
        self.rates = rates
        self.overall = SlidingWindow.of_rate(rates.per_second, 1.0)
        # Few requests at once, limits or not: 8 keep 30 msg/s going at up to ~250 ms of
        # latency, and more add nothing over loopback, where the sender is bound by its CPU.
        self.slots = asyncio.Semaphore(max_in_flight)
        self.groups: dict[str, SlidingWindow] = {}
        self.people: dict[str, PrivateChat] = {}

    def group(self, chat_id: str) -> SlidingWindow:
        """A group's window: up to its rate a minute at once, then as the window frees."""
        found = self.groups.get(chat_id)
        if found is None:
            rates = self.rates
            found = SlidingWindow.of_rate(rates.per_group_minute, rates.group_window)
            self.groups[chat_id] = found
        return found

    def person(self, chat_id: str) -> PrivateChat:
        found = self.people.get(chat_id)
        if found is None:
            found = self.people[chat_id] = PrivateChat(1 / self.rates.per_chat_second)
        return found

    def turn(
        self, chat_id: str, *, group: bool = False, reply: bool = False
    ) -> AbstractAsyncContextManager[None]:
        """Wait for this chat's turn, a free request slot, then the overall window, in that
        order: a message waiting for anything else must not hold a share of the overall rate.
        `reply`: it answers the person."""
        if group:
            return self._group_turn(chat_id)
        return _Turn(self, self.person(chat_id), reply)

    @asynccontextmanager
    async def _group_turn(self, chat_id: str) -> AsyncIterator[None]:
        async with self.group(chat_id), self.slots, self.overall:
            yield
