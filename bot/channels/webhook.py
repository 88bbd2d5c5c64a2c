"""A platform's webhook as a route of the one web server (bot/web/server.py).

A channel in webhook mode gives the runtime one POST route at the path of its public URL
(`*_WEBHOOK_URL`: a reverse proxy forwards it to WEB_LISTEN:WEB_PORT). Every request must carry
the secret the channel gave the platform, in the platform's header; it is compared in constant
time and a wrong or missing one is refused with 403 before the body is read. A good request is
answered at once and its update handed to `take`, which only queues it, so the platform never
waits on the bot; 503 while the channel is not receiving yet (the platform delivers again).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from pydantic import SecretStr

log = logging.getLogger(__name__)

Take = Callable[[dict[str, Any]], Awaitable[bool]]
"""Queue one update; False when the channel is not receiving yet. Raises ValueError when the
update is malformed."""


def webhook_path(url: str) -> str:
    """The path the web server answers at: the public URL's own ("/" when it has none)."""
    return urlsplit(url).path or "/"


def routes(
    url: str | None, secret: SecretStr | None, *, header: str, take: Take, name: str
) -> list[web.RouteDef]:
    """POST `webhook_path(url)`: the secret in `header` checked, the JSON object given to `take`;
    no route when the channel polls (no URL)."""
    if not url or secret is None:
        return []
    expected = secret.get_secret_value().encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(header, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("%s webhook: refused a request without the right secret token", name)
            return _answer(403, "forbidden")
        try:
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("not an object")
            taken = await take(body)
        except ValueError:
            return _answer(400, "expected an update as a JSON object")
        return web.json_response({"ok": True}) if taken else _answer(503, "not receiving yet")

    return [web.post(webhook_path(url), receive)]


def _answer(status: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "description": description}, status=status)
