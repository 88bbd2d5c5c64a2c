"""The sliding window counts requests in flight and answered within the period."""

from __future__ import annotations

import asyncio
import time

from bot.channels.limits import SlidingWindow


async def test_never_more_than_the_limit_in_any_period() -> None:
    window = SlidingWindow(3, period=0.2)
    spans: list[tuple[float, float]] = []

    async def request() -> None:
        async with window:
            started = time.monotonic()
            await asyncio.sleep(0.01)
            spans.append((started, time.monotonic()))

    await asyncio.gather(*(request() for _ in range(9)))
    assert len(spans) == 9
    for started, _ in spans:
        # every request answered after `started - period` or still going counts against it
        overlapping = [s for s, e in spans if s <= started and e > started - 0.2]
        assert len(overlapping) <= 3
    assert max(s for s, _ in spans) - min(s for s, _ in spans) >= 0.4  # 9 requests, 3 per 0.2 s


async def test_a_persons_chat_keeps_replies_immediate_and_reminders_a_second_apart() -> None:
    from bot.channels.limits import ChannelLimits, Rates

    limits = ChannelLimits(Rates(1000, per_chat_second=5, per_group_minute=1000))  # 0.2 s apart
    left: list[tuple[str, float]] = []

    async def send(kind: str) -> None:
        async with limits.turn("u-1", reply=kind == "reply"):
            left.append((kind, time.monotonic()))

    for kind in ("reply", "reply", "reminder", "reply", "reminder", "reminder"):
        await send(kind)
    gaps = [(kind, at - left[n - 1][1]) for n, (kind, at) in enumerate(left) if n]
    assert gaps[0][1] < 0.1  # a reply after a reply: at once
    assert all(gap >= 0.19 for _, gap in gaps[1:])  # every other pair holds a reminder
