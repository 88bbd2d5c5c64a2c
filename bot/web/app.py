"""The aiohttp application: security headers, sign-in state, CSRF, templates, routes.

Pages are rendered on the server with Jinja2 from `templates/web/` in the person's language
(the Fluent files' `web-*` messages); the few scripts and the style sheet are served from
`bot/web/static/`, never from a CDN, so the dashboard works on a network without internet.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.i18n import format_date, format_datetime, format_number, format_percent, t
from bot.periods.wording import due_text
from bot.text import fold
from bot.web import tokens
from bot.web.access import Viewer, viewer_for
from bot.web.board import BoardCache
from handlers.memo import Memo

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "static"
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates" / "web"
SESSION_COOKIE = "dondoc_session"
ANON_CSRF_COOKIE = "dondoc_csrf"
APP_KEY = web.AppKey("dondoc_app", App)
MEMO_KEY = web.AppKey("dondoc_memo", Memo)
ENV_KEY = web.AppKey("dondoc_templates", Environment)
BOARDS_KEY = web.AppKey("dondoc_boards", BoardCache)
ANON_CSRF_KEY = web.RequestKey("dondoc_anon_csrf", str)
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
)
CSP_KEY = web.AppKey("dondoc_csp", str)


def content_security_policy(app: App) -> str:
    """`CSP`; a chat platform that shows its web app in a frame of its own page may frame the
    dashboard too (`WebSignIn.frame_origins`), nobody else."""
    origins = app.web_sign_in.frame_origins if app.web_sign_in is not None else ()
    return " ".join((CSP, *origins))


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        response = exc
    except Exception:
        log.exception("the web page %s failed", request.method)  # no path: it may hold a token
        response = web.Response(status=500, text="500")
    response.headers.setdefault("Content-Security-Policy", request.app[CSP_KEY])
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"  # link tokens never leave in a Referer
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    if isinstance(response, web.HTTPException):
        raise response
    return response


@lru_cache(maxsize=8192)
def _number(value: float, locale: str) -> str:
    """Numbers the locale's way, remembered (Babel's formatting is slow; boards repeat them)."""
    return format_number(value, locale)


def secure_cookies(app: App) -> bool:
    return app.settings.web_base_url.startswith("https://")


def put_cookie(
    response: web.StreamResponse,
    name: str,
    value: str,
    *,
    partitioned: bool = False,
    **attributes: Any,
) -> None:
    """`response.set_cookie`, and Partitioned when asked (Python's http.cookies knows that
    attribute only from 3.14, so it is added to the header line here)."""
    response.set_cookie(name, value, **attributes)
    if partitioned:
        morsel = response.cookies.pop(name)
        response.headers.add("Set-Cookie", f"{morsel.OutputString()}; Partitioned")


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@dataclass
class Page:
    """One request's database transaction and signed-in viewer (None: nobody signed in)."""

    request: web.Request
    session: AsyncSession
    viewer: Viewer | None
    framed: bool = False  # the chat's web app's road: maybe in another site's frame

    def cookie_site(self, *, strict: bool = False) -> dict[str, Any]:
        """A cookie's SameSite and Secure: Lax (Strict if `strict`), Secure behind HTTPS; on the
        Mini App's road over HTTPS, None and Partitioned (bot/web/auth.py says why)."""
        secure = secure_cookies(self.app)
        if self.framed and secure:
            return {"samesite": "None", "secure": True, "partitioned": True}
        return {"samesite": "Strict" if strict else "Lax", "secure": secure}

    @property
    def app(self) -> App:
        return self.request.app[APP_KEY]

    @property
    def locale(self) -> str:
        return self.viewer.locale if self.viewer else self.app.settings.default_locale

    def t(self, message_id: str, **args: Any) -> str:
        return t(self.locale, message_id, **args)

    def csrf(self) -> str:
        token = self.request.cookies.get(SESSION_COOKIE)
        if self.viewer is not None and token:
            return tokens.csrf_token(token)
        return self.request.get(ANON_CSRF_KEY) or self.request.cookies.get(ANON_CSRF_COOKIE, "")

    def render(self, template: str, *, status: int = 200, **values: Any) -> web.Response:
        locale = self.locale
        tz = self.app.settings.tz
        env = self.request.app[ENV_KEY]
        static = self.request.app.router["static"]
        said: dict[Hashable, str] = {}  # a big board says the same words hundreds of times

        def say(message_id: str, **args: Any) -> str:
            key = (message_id, *sorted(args.items()))
            if key not in said:
                said[key] = t(locale, message_id, **args)
            return said[key]

        html = env.get_template(template).render(
            t=say,
            date=lambda value: format_date(value, locale) if value else "",
            due_day=lambda value: due_text(value, locale, inline=True),
            when=lambda value: format_datetime(value, tz, locale) if value else "",
            number=lambda value: _number(value, locale),
            percent=lambda value: format_percent(value, locale) if value is not None else "–",
            locale=locale,
            static=lambda name: str(static.url_for(filename=name)),
            viewer=self.viewer,
            csrf=self.csrf(),
            **values,
        )
        response = web.Response(text=html, status=status, content_type="text/html")
        if self.viewer is None and not self.request.cookies.get(ANON_CSRF_COOKIE):
            site = self.cookie_site(strict=True)
            put_cookie(response, ANON_CSRF_COOKIE, self.csrf(), httponly=True, path="/", **site)
        return response

    def message(self, message_id: str, *, status: int, **args: Any) -> web.Response:
        return self.render("message.html.j2", status=status, text=self.t(message_id, **args))

    def not_found(self) -> web.Response:
        """Unknown, or not this person's to see: the same answer, so ids reveal nothing."""
        return self.message("web-not-found", status=404)

    async def check_csrf(self) -> bool:
        form = await self.request.post()
        given = str(form.get("csrf", ""))
        expected = self.csrf()
        return bool(given and expected) and hmac.compare_digest(given, expected)


@asynccontextmanager
async def open_page(request: web.Request):  # type: ignore[no-untyped-def]
    app = request.app[APP_KEY]
    if not request.cookies.get(ANON_CSRF_COOKIE):
        request[ANON_CSRF_KEY] = secrets.token_urlsafe(24)
    async with app.db.session() as session:
        viewer = None
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            person = await tokens.session_person(session, token, now=app.clock.now())
            if person is not None:
                viewer = viewer_for(app, session, person, request.app[MEMO_KEY])
        yield Page(request, session, viewer)


PageHandler = Callable[[Page], Awaitable[web.StreamResponse]]


def page(*, signed_in: bool = True, csrf: bool | None = None) -> Callable[[PageHandler], Handler]:
    """A route handler run in one transaction with the viewer loaded; strangers get the sign-in
    explanation (401), and a POST without the form's CSRF token is refused (403)."""

    def wrap(handler: PageHandler) -> Handler:
        async def run(request: web.Request) -> web.StreamResponse:
            async with open_page(request) as current:
                check = request.method == "POST" if csrf is None else csrf
                if check and not await current.check_csrf():
                    return current.message("web-csrf-failed", status=403)
                if signed_in and current.viewer is None:
                    return current.message("web-sign-in-needed", status=401)
                return await handler(current)

        run.__name__ = handler.__name__
        run.__doc__ = handler.__doc__
        return run

    return wrap


def download(data: bytes, name: str, mime_type: str) -> web.Response:
    fallback = fold(name).encode("ascii", "ignore").decode() or "file"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return web.Response(
        body=data, content_type=mime_type, headers={"Content-Disposition": disposition}
    )


def build_web_app(app: App) -> web.Application:
    """The dashboard as an aiohttp application. Other parts (the platforms' webhooks) mount
    their routes on it before it starts (bot/web/server.py `WebServer.add_routes`)."""
    from bot.web import auth, form, pages

    web_app = web.Application(
        middlewares=[security_headers], client_max_size=app.settings.import_max_bytes + 65536
    )
    web_app[APP_KEY] = app
    web_app[MEMO_KEY] = Memo()
    web_app[ENV_KEY] = environment()
    web_app[BOARDS_KEY] = BoardCache()
    web_app[CSP_KEY] = content_security_policy(app)
    web_app.add_routes(auth.routes)
    web_app.add_routes(pages.routes)
    web_app.add_routes(form.routes)
    web_app.router.add_static("/static/", STATIC_DIR, name="static", append_version=True)
    return web_app
