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
