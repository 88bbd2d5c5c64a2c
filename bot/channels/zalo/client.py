"""A small async client for the Zalo Bot Platform API.

Every method is `POST {base}/bot<TOKEN>/<method>` with a JSON body; every answer is
`{ok, result, error_code, description}`. Failures become the channel errors of
`bot.channels.base`, so the outbox sender treats Zalo like any other platform:

- 429 → `RateLimited` (with the answer's retry_after if any, else a default pause),
- 401, and 403 on a bot-level method → `ZaloAuthError` (the token is wrong or revoked),
- 403 on a chat method → `RecipientUnreachable`,
- 5xx, timeouts and network errors → `TransientChannelError`.

The token sits in the URL path, so nothing here logs a URL, and httpx's own request logging is
silenced; network exceptions are re-raised without their cause (which carries the URL).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from bot.channels.base import (
    ChannelError,
    RateLimited,
    RecipientUnreachable,
    TransientChannelError,
)

log = logging.getLogger(__name__)

# httpx logs "HTTP Request: POST <url>" at INFO, and the URL holds the token.
for _noisy in ("httpx", "httpcore"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)

NOTHING_ARRIVED = 408  # getUpdates: the long poll ended without an update
MAX_TEXT = 2000  # sendMessage and captions: 1–2,000 characters
DEFAULT_RETRY_AFTER = 5.0  # Zalo's 429 carries no retry_after
CHAT_METHODS = frozenset({"sendMessage", "sendPhoto", "sendSticker", "sendChatAction"})


class ZaloAuthError(ChannelError):
    """401/403 for the bot itself: the token is wrong or was revoked."""


class ZaloClient:
    """One bot's API. Use as `async with ZaloClient(token, base_url) as client:` or call
    `aclose()`; `poll_timeout` is how long getUpdates waits on the server."""

    def __init__(
        self,
        token: str,
        base_url: str = "https://bot-api.zaloplatforms.com",
        *,
        timeout: float = 15.0,
        poll_timeout: float = 30.0,
        default_retry_after: float = DEFAULT_RETRY_AFTER,
    ) -> None:
        self.default_retry_after = default_retry_after
        self._prefix = f"{base_url.rstrip('/')}/bot{token}/"
        self.poll_timeout = poll_timeout
        self._http = httpx.AsyncClient(timeout=timeout)
        self._timeout = timeout

    async def __aenter__(self) -> ZaloClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    def __repr__(self) -> str:  # never show the token, even in a debugger or a log line
        return "ZaloClient(<token hidden>)"

    # ------------------------------------------------------------------ the API

    async def get_me(self) -> dict[str, Any]:
        return dict(await self.call("getMe"))

    async def get_update(self) -> dict[str, Any] | None:
        """The next update (getUpdates returns one, not a list), or None when none arrived."""
        try:
            result = await self.call(
                "getUpdates",
                {"timeout": str(int(self.poll_timeout))},
                timeout=self.poll_timeout + self._timeout,
            )
        except _NothingArrived:
            return None
        return result if isinstance(result, dict) and result else None

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any]:
        return dict(await self.call("getWebhookInfo") or {})

    async def send_message(self, chat_id: str, text: str) -> str | None:
        if not 1 <= len(text) <= MAX_TEXT:
            raise ValueError(f"a Zalo message holds 1–{MAX_TEXT} characters, not {len(text)}")
        return _message_id(await self.call("sendMessage", {"chat_id": chat_id, "text": text}))

    async def send_photo(
        self, chat_id: str, photo_url: str, caption: str | None = None
    ) -> str | None:
        params = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            params["caption"] = caption[:MAX_TEXT]
        return _message_id(await self.call("sendPhoto", params))

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    # ------------------------------------------------------------------ transport

    async def call(
        self, method: str, params: dict[str, Any] | None = None, *, timeout: float | None = None
    ) -> Any:
        """POST one method; the `result` on success, a `ChannelError` otherwise."""
        try:
            response = await self._http.post(
                self._prefix + method, json=params or {}, timeout=timeout or self._timeout
            )
        except httpx.HTTPError as exc:
            # `from None`: the cause's text and traceback would show the URL, hence the token.
            raise TransientChannelError(f"{method}: {exc.__class__.__name__}") from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if response.status_code == 200 and body.get("ok"):
            return body.get("result")
        code = int(body.get("error_code") or response.status_code)
        description = str(body.get("description") or response.reason_phrase or "")
        parameters = body.get("parameters")
        retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
        if not isinstance(retry_after, int | float) or retry_after <= 0:
            retry_after = self.default_retry_after
        raise _error(method, code, description, float(retry_after))


class _NothingArrived(ChannelError):
    """getUpdates' 408: no update within the poll timeout (not a failure)."""


def _error(method: str, code: int, description: str, retry_after: float) -> ChannelError:
    answer = f"{code} {description}".strip()
    if code == NOTHING_ARRIVED and method == "getUpdates":
        return _NothingArrived(answer)
    if code == 429:
        return RateLimited(retry_after, answer=answer)
    if code == 403 and method in CHAT_METHODS:
        return RecipientUnreachable(f"{method}: {answer}", answer=answer)
    if code in (401, 403):
        return ZaloAuthError(f"{method}: {answer}", answer=answer)
    if code >= 500 or code == NOTHING_ARRIVED:
        return TransientChannelError(f"{method}: {answer}", answer=answer)
    return ChannelError(f"{method}: {answer}", answer=answer)


def _message_id(result: Any) -> str | None:
    if isinstance(result, dict) and result.get("message_id") is not None:
        return str(result["message_id"])
    return None
