"""The one retry helper: a platform call tried again with exponential backoff (tenacity).

Used for everything a channel retries in place: connecting at start, each long poll, a reply to
a person, the later pieces of a message whose first piece went out. A 429 waits the platform's
`retry_after` instead of the backoff. Each failed attempt is one log line; the outbox sender
retries across restarts on its own (its rows are the durable road), not with this.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_never,
    wait_exponential,
)

from bot.channels.base import ChannelError, RateLimited, TransientChannelError

T = TypeVar("T")


def worth_retrying(error: BaseException) -> bool:
    """A 429, a 5xx, a timeout or a network error: trying again later may work."""
    return isinstance(error, TransientChannelError | RateLimited)


async def retrying(
    what: str,
    call: Callable[[], Awaitable[T]],
    *,
    log: logging.Logger,
    backoff: tuple[float, float] = (1.0, 60.0),
    attempts: int | None = None,
    when: Callable[[BaseException], bool] = worth_retrying,
    level: int = logging.WARNING,
) -> T:
    """`await call()`, tried again while it raises an error `when` accepts, waiting `backoff[0]`
    seconds, doubling up to `backoff[1]` (a 429: its `retry_after`, up to `backoff[1]`);
    `attempts` in all (None: until it works). The last error is raised as it is."""
    low, high = backoff
    exponential = wait_exponential(multiplier=low, min=low, max=high)

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, RateLimited):
            return min(error.retry_after, high)
        return float(exponential(state))

    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        pause = state.next_action.sleep if state.next_action else 0.0
        reason = str(error) if isinstance(error, ChannelError) else type(error).__name__
        log.log(
            level,
            "%s failed (%s); attempt %d, retrying in %.1fs",
            what,
            reason,
            state.attempt_number,
            pause,
        )

    retryer = AsyncRetrying(
        stop=stop_never if attempts is None else stop_after_attempt(attempts),
        wait=wait,
        retry=retry_if_exception(when),
        before_sleep=before_sleep,
        reraise=True,
    )
    async for attempt in retryer:
        with attempt:
            return await call()
    raise AssertionError("tenacity ends with a result or the last error")  # pragma: no cover
