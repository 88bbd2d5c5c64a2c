"""The one way tests and benches walk the status form once its status is chosen: the percent,
what was done, the optional steps, the confirmation, typed as a person types them (words and
numbers work on every channel). `say` is the channel's way of typing a line: `Chat.send`,
`ZaloUser.says`, `User.says` on Telegram, or a bench's timed call to the dispatcher."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

Answer = TypeVar("Answer")

SKIP = "bỏ qua"
SUBMIT = "gửi"


async def finish_update_form(
    say: Callable[[str], Awaitable[Answer]],
    *,
    result: str,
    percent: str | None = None,
    obstacles: str | None = None,
    proposals: str | None = None,
    submit: bool = True,
) -> Answer:
    """Answer from the percent step (or from the result step when `percent` is None: a task
    marked done asks no percent) to the summary, skipping the file, then send it. Returns the
    last answer: the saved notice, or the summary when `submit` is False."""
    if percent is not None:
        await say(percent)
    await say(result)
    await say(obstacles or SKIP)
    await say(proposals or SKIP)
    last = await say(SKIP)  # the file
    return await say(SUBMIT) if submit else last
