"""Telegram Mini App sign-in: `initData` checked with Telegram's rule (the web app's `WebSignIn`).

secret = HMAC-SHA256(key="WebAppData", message=bot token); the data-check-string is every field
but `hash`, as key=value lines sorted by key; the hash is HMAC-SHA256(secret, data-check-string)
in hex. A valid hash proves Telegram signed the data for this bot; `auth_date` must be recent so
that an old copy cannot be replayed. Telegram Web shows a Mini App in a frame of its own page.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

from bot.channels.telegram import NAME
from bot.channels.telegram.settings import TelegramSettings

MAX_AGE = timedelta(hours=1)
CLOCK_SKEW = timedelta(minutes=2)
FRAME_ORIGINS = ("https://web.telegram.org",)


def data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields))


def signature(fields: dict[str, str], bot_token: str) -> str:
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, data_check_string(fields).encode(), hashlib.sha256).hexdigest()


def telegram_user_id(
    init_data: str, bot_token: str, *, now: datetime, max_age: timedelta = MAX_AGE
) -> str | None:
    """The Telegram user id `init_data` vouches for, or None (bad hash, stale, malformed)."""
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    fields = dict(pairs)
    given = fields.pop("hash", "")
    if not given or len(pairs) != len(fields) + 1:  # a repeated field: not what Telegram sends
        return None
    if not hmac.compare_digest(signature(fields, bot_token), given):
        return None
    try:
        signed_at = datetime.fromtimestamp(int(fields["auth_date"]), UTC)
        user = json.loads(fields["user"])
        user_id = str(int(user["id"]))
    except (KeyError, ValueError, TypeError, OverflowError):
        return None
    if signed_at > now + CLOCK_SKEW or now - signed_at > max_age:
        return None
    return user_id


@dataclass(frozen=True, slots=True)
class MiniAppSignIn:
    """The Mini App's sign-in for bot/web (a `WebSignIn`); without a bot token nothing passes."""

    bot_token: str | None = field(repr=False)  # no log line may carry it
    channel: str = NAME
    frame_origins: tuple[str, ...] = FRAME_ORIGINS

    @classmethod
    def from_settings(cls, settings: TelegramSettings) -> MiniAppSignIn:
        token = settings.telegram_bot_token
        return cls(token.get_secret_value() if token is not None else None)

    def verify(self, launch_data: str, *, now: datetime) -> str | None:
        if self.bot_token is None:
            return None
        return telegram_user_id(launch_data, self.bot_token, now=now)
