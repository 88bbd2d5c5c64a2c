"""The web dashboard and the chat's web app, served by `dondoc run` itself (one aiohttp app).

- `app.build_web_app` — the aiohttp application (pages, downloads, the status form);
- `server.WebServer` — starts and stops it; other parts add their routes before it starts;
- `access` — who sees what: the chat's own role and agency checks, in one place;
- `tokens` — one-time links and sessions (stored hashed); `auth` — signing in (a link, or the
  web app's launch data, checked by the channel's `WebSignIn`);
- `board` — the figures pages show, read through the reports part's public functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import web

    from bot.app import App

__all__ = ["build_web_app"]


def build_web_app(app: App, **options: Any) -> web.Application:
    """`bot.web.app.build_web_app`, imported when first called: the chat's /dashboard imports
    `bot.web.tokens` while the command table is being built, and the pages import that table."""
    from bot.web.app import build_web_app as build

    return build(app, **options)
