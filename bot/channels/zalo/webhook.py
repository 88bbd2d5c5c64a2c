"""The HTTP endpoint Zalo POSTs updates to in webhook mode.

Every request must carry the secret given to setWebhook in X-Bot-Api-Secret-Token; it is compared
in constant time and a wrong or missing one is refused with 403. A good request is answered 200 at
once and its update handed to `on_update` (which only queues it), so Zalo never waits on the bot.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"


class WebhookServer:
    def __init__(
        self,
        *,
        path: str,
        secret: str,
        on_update: Callable[[dict[str, Any]], None],
        host: str,
        port: int,
    ) -> None:
        self.path = path
        self._secret = secret.encode()
        self._on_update = on_update
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port = port

    async def start(self) -> None:
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_post(self.path, self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("Zalo webhook: refused a request without the right secret token")
            return web.json_response({"ok": False, "description": "forbidden"}, status=403)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "description": "expected JSON"}, status=400)
        if isinstance(body, dict):
            self._on_update(body)
        return web.json_response({"ok": True})
