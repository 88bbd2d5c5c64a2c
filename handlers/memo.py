"""Lookups that change rarely, kept for a short while by the dispatcher (not across processes):
who follows up whose tasks after the 2025 mergers, and each plan's open reporting period.

A lookup that may have written a row (the open period is created on first use) is kept only once
its transaction has committed (`on_commit`), so a rolled-back row is never remembered.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

DEFAULT_TTL_SECONDS = 60.0


class Memo:
    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        self.ttl = ttl
        self._items: dict[Hashable, tuple[float, Any]] = {}

    async def get(
        self,
        key: Hashable,
        compute: Callable[[], Awaitable[Any]],
        *,
        on_commit: list[Callable[[], None]] | None = None,
    ) -> Any:
        """The value for `key`, computed when missing or older than the TTL. With `on_commit`
        (the message's after-commit callbacks), the value is kept only after the commit."""
        now = time.monotonic()
        cached = self._items.get(key)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        value = await compute()
        if on_commit is None:
            self._items[key] = (now, value)
        else:
            on_commit.append(lambda: self._items.__setitem__(key, (now, value)))
        return value
