"""The dashboard in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright), on
a phone-sized screen: a coordinator opens it from a /dashboard link, sees the late agencies, an
agency and a task's history; a focal point reports through the status form (a wrong percent is
asked again with the chat's reason) and the coordinator finds the report, on the web and in /weekly.

Screenshots go to the test's temporary folder; assertions are on text and elements, not pixels.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from bot.i18n import t
from bot.web.server import WebServer
from tests.web.conftest import Web

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield launched
        await launched.close()


@pytest.fixture
async def served(web: Web) -> AsyncIterator[Web]:
    """The dashboard on a real listening socket (WEB_PORT=0: any free port)."""
    web.app.settings.web_port = 0
    server = WebServer(web.app)
    address = await server.start()
    web.app.settings.web_public_url = address
    yield web
    await server.stop()


async def open_from_chat(browser: Browser, web: Web, who: str) -> Page:
    """Ask for /dashboard in chat and open the link it answers with, on a phone."""
    chat = web.chats[who]
    await chat.send("/dashboard")
    link = re.search(r"http://\S+", chat.text)
    assert link is not None, chat.text
    context = await browser.new_context(viewport=PHONE, locale="vi-VN")
    page = await context.new_page()
    await page.goto(link.group(0))
    return page


@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_dashboard_and_status_form_in_a_browser(
    served: Web, browser: Browser, tmp_path: Path
) -> None:
    web = served
    coordinator = await open_from_chat(browser, web, "coordinator")
    await expect(coordinator.locator("h1")).to_have_text("Các kế hoạch anh/chị theo dõi")
    await coordinator.get_by_text("1600/KH-UBND").click()
    await expect(coordinator.locator("h1")).to_have_text("1600/KH-UBND")
    health = coordinator.locator("#agencies tbody tr", has_text="Sở Y tế")
    await expect(health).to_have_attribute("data-state", "overdue")
    await expect(health.locator(".badge")).to_have_text(re.compile(r"Quá hạn \d+ ngày"))
    for name in ("Sở Công Thương", "Sở Tài chính"):
        row = coordinator.locator("#agencies tbody tr", has_text=name)
        await expect(row).to_have_attribute("data-state", "overdue")
    await expect(coordinator.locator("#overdue-" + str(web.period_id))).to_contain_text("Sở Y tế")
    await coordinator.screenshot(path=tmp_path / "1-period.png", full_page=True)

    await coordinator.fill("#filter", "y tế")  # the little script filters and sorts the table
    await expect(coordinator.locator("#agencies tbody tr:visible")).to_have_count(1)
    await coordinator.fill("#filter", "")
    await coordinator.locator("#agencies th", has_text="Cơ quan").click()
    first = coordinator.locator("#agencies tbody tr").first
    await expect(first).to_contain_text("Sở Công Thương")

    await health.get_by_role("link", name="Sở Y tế").click()
    await expect(coordinator.locator("h1")).to_have_text("Sở Y tế")
    await expect(coordinator.locator("#agency-tasks")).to_contain_text("Chưa có báo cáo.")
    await coordinator.get_by_role("link", name="Lịch sử báo cáo").click()
    await expect(coordinator.locator("h1")).to_have_text("Lịch sử báo cáo nhiệm vụ 2.1")
    await coordinator.screenshot(path=tmp_path / "2-history-empty.png", full_page=True)

    focal = await open_from_chat(browser, web, "focal_a")
    await expect(focal.locator("#my-tasks")).to_contain_text("2.1")
    await focal.get_by_role("link", name="Báo cáo tiến độ").click()
    await expect(focal.locator(".notice")).to_contain_text("Năm 2026")
    await focal.get_by_label("Đang thực hiện").check()
    await focal.fill("#percent", "120")
    await focal.fill("#result", "Đã khảo sát 12 bệnh viện, lập kế hoạch ứng dụng")
    await focal.set_input_files(
        "#attachment",
        files=[{"name": "biên bản.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}],
    )
    await focal.click("#submit")
    reason = t("vi", "update-percent-invalid", given="120")
    await expect(focal.locator('[data-field="percent"]')).to_have_text(reason)
    await expect(focal.locator("#result")).to_have_value(re.compile("khảo sát 12 bệnh viện"))
    await focal.screenshot(path=tmp_path / "3-form-reasked.png", full_page=True)
    await focal.fill("#percent", "70")
    await focal.set_input_files(
        "#attachment",
        files=[{"name": "biên bản.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}],
    )
    await focal.click("#submit")
    await expect(focal.locator("#saved")).to_contain_text("2.1")
    await focal.screenshot(path=tmp_path / "4-saved.png", full_page=True)

    await coordinator.go_back()
    await coordinator.reload()
    await expect(coordinator.locator("#agency-tasks")).to_contain_text("khảo sát 12 bệnh viện")
    await coordinator.get_by_role("link", name="Lịch sử báo cáo").click()
    versions = coordinator.locator("#versions li")
    await expect(versions).to_have_count(1)
    await expect(versions.first).to_contain_text("Phiên bản 1")
    await expect(versions.first).to_contain_text("70%")
    async with coordinator.expect_download() as downloading:
        await coordinator.get_by_role("link", name="biên bản.pdf").click()
    download = await downloading.value
    assert download.suggested_filename == "biên bản.pdf"
    await coordinator.screenshot(path=tmp_path / "5-history.png", full_page=True)

    weekly = web.chats["coordinator"]
    await weekly.send("/weekly")
    assert "• Sở Y tế: 1" in weekly.text, weekly.text  # the week's updates, by agency
    assert screenshots(tmp_path) == 5


def screenshots(folder: Path) -> int:
    return len(list(folder.glob("*.png")))
