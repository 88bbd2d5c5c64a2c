"""/dashboard: a one-time link to the web dashboard (and, behind HTTPS, a web-app button)."""

from __future__ import annotations

from bot.channels.base import Outgoing, WebAppButton
from bot.channels.capabilities import capabilities
from bot.web import tokens
from handlers.context import Context


async def dashboard(ctx: Context, args: str) -> list[Outgoing]:
    assert ctx.person is not None  # enrolled roles only; admins named in settings get a row
    base = ctx.app.settings.web_base_url
    token = await tokens.create_link(ctx.session, ctx.person.id, now=ctx.now)
    message = ctx.say(
        "dashboard-link", url=tokens.link_url(base, token), minutes=tokens.LINK_MINUTES
    )
    if base.startswith("https://") and capabilities(ctx.incoming.channel).web_app:
        # A chat app opens a web app only over https; the page signs in with the launch data
        # the chat app gives it (bot/web/auth.py).
        message.web_app = WebAppButton(ctx.t("dashboard-open-app"), f"{base}/tg")
    return [message]
