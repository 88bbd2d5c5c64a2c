"""Signing in without a password: a one-time link from chat, or the chat's web app.

GET /login/<token> only shows a page whose script (or button) posts the token: a link previewer
fetching the URL uses nothing. POST /login exchanges the token once for a session cookie. The web
app (opened from a chat's web-app button) opens /tg; its script posts the launch data its chat
platform gave it (from the URL fragment, which no server sees) to POST /tg, checked by the
platform's `WebSignIn` (bot/channels/base.py), which the composition root hands over on `App`.

A platform may show the web app in a frame of its own site, where the browser sends no
SameSite=Lax or Strict cookie to dondoc (another site's frame). Over HTTPS, the cookies of the
web app's road (its page's CSRF cookie, and the session opened from launch data) are therefore
SameSite=None; Secure; Partitioned (kept for that frame only, where third-party cookies are
blocked); a session opened from a link stays SameSite=Lax. CSRF tokens guard every form either way.
"""

from __future__ import annotations

from aiohttp import web

from bot.services import people
from bot.web import tokens
from bot.web.app import SESSION_COOKIE, Page, page, put_cookie

routes = web.RouteTableDef()


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
    check = current.app.web_sign_in
    form = await current.request.post()
    now = current.app.clock.now()
    user_id = check.verify(str(form.get("init_data", "")), now=now) if check is not None else None
    current.framed = True
    if check is None or user_id is None:
        return current.message("web-miniapp-invalid", status=403)
    person = await people.find_person(current.session, check.channel, user_id)
    if person is None or not person.active:
        return current.message("web-miniapp-unknown", status=403)
    # The session's `via` is the channel's name (rows opened so far say so too).
    return signed_in(
        current, await tokens.open_session(current.session, person, via=check.channel, now=now)
    )


@routes.post("/logout")
@page()
async def logout(current: Page) -> web.StreamResponse:
    token = current.request.cookies.get(SESSION_COOKIE, "")
    via = await tokens.close_session(current.session, token)
    check = current.app.web_sign_in
    current.framed = check is not None and via == check.channel
    current.viewer = None  # the page after signing out shows nobody signed in
    response = current.message("web-signed-out", status=200)
    # Forgotten with the attributes it was set with: a partitioned cookie only so.
    put_cookie(response, SESSION_COOKIE, "", max_age=0, path="/", **current.cookie_site())
    return response
