"""A coordinator's /report and /nudge through the real dispatcher, on both databases: the chart
comes with the files, the arguments name a plan, a period, a date range or an agency in the ways
people type them, and /nudge says whom it reached and whom nobody could be reminded for.

The seeded plan 1600/KH-UBND: 1.1 led by Sở Công Thương (the coordinating department), 1.2 by
Sở Kế hoạch và Đầu tư (followed up by Sở Tài chính), 2.1 by Sở Y tế; "Năm 2026" due 15/01/2027.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.db.models import Role
from tests.chat.conftest import Chat, enrol

VN = ZoneInfo("Asia/Ho_Chi_Minh")
IN_THE_YEAR = datetime(2026, 12, 1, 9, 0, tzinfo=VN)


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(IN_THE_YEAR, tick=False) as traveller:
        yield traveller


def files(chat: Chat) -> dict[str, bytes]:
    """{extension: data} of the documents and images of the last answer."""
    found = {}
    for message in chat.last:
        for item in (message.document, message.image):
            if item is not None:
                found[item.name.rsplit(".", 1)[1]] = item.data
    return found


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


async def test_report_sends_the_chart_with_the_two_files(world, clock) -> None:
    app, seed = world
    coordinator = await enrol(app, seed.industry, "111", Role.COORDINATOR)
    await coordinator.send("/report")
    sent = files(coordinator)
    assert set(sent) == {"docx", "xlsx", "png"}
    assert sent["png"].startswith(b"\x89PNG")
    [image] = [message.image for message in coordinator.last if message.image is not None]
    assert image.mime_type == "image/png"


async def test_nudge_counts_agencies_and_people_and_names_who_nobody_could_remind(
    world, clock
) -> None:
    app, seed = world
    await enrol(app, seed.health, "201")
    await enrol(app, seed.health, "202")
    coordinator = await enrol(app, seed.industry, "111", Role.COORDINATOR)
    await coordinator.send("/nudge")
    assert "Đã nhắc 1 cơ quan (2 người)" in coordinator.text
    assert "Chưa nhắc được 2 cơ quan" in coordinator.text
    assert "Sở Công Thương, Sở Tài chính" in coordinator.text
    assert 'dondoc invite --agency "Sở Tài chính" --role focal' in coordinator.text
    assert "Sở Kế hoạch và Đầu tư" not in coordinator.text  # merged: its successor is asked

    await enrol(app, seed.finance, "301")
    await enrol(app, seed.industry, "302")
    await coordinator.send("/nudge")
    assert "Đã nhắc 3 cơ quan (4 người)" in coordinator.text
    assert "Chưa nhắc được" not in coordinator.text
