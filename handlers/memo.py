"""Lookups that change rarely, kept for a short while by the dispatcher (not across processes).

Only read-only derivations belong here (who follows up whose tasks after the 2025 mergers): a value
computed inside a transaction that later rolls back must still be true.
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

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[Any]]) -> Any:
        now = time.monotonic()
        cached = self._items.get(key)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        value = await compute()
        self._items[key] = (now, value)
        return value
