"""The Mini App in a real Chromium as Telegram Web shows it: in an <iframe> of a page on another
site (https://web.telegram.org), the dashboard served over HTTPS on https://127.0.0.1 with a
certificate made here. Inside that frame the browser sends back only a SameSite=None; Secure
cookie, and (third-party cookies being blocked in Playwright's contexts, as in a private window)
only a Partitioned one: so the person's page showing in the frame means the CSRF cookie of /tg
and the session cookie opened from initData were both kept and sent there.

The parent page is answered by Playwright for https://web.telegram.org (the only site the
dashboard's Content-Security-Policy lets frame it); everything in the frame comes from the real
server. initData is built here by Telegram's rule, not with the code under test.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import ssl
from collections.abc import AsyncIterator
from datetime import datetime
from urllib.parse import quote, urlencode

import pytest
import trustme
from aiohttp import web as aiohttp_web
from playwright.async_api import Browser, FrameLocator, Route, async_playwright, expect

from bot.i18n import t
from bot.web import build_web_app
from tests.web.conftest import BOT_TOKEN, Web

CHROMIUM = "/usr/bin/chromium"
TELEGRAM_WEB = "https://web.telegram.org/k/"


def init_data(user_id: int, *, signed_at: datetime, token: str = BOT_TOKEN) -> str:
    """initData as Telegram signs it: the fields sorted as key=value lines, HMAC-SHA256 with the
    key HMAC-SHA256(key "WebAppData", the bot token)."""
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps({"id": user_id, "first_name": "Lan", "language_code": "vi"}),
        "auth_date": str(int(signed_at.timestamp())),
    }
    checked = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    signature = hmac.new(secret, checked.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": signature})


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # The certificate is this test's own; and Chromium would block a public site's
            # frame of a loopback address (Local Network Access), which is only how the test
            # serves the app: in use it is a public HTTPS server.
            args=[
                "--no-sandbox",
                "--ignore-certificate-errors",
                "--disable-features=LocalNetworkAccessChecks",
            ],
        )
        yield launched
        await launched.close()


@pytest.fixture
async def over_https(web: Web) -> AsyncIterator[str]:
    """The web app served over TLS on 127.0.0.1 (any free port), WEB_PUBLIC_URL its https://
    address; that address."""
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    runner = aiohttp_web.AppRunner(build_web_app(web.app), access_log=None)
    await runner.setup()
    site = aiohttp_web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    port = runner.addresses[0][1]
    web.app.settings.web_public_url = f"https://127.0.0.1:{port}"
    yield web.app.settings.web_public_url
    await runner.cleanup()


async def mini_app_in_telegram_web(browser: Browser, app_url: str, data: str) -> FrameLocator:
    """Telegram Web's page with the Mini App in its frame, opened as Telegram opens it: /tg with
    the signed initData in the URL fragment."""
    context = await browser.new_context(ignore_https_errors=True, locale="vi-VN")
    frame_src = f"{app_url}/tg#tgWebAppData={quote(data)}&tgWebAppVersion=8.0"
    parent = f'<!doctype html><title>Telegram</title><iframe id="app" src="{frame_src}"></iframe>'

    async def telegram_web(route: Route) -> None:
        await route.fulfill(status=200, content_type="text/html", body=parent)

    await context.route(TELEGRAM_WEB, telegram_web)
    page = await context.new_page()
    await page.goto(TELEGRAM_WEB)
    return page.frame_locator("#app")


@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_the_mini_app_signs_in_inside_telegram_webs_frame(
    web: Web, over_https: str, browser: Browser
) -> None:
    now = web.app.clock.now()
    frame = await mini_app_in_telegram_web(browser, over_https, init_data(201, signed_at=now))
    await expect(frame.locator("#my-tasks")).to_contain_text("2.1")  # focal_a's own tasks

    tampered = init_data(201, signed_at=now).replace("201", "202", 1)
    refused = await mini_app_in_telegram_web(browser, over_https, tampered)
    await expect(refused.locator("main")).to_contain_text(t("vi", "web-miniapp-invalid"))
    await expect(refused.locator("#my-tasks")).to_have_count(0)
