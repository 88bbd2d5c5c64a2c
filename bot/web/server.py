"""Start and stop the one web server of `dondoc run` (an aiohttp AppRunner on WEB_LISTEN:WEB_PORT).

Other parts mount their routes with `add_routes` before `start` (aiohttp freezes the router
when it starts). There is no access log: a sign-in link's token is in its path.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from bot.app import App
from bot.web.app import build_web_app


class WebServer:
    def __init__(self, app: App) -> None:
        self.settings = app.settings
        self.application = build_web_app(app)
        self._runner: web.AppRunner | None = None

    def add_routes(self, routes: Iterable[web.AbstractRouteDef]) -> None:
        self.application.add_routes(list(routes))

    async def start(self) -> str:
        """Listen; returns the local address (the real port when WEB_PORT is 0)."""
        runner = web.AppRunner(self.application, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.settings.web_listen, self.settings.web_port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
