"""Every dashboard route × every kind of visitor: each sees what they may see in chat, no more.

Not allowed and unknown look the same (404), so ids reveal nothing; nobody signed in gets the
sign-in explanation (401).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiohttp import FormData
from sqlalchemy import select

from bot.db.models import StatusUpdate
from bot.services import people
from tests.web.conftest import Web, csrf_of

OK, GONE, SIGN_IN = 200, 404, 401


async def report_with_file(web: Web) -> int:
    """Sở Y tế's focal point reports on 2.1 on the web, with a file; the update's id."""
    client = await web.signed_in("focal_a")
    assignment = web.seed.assignments["2.1/lead"]
    form_page = await client.get(f"/my/report/{assignment}")
    data = FormData()
    data.add_field("csrf", csrf_of(await form_page.text()))
    data.add_field("status", "in_progress")
    data.add_field("percent", "40")
    data.add_field("result", "Đã khảo sát 12 bệnh viện")
    data.add_field("attachment", b"%PDF-1.4 bien ban", filename="bien-ban.pdf")
    saved = await client.post(f"/my/report/{assignment}", data=data)
    assert saved.status == 200, await saved.text()
    async with web.app.db.session() as session:
        update_id = await session.scalar(select(StatusUpdate.id).order_by(StatusUpdate.id.desc()))
    assert update_id is not None
    return update_id


def routes(web: Web, update_id: int) -> dict[str, str]:
    plan, period, seed = web.seed.plan_id, web.period_id, web.seed
    return {
        "plans": "/plans",
        "plan": f"/plans/{plan}",
        "period": f"/plans/{plan}/periods/{period}",
        "docx": f"/plans/{plan}/periods/{period}/report.docx",
        "xlsx": f"/plans/{plan}/periods/{period}/report.xlsx",
        "ranking": f"/plans/{plan}/ranking",
        "ranking_xlsx": f"/plans/{plan}/ranking.xlsx?year=2026",
        "agency_a": f"/plans/{plan}/agencies/{seed.health}",
        "agency_b": f"/plans/{plan}/agencies/{seed.finance}",
        "history_a": f"/plans/{plan}/agencies/{seed.health}/tasks/{web.tasks['2.1']}",
        "file_a": f"/files/{update_id}/0",
        "my": "/my",
        "form_a": f"/my/report/{seed.assignments['2.1/lead']}",
        "form_b": f"/my/report/{seed.assignments['1.2/lead']}",
    }


PLAN_PAGES = ("plan", "period", "docx", "xlsx", "ranking", "ranking_xlsx")
EXPECTED = {
    "stranger": dict.fromkeys(
        (
            *PLAN_PAGES,
            "plans",
            "agency_a",
            "agency_b",
            "history_a",
            "file_a",
            "my",
            "form_a",
            "form_b",
        ),
        SIGN_IN,
    ),
    # Sở Y tế's focal point: its own agency's tasks, history, files and form; no plan pages.
    "focal_a": {
        **dict.fromkeys((*PLAN_PAGES, "plans"), GONE),
        "agency_a": OK,
        "agency_b": GONE,
        "history_a": OK,
        "file_a": OK,
        "my": OK,
        "form_a": OK,
        "form_b": GONE,
    },
    "focal_b": {
        **dict.fromkeys((*PLAN_PAGES, "plans"), GONE),
        "agency_a": GONE,
        "agency_b": OK,
        "history_a": GONE,
        "file_a": GONE,
        "my": OK,
        "form_a": GONE,
        "form_b": OK,
    },
    # The plan's coordinator (Sở Công Thương) sees every agency of the plan; reports for SCT.
    "coordinator": {
        **dict.fromkeys((*PLAN_PAGES, "plans", "agency_a", "agency_b", "history_a"), OK),
        "file_a": OK,
        "my": OK,
        "form_a": GONE,
        "form_b": GONE,
    },
    # A coordinator of another department (Sở Y tế): not this plan's pages, but, as in chat
    # (/tasks, /update), their own agency's tasks.
    "other_coordinator": {
        **dict.fromkeys(PLAN_PAGES, GONE),
        "plans": OK,
        "agency_a": OK,
        "agency_b": GONE,
        "history_a": OK,
        "file_a": OK,
        "my": OK,
        "form_a": OK,
        "form_b": GONE,
    },
    # Admins see every plan; they belong to no agency, so there is nothing for them to report.
    "admin": {
        **dict.fromkeys((*PLAN_PAGES, "plans", "agency_a", "agency_b", "history_a"), OK),
        "file_a": OK,
        "my": GONE,
        "form_a": GONE,
        "form_b": GONE,
    },
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
async def test_every_route_for_every_role(web: Web, who: str) -> None:
    paths = routes(web, await report_with_file(web))
    client = await web.signed_in(who)
    got = {}
    for name, path in paths.items():
        response = await client.get(path, allow_redirects=False)
        got[name] = response.status
        if response.status == OK and name == "file_a":
            assert await response.read() == b"%PDF-1.4 bien ban"
            assert "bien-ban.pdf" in response.headers["Content-Disposition"]
        if response.status == OK and name in ("docx", "xlsx", "ranking_xlsx"):
            assert (await response.read())[:2] == b"PK"
        assert "Content-Security-Policy" in response.headers
    assert got == EXPECTED[who]


async def test_a_revoked_person_is_signed_out_everywhere(web: Web) -> None:
    client = await web.signed_in("revoked")
    assert (await client.get("/my")).status == OK
    async with web.app.db.session() as session:
        await people.revoke(session, web.ids["revoked"], actor_id=None, actor_label="test")
    answer = await client.get("/my")
    assert answer.status == SIGN_IN
    assert "/dashboard" in await answer.text()


async def test_a_link_works_once_and_for_fifteen_minutes(web: Web) -> None:
    token = await web.link("focal_a")
    first, second = await web.client(), await web.client()
    assert (await web.sign_in_with(first, token)).status == 303
    reused = await web.sign_in_with(second, token)
    assert reused.status == 403 and "một lần" in await reused.text()
    assert (await second.get("/my")).status == SIGN_IN

    late = await web.link("focal_a")
    web.app.clock.advance(timedelta(minutes=16))
    expired = await web.sign_in_with(await web.client(), late)
    assert expired.status == 403
    assert (await web.sign_in_with(await web.client(), "not-a-token")).status == 403


async def test_sessions_expire(web: Web) -> None:
    client = await web.signed_in("coordinator")
    assert (await client.get("/plans")).status == OK
    web.app.clock.advance(timedelta(hours=13))
    assert (await client.get("/plans")).status == SIGN_IN


async def test_the_session_cookie_is_httponly_lax_and_the_link_leaves_no_referrer(web: Web) -> None:
    client = await web.client()
    answer = await web.sign_in_with(client, await web.link("coordinator"))
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    page = await client.get(f"/login/{await web.link('coordinator')}")
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


async def test_posts_without_the_form_token_are_refused(web: Web) -> None:
    client = await web.signed_in("focal_a")
    assignment = web.seed.assignments["2.1/lead"]
    forged = await client.post(
        f"/my/report/{assignment}",
        data={"status": "done", "result": "Xong", "csrf": "forged"},
    )
    assert forged.status == 403
    assert (await client.post("/logout", data={})).status == 403
    async with web.app.db.session() as session:
        assert await session.scalar(select(StatusUpdate.id)) is None


async def test_signing_out_ends_the_session(web: Web) -> None:
    client = await web.signed_in("coordinator")
    page = await client.get("/plans")
    answer = await client.post("/logout", data={"csrf": csrf_of(await page.text())})
    assert answer.status == 200 and "đã đăng xuất" in await answer.text()
    assert "Đăng xuất</button>" not in await answer.text()
    assert (await client.get("/plans")).status == SIGN_IN
