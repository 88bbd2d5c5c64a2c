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


def test_a_fractional_rate_is_kept_exactly() -> None:
    from bot.channels.limits import SlidingWindow

    assert (SlidingWindow.of_rate(30, 1.0).limit, SlidingWindow.of_rate(30, 1.0).period) == (30, 1)
    two_and_a_half = SlidingWindow.of_rate(2.5, 1.0)
    assert (two_and_a_half.limit, two_and_a_half.period) == (2, 0.8)
    half = SlidingWindow.of_rate(0.5, 1.0)
    assert (half.limit, half.period) == (1, 2.0)


async def test_a_group_takes_its_rate_at_once_then_waits_for_the_window() -> None:
    """No pacing under the limit (a conversation in a group stays immediate), and the next one
    waits until the first answer is a whole window old."""
    from bot.channels.limits import ChannelLimits, Rates

    limits = ChannelLimits(Rates(1000, 1000, per_group_minute=3, group_window=0.3))
    left: list[float] = []

    async def send() -> None:
        async with limits.turn("-100", group=True):
            left.append(time.monotonic())

    await asyncio.gather(*(send() for _ in range(4)))
    assert left[2] - left[0] < 0.1
    assert left[3] - left[0] >= 0.3
