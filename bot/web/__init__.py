"""The web dashboard and the Telegram Mini App, served by `dondoc run` itself (one aiohttp app).

- `app.build_web_app` — the aiohttp application (pages, downloads, the status form);
- `server.WebServer` — starts and stops it; other parts add their routes before it starts;
- `access` — who sees what: the chat's own role and agency checks, in one place;
- `tokens` — one-time links and sessions (stored hashed), `initdata` — Telegram's Mini App check;
- `board` — the figures pages show, read through the reports part's public functions.
"""

from bot.web.app import build_web_app

__all__ = ["build_web_app"]
