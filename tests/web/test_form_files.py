"""A file sent with the web status form is kept only when the report is: a form refused (a wrong
percent) or a report that fails to be filed leaves nothing in FILES_DIR."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient

from handlers.forms import update
from tests.web.conftest import Web, csrf_of

PDF = b"%PDF-1.4 bien ban khao sat"


async def post_report(client: TestClient, assignment: int, percent: str) -> tuple[int, str]:
    form_page = await client.get(f"/my/report/{assignment}")
    data = FormData()
    data.add_field("csrf", csrf_of(await form_page.text()))
    data.add_field("status", "in_progress")
    data.add_field("percent", percent)
    data.add_field("result", "Đã khảo sát 12 bệnh viện")
    data.add_field("attachment", PDF, filename="bien-ban.pdf")
    answer = await client.post(f"/my/report/{assignment}", data=data)
    return answer.status, await answer.text()


def kept(web: Web) -> list[Path]:
    folder = Path(web.app.settings.files_dir) / "web"
    return sorted(folder.iterdir()) if folder.exists() else []


async def test_a_refused_form_keeps_no_file_and_an_accepted_one_does(web: Web) -> None:
    client = await web.signed_in("focal_a")
    assignment = web.seed.assignments["2.1/lead"]
    status, _ = await post_report(client, assignment, "140")
    assert status == 400
    assert kept(web) == []
    status, page = await post_report(client, assignment, "40")
    assert status == 200, page
    assert [path.name for path in kept(web)] == [hashlib.sha256(PDF).hexdigest()]
    assert kept(web)[0].read_bytes() == PDF


async def test_a_report_that_fails_to_be_filed_keeps_no_file(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def failing(*args: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(update, "submit", failing)
    client = await web.signed_in("focal_a")
    status, _ = await post_report(client, web.seed.assignments["2.1/lead"], "40")
    assert status == 500
    assert kept(web) == []
