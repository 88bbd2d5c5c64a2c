"""Signing in: /dashboard in chat, `dondoc web link`, and the Telegram Mini App's initData."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import time_machine
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.base import Outgoing, WebAppButton
from bot.channels.telegram.miniapp import signature, telegram_user_id
from bot.channels.telegram.render import keyboard
from bot.web import build_web_app
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import Chat, make_app
from tests.web.conftest import BOT_TOKEN, Web, csrf_of

NOW = datetime(2027, 1, 20, 2, 0, tzinfo=UTC)


def init_data(user_id: int, *, token: str = BOT_TOKEN, signed_at: datetime = NOW) -> str:
    """initData as Telegram builds it, signed with `token`."""
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps({"id": user_id, "first_name": "Lan", "language_code": "vi"}),
        "auth_date": str(int(signed_at.timestamp())),
    }
    return urlencode({**fields, "hash": signature(fields, token)})


def test_init_data_is_checked_with_telegrams_rule() -> None:
    assert telegram_user_id(init_data(201), BOT_TOKEN, now=NOW) == "201"
    tampered = init_data(201).replace("%22id%22%3A+201", "%22id%22%3A+900")
    assert tampered != init_data(201)
    assert telegram_user_id(tampered, BOT_TOKEN, now=NOW) is None
    stale = init_data(201, signed_at=NOW - timedelta(hours=2))
    assert telegram_user_id(stale, BOT_TOKEN, now=NOW) is None
    other_bot = init_data(201, token="654321:another-bot")
    assert telegram_user_id(other_bot, BOT_TOKEN, now=NOW) is None
    assert telegram_user_id("hash=00&auth_date=1", BOT_TOKEN, now=NOW) is None
    assert telegram_user_id("", BOT_TOKEN, now=NOW) is None


async def test_the_mini_app_signs_in_with_init_data(web: Web) -> None:
    now = web.app.clock.now()
    cases = {
        "valid": (init_data(201, signed_at=now), 303),
        "tampered": (init_data(201, signed_at=now).replace("201", "202", 1), 403),
        "stale": (init_data(201, signed_at=now - timedelta(hours=2)), 403),
        "another bot": (init_data(201, token="654321:another", signed_at=now), 403),
        "not enrolled": (init_data(777, signed_at=now), 403),
    }
    for name, (data, status) in cases.items():
        client = await web.client()
        page = await client.get("/tg")
        answer = await client.post(
            "/tg",
            data={"init_data": data, "csrf": csrf_of(await page.text())},
            allow_redirects=False,
        )
        assert answer.status == status, name
        mine = await client.get("/my", allow_redirects=False)
        assert mine.status == (200 if status == 303 else 401), name


async def test_dashboard_in_chat_answers_with_a_one_time_link(web: Web) -> None:
    focal = web.chats["focal_a"]
    await focal.send("/dashboard")
    assert "15 phút" in focal.text
    assert focal.last[0].web_app is None  # no https address: no Mini App button
    url = re.search(r"http://\S+", focal.text)
    assert url is not None and url.group(0).startswith(web.app.settings.web_base_url)
    client = await web.client()
    assert (await web.sign_in_with(client, url.group(0).rsplit("/", 1)[1])).status == 303
    assert (await client.get("/my")).status == 200
    await focal.send("/help")
    assert "/dashboard" in focal.text


async def test_behind_https_dashboard_also_offers_the_mini_app(web: Web) -> None:
    app = make_app(web.app.db, web_public_url="https://dondoc.example.gov.vn/")
    chat = Chat(Dispatcher(app), web.chats["coordinator"].user_id)
    await chat.send("/dashboard")
    assert "https://dondoc.example.gov.vn/login/" in chat.text
    assert chat.last[0].web_app == WebAppButton(
        "Mở bảng điều khiển", "https://dondoc.example.gov.vn/tg"
    )
    markup = keyboard([], 1, str, chat.last[0].web_app)
    assert markup is not None
    button = markup["inline_keyboard"][0][0]
    assert button["web_app"]["url"].endswith("/tg")
    assert keyboard(Outgoing(text="x").choices, 1, str) is None


async def test_dondoc_web_link_prints_a_link_for_a_person(web: Web, tmp_path: Path) -> None:
    url = web.app.db.url
    if not url.startswith("sqlite"):
        return  # the command opens the database by its URL; one backend is enough here
    environment = {**os.environ, "DATABASE_URL": url, "WEB_PUBLIC_URL": "https://dondoc.example"}

    def dondoc(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "web", "link", *args],
            env=environment,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )

    web.clock.move_to(
        time_machine.escape_hatch.datetime.datetime.now(UTC)
    )  # as the command sees it
    printed = await asyncio.to_thread(dondoc, "--person", str(web.ids["coordinator"]))
    assert printed.returncode == 0, printed.stderr
    link = re.search(r"https://dondoc\.example/login/(\S+)", printed.stdout)
    assert link is not None, printed.stdout
    client = await web.client()
    assert (await web.sign_in_with(client, link.group(1))).status == 303
    assert (await client.get("/plans")).status == 200
    unknown = await asyncio.to_thread(dondoc, "--person", "99999")
    assert unknown.returncode == 1 and "--person" in unknown.stderr


def cookie_line(answer: ClientResponse, name: str) -> str:
    """The Set-Cookie line for `name`, attributes and all."""
    lines = [line for line in answer.headers.getall("Set-Cookie", []) if line.startswith(name)]
    assert len(lines) == 1, answer.headers
    return lines[0]


def attributes(line: str) -> set[str]:
    return {part.strip().lower() for part in line.split(";")[1:]}


async def test_behind_https_the_mini_app_cookies_work_in_telegram_webs_frame(web: Web) -> None:
    """Telegram Web frames the Mini App on web.telegram.org, where a SameSite=Lax or Strict
    cookie is not sent: the Mini App's cookies are SameSite=None; Secure; Partitioned over HTTPS,
    and a session from a link stays Lax."""
    web.app.settings.web_public_url = "https://dondoc.example.gov.vn"
    now = web.app.clock.now()
    client = await web.client()
    page = await client.get("/tg")
    csrf_cookie = cookie_line(page, "dondoc_csrf")
    assert {"samesite=none", "secure", "partitioned", "httponly"} <= attributes(csrf_cookie)
    signed = await client.post(
        "/tg",
        data={"init_data": init_data(201, signed_at=now), "csrf": csrf_of(await page.text())},
        headers={"Cookie": csrf_cookie.split(";")[0]},  # the test server is http: sent by hand
        allow_redirects=False,
    )
    assert signed.status == 303, await signed.text()
    session = cookie_line(signed, "dondoc_session")
    assert {"samesite=none", "secure", "partitioned", "httponly"} <= attributes(session)

    token = await web.link("focal_a")
    other = await web.client()
    login_page = await other.get(f"/login/{token}")
    by_link = await other.post(
        "/login",
        data={"token": token, "csrf": csrf_of(await login_page.text())},
        headers={"Cookie": cookie_line(login_page, "dondoc_csrf").split(";")[0]},
        allow_redirects=False,
    )
    assert by_link.status == 303
    assert "samesite=strict" in attributes(cookie_line(login_page, "dondoc_csrf"))
    linked = attributes(cookie_line(by_link, "dondoc_session"))
    assert {"samesite=lax", "secure", "httponly"} <= linked and "partitioned" not in linked

    # Signing out forgets the Mini App's cookie with the same attributes (a partitioned cookie
    # is replaced only so).
    home = await client.get("/", headers={"Cookie": session.split(";")[0]})
    out = await client.post(
        "/logout",
        data={"csrf": csrf_of(await home.text())},
        headers={"Cookie": session.split(";")[0]},
    )
    assert out.status == 200
    forgotten = cookie_line(out, "dondoc_session")
    assert {"samesite=none", "secure", "partitioned", "max-age=0"} <= attributes(forgotten)


async def test_over_plain_http_the_mini_app_session_is_lax(web: Web) -> None:
    client = await web.client()
    page = await client.get("/tg")
    assert "samesite=strict" in attributes(cookie_line(page, "dondoc_csrf"))
    signed = await client.post(
        "/tg",
        data={
            "init_data": init_data(201, signed_at=web.app.clock.now()),
            "csrf": csrf_of(await page.text()),
        },
        allow_redirects=False,
    )
    session = attributes(cookie_line(signed, "dondoc_session"))
    assert "samesite=lax" in session and "secure" not in session


async def test_the_web_app_signs_in_only_through_the_channel_handed_to_it(web: Web) -> None:
    """The composition root hands the web app its `WebSignIn`: that channel's frame origins are
    allowed in the CSP, and without one no launch data signs anybody in."""
    framed = await (await web.client()).get("/tg")
    policy = framed.headers["Content-Security-Policy"]
    assert policy.endswith("frame-ancestors 'self' https://web.telegram.org")
    alone = TestServer(build_web_app(make_app(web.app.db, telegram_bot_token=BOT_TOKEN)))
    client = TestClient(alone)
    await client.start_server()
    try:
        page = await client.get("/tg")
        assert page.headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")
        answer = await client.post(
            "/tg",
            data={"init_data": init_data(201, signed_at=web.app.clock.now())}
            | {"csrf": csrf_of(await page.text())},
            allow_redirects=False,
        )
        assert answer.status == 403
        assert (await client.get("/my", allow_redirects=False)).status == 401
    finally:
        await client.close()
