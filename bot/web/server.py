"""Start and stop the one web server of `dondoc run` (an aiohttp AppRunner on WEB_LISTEN:WEB_PORT).

Other parts mount their routes with `add_routes` before `start` (aiohttp freezes the router
when it starts): the runtime mounts the chat channels' webhooks (bot/channels/webhook.py) here, so
the dashboard, the Mini App and the webhooks share one port. There is no access log: a sign-in
link's token is in its path.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable

from aiohttp import web

from bot.app import App
from bot.settings import SettingsError
from bot.web.app import build_web_app


class WebServer:
    def __init__(self, app: App) -> None:
        self.settings = app.settings
        self.application = build_web_app(app)
        self._runner: web.AppRunner | None = None
        self.address: str | None = None  # http://host:port once started

    def add_routes(self, routes: Iterable[web.RouteDef]) -> None:
        """Mount `routes`; one whose method and path are taken (two webhooks at one path, or at
        a dashboard form's) is a `SettingsError`."""
        for route in routes:
            try:
                self.application.add_routes([route])
            except RuntimeError:
                raise SettingsError(
                    f"the webhook path {route.path} is already served: give each *_WEBHOOK_URL "
                    "a path of its own"
                ) from None

    async def start(self, listening: socket.socket | None = None) -> str:
        """Listen on WEB_LISTEN:WEB_PORT, or serve on `listening` (a socket bound and listening
        already); returns the local address (the real port when WEB_PORT is 0)."""
        runner = web.AppRunner(self.application, access_log=None)
        await runner.setup()
        site: web.BaseSite
        if listening is not None:
            site = web.SockSite(runner, listening)
        else:
            site = web.TCPSite(runner, self.settings.web_listen, self.settings.web_port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        host, port = runner.addresses[0][:2]
        self.address = f"http://{host}:{port}"
        return self.address

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self.address = None
