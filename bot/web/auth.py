"""Signing in without a password: a one-time link from chat, or the Telegram Mini App.

GET /login/<token> only shows a page whose script (or button) posts the token: a link previewer
fetching the URL uses nothing. POST /login exchanges the token once for a session cookie. The Mini
App opens /tg; its script posts Telegram's initData (from the URL fragment, which no server sees)
to POST /tg, checked with the bot's token.

Telegram Web shows a Mini App in a frame of web.telegram.org, where the browser sends no
SameSite=Lax or Strict cookie to dondoc (another site's frame). Over HTTPS, the cookies of the
Mini App's road (its page's CSRF cookie, and the session opened from initData) are therefore
SameSite=None; Secure; Partitioned (kept for that frame only, where third-party cookies are
blocked); a session opened from a link stays SameSite=Lax. CSRF tokens guard every form either way.
"""

from __future__ import annotations

from aiohttp import web

from bot.db.models import Channel
from bot.services import people
from bot.web import tokens
from bot.web.app import SESSION_COOKIE, Page, page, put_cookie
from bot.web.initdata import telegram_user_id

routes = web.RouteTableDef()
MINI_APP = "telegram"  # WebSession.via of a session opened from the Mini App's initData


def signed_in(current: Page, opened: tokens.Opened) -> web.StreamResponse:
    response = web.HTTPSeeOther("/")
    put_cookie(
        response,
        SESSION_COOKIE,
        opened.token,
        httponly=True,
        path="/",
        max_age=tokens.SESSION_HOURS * 3600,
        **current.cookie_site(),
    )
    return response


@routes.get("/login/{token}")
@page(signed_in=False)
async def login_page(current: Page) -> web.StreamResponse:
    return current.render("login.html.j2", token=current.request.match_info["token"])


@routes.post("/login")
@page(signed_in=False)
async def login(current: Page) -> web.StreamResponse:
    form = await current.request.post()
    token = str(form.get("token", ""))
    opened = await tokens.exchange_link(current.session, token, now=current.app.clock.now())
    if opened is None:
        return current.message("web-link-invalid", status=403, minutes=tokens.LINK_MINUTES)
    return signed_in(current, opened)


@routes.get("/tg")
@page(signed_in=False)
async def mini_app(current: Page) -> web.StreamResponse:
    current.framed = True
    return current.render("miniapp.html.j2")


@routes.post("/tg")
@page(signed_in=False)
async def mini_app_sign_in(current: Page) -> web.StreamResponse:
    settings = current.app.settings
    form = await current.request.post()
    bot_token = settings.telegram_bot_token
    now = current.app.clock.now()
    user_id = (
        telegram_user_id(str(form.get("init_data", "")), bot_token.get_secret_value(), now=now)
        if bot_token is not None
        else None
    )
    current.framed = True
    if user_id is None:
        return current.message("web-miniapp-invalid", status=403)
    person = await people.find_person(current.session, Channel.TELEGRAM.value, user_id)
    if person is None or not person.active:
        return current.message("web-miniapp-unknown", status=403)
    return signed_in(
        current, await tokens.open_session(current.session, person, via=MINI_APP, now=now)
    )


@routes.post("/logout")
@page()
async def logout(current: Page) -> web.StreamResponse:
    token = current.request.cookies.get(SESSION_COOKIE, "")
    current.framed = await tokens.close_session(current.session, token) == MINI_APP
    current.viewer = None  # the page after signing out shows nobody signed in
    response = current.message("web-signed-out", status=200)
    # Forgotten with the attributes it was set with: a partitioned cookie only so.
    put_cookie(response, SESSION_COOKIE, "", max_age=0, path="/", **current.cookie_site())
    return response
