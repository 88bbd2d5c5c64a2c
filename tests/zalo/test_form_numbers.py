"""On Zalo numbers are the main way to answer: through the fake Zalo server and the real
Dispatcher, a number shown beside a choice is that choice at every kind of step, and the percent
question lists its choices as words, so "2" there is 2 %."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.db.models import StatusUpdate, UpdateStatus
from bot.i18n import t
from tests.fakes.zalo_api import FakeZalo
from tests.zalo.conftest import ChannelFactory
from tests.zalo.e2e import ZaloUser, invite_code, seed_plan


async def _enrolled(zalo: FakeZalo, app: App, start_channel: ChannelFactory) -> ZaloUser:
    seed = await seed_plan(app.db)
    lan = ZaloUser(zalo, await start_channel(app), "u-lan")
    await lan.says(f"start {await invite_code(app.db, seed.finance_id, now=app.clock.now())}")
    return lan


async def _stored(app: App) -> list[StatusUpdate]:
    async with app.db.session() as session:
        return list(await session.scalars(select(StatusUpdate)))


async def test_every_number_shown_is_its_choice_and_the_percent_takes_numbers(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    lan = await _enrolled(zalo, app, start_channel)
    await lan.says("update")
    status = await lan.says("2")  # task 1.2
    assert "2. Đang thực hiện" in status
    percent = await lan.says("2")
    assert "phần trăm" in percent
    assert "“Quay lại”, “Hủy”" in percent and "1. Quay lại" not in percent
    result = await lan.says("2")  # 2 %, not Cancel
    assert "Kết quả đã thực hiện" in result and "1. Quay lại\n2. Hủy" in result
    assert "phần trăm" in await lan.says("1")  # Back
    await lan.says("45")
    obstacles = await lan.says("Đã khảo sát 3 doanh nghiệp")
    assert "1. Bỏ qua\n2. Quay lại\n3. Hủy" in obstacles
    assert "Đề xuất" in await lan.says("1")  # Skip, not the text "1"
    assert "minh chứng" in await lan.says("1")
    summary = await lan.says("1")  # Skip the file
    assert "Khó khăn, vướng mắc: (không có)" in summary and "1. Gửi" in summary
    assert await lan.says("1") == t("vi", "update-saved", code="1.2", version=1)
    [stored] = await _stored(app)
    assert (stored.status, stored.percent, stored.obstacles, stored.proposals) == (
        UpdateStatus.IN_PROGRESS,
        45,
        None,
        None,
    )
    assert stored.attachments == []


async def test_the_percent_question_is_cancelled_by_its_word(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    lan = await _enrolled(zalo, app, start_channel)
    await lan.says("update")
    await lan.says("1")
    await lan.says("2")
    assert "Đã hủy" in await lan.says("huy")
    assert await _stored(app) == []
