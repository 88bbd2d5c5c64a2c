"""After the deadline on Zalo, end to end: numbered lines instead of buttons, the real channel
against the fake Zalo server, a real database. "Năm 2026" is due Friday 15/01/2027.

The application's clock is moved (as the console demo's /clock does) rather than the machine's,
so the channel and the fake server keep real time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot.app import App
from bot.db.models import Plan, ReportingPeriod, StatusUpdate
from tests.fakes.zalo_api import FakeZalo
from tests.zalo.conftest import ChannelFactory
from tests.zalo.e2e import ZaloUser, invite_code, seed_plan

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def number_of(text: str, label: str) -> str:
    """The number of the line whose label starts with `label` ("3. 1.1 (Năm 2026)" → "3")."""
    for line in text.splitlines():
        number, dot, rest = line.partition(". ")
        if dot and number.strip().isdigit() and rest.startswith(label):
            return number.strip()
    raise AssertionError(f"no line {label!r} in {text!r}")


async def test_a_late_report_by_number(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    seed = await seed_plan(app.db)
    async with app.db.session() as session:  # loaded on 01/12/2026: Năm 2026 is followed up
        await session.execute(update(Plan).values(created_at=datetime(2026, 12, 1, tzinfo=VN)))
    app.clock.advance(datetime(2027, 1, 17, 9, 0, tzinfo=VN) - app.clock.now())
    channel = await start_channel(app)
    lan = ZaloUser(zalo, channel, "u-lan")
    await lan.says(f"start {await invite_code(app.db, seed.finance_id, now=app.clock.now())}")
    listing = await lan.says("/tasks")
    assert "Năm 2026 (hạn báo cáo 15/01/2027) — QUÁ HẠN 2 ngày" in listing
    status = await lan.says(number_of(listing, "1.2 (Năm 2026)"))
    assert "đang báo cáo cho kỳ Năm 2026" in status
    await lan.says(number_of(status, "Hoàn thành"))
    await lan.says("Đã trình dự thảo cơ chế hỗ trợ")
    for _ in range(3):
        summary = await lan.says("bỏ qua")
    saved = await lan.says(number_of(summary, "Gửi"))
    assert "nộp muộn 2 ngày" in saved
    async with app.db.session() as session:
        [stored] = await session.scalars(select(StatusUpdate))
        period = await session.get(ReportingPeriod, stored.period_id)
    assert period is not None and period.label == "Năm 2026" and stored.days_late == 2
    assert stored.assignment_id == seed.assignment_ids["1.2"]
