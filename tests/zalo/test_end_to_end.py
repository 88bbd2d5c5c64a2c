"""A focal point enrols, reports and answers a reminder entirely in Zalo: the real Dispatcher
behind a running ZaloChannel, the fake Zalo server, a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from urllib.parse import unquote

from pydantic import SecretStr
from sqlalchemy import select, update

from bot.app import App
from bot.channels.zalo import NAME as ZALO
from bot.db.models import (
    OutboxMessage,
    OutboxStatus,
    Person,
    Role,
    StatusUpdate,
    UpdateStatus,
)
from bot.i18n import t
from bot.text import fold
from tests.fakes.zalo_api import BOT_NAME, FakeZalo
from tests.forms import finish_update_form
from tests.zalo.conftest import ChannelFactory
from tests.zalo.e2e import Seed, ZaloUser, invite_code, seed_plan


async def _enrolled(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> tuple[ZaloUser, Seed]:
    seed = await seed_plan(app.db)
    channel = await start_channel(app)  # the real Dispatcher
    lan = ZaloUser(zalo, channel, "u-lan")
    code = await invite_code(app.db, seed.finance_id, now=app.clock.now())
    welcome = await lan.says(f"start {code}")
    assert "Sở Tài chính" in welcome
    return lan, seed


async def _latest_update(app: App) -> StatusUpdate:
    async with app.db.session() as session:
        rows = list(await session.scalars(select(StatusUpdate).order_by(StatusUpdate.id)))
    assert rows, "nothing was stored"
    return rows[-1]


async def test_enrolment_by_invite_typed_without_a_slash(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    seed = await seed_plan(app.db)
    channel = await start_channel(app)
    lan = ZaloUser(zalo, channel, "u-lan")
    assert await lan.says("Xin chào") == t("vi", "stranger")

    code = await invite_code(app.db, seed.finance_id)
    welcome = await lan.says(f"start {code.lower()}")
    assert welcome.startswith("Chào mừng anh/chị!") and "Sở Tài chính" in welcome
    async with app.db.session() as session:
        person = await session.scalar(select(Person).where(Person.platform_user_id == "u-lan"))
    assert person is not None
    assert (person.channel, person.chat_id, person.agency_id) == (
        ZALO,
        "u-lan",
        seed.finance_id,
    )
    assert person.display_name == "Nguyễn Thị Lan"

    # The code is single-use, with or without the slash.
    binh = ZaloUser(zalo, channel, "u-binh", name="Trần Văn Bình")
    assert await binh.says(f"/start {code}") == t("vi", "start-code-used")


async def test_the_full_status_form_by_numbers(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    lan, seed = await _enrolled(zalo, app, start_channel)
    question = await lan.says("update")
    assert "1. 1.1 · Tuyên truyền" in question and "2. 1.2 · Xây dựng cơ chế" in question
    status = await lan.says("2")
    assert "Nhiệm vụ 1.2" in status
    assert "2. Đang thực hiện" in status
    assert "Đã hoàn thành bao nhiêu phần trăm" in await lan.says("2")
    assert "Kết quả đã thực hiện" in await lan.says("70")
    await lan.says("Đã tổ chức 2 hội thảo cho 120 doanh nghiệp")
    await lan.says("Thiếu kinh phí")
    attachment = await lan.says("Bỏ qua")  # no proposals
    assert "minh chứng" in attachment
    summary = await lan.sends_picture("https://photo.zdn.vn/bien-ban.jpg")
    assert "70" in summary and "1. Gửi" in summary
    saved = await lan.says("1")
    assert saved == t("vi", "update-saved", code="1.2", version=1)

    stored = await _latest_update(app)
    assert stored.assignment_id == seed.assignment_ids["1.2"]
    assert (stored.status, stored.percent) == (UpdateStatus.IN_PROGRESS, 70)
    assert stored.result == "Đã tổ chức 2 hội thảo cho 120 doanh nghiệp"
    assert (stored.obstacles, stored.proposals) == ("Thiếu kinh phí", None)
    assert stored.channel == ZALO
    assert stored.attachments[0]["url"] == "https://photo.zdn.vn/bien-ban.jpg"


async def test_the_full_status_form_by_words_without_accents(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    lan, seed = await _enrolled(zalo, app, start_channel)
    question = await lan.says("/update")
    label = next(line for line in question.split("\n") if "1.1 ·" in line).split(". ", 1)[1]
    assert "Nhiệm vụ 1.1" in await lan.says(fold(label).upper())
    assert "Kết quả đã thực hiện" in await lan.says("hoan thanh")  # done: no percentage asked
    await lan.says("Đã in 5.000 tờ rơi")
    await lan.says("bo qua")
    await lan.says("BỎ QUA")
    summary = await lan.says("bỏ qua")
    assert "Hoàn thành" in summary
    assert await lan.says("gui") == t("vi", "update-saved", code="1.1", version=1)

    stored = await _latest_update(app)
    assert stored.assignment_id == seed.assignment_ids["1.1"]
    assert (stored.status, stored.percent) == (UpdateStatus.DONE, 100)
    assert (stored.obstacles, stored.proposals, stored.attachments) == (None, None, [])


async def test_a_reminder_is_delivered_as_numbered_lines_and_the_reply_maps_back(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    from schedules.messages import TaskLine, render_person_message
    from schedules.planner import EARLY

    lan, seed = await _enrolled(zalo, app, start_channel)
    payload = {
        "plan_number": "1600/KH-UBND",
        "period_label": "Năm 2026",
        "due_date": date(2027, 1, 15).isoformat(),
        "lead": 7,
    }
    tasks = [
        TaskLine(seed.assignment_ids["1.2"], "1.2", "Xây dựng cơ chế hỗ trợ doanh nghiệp"),
    ]
    reminder = render_person_message(EARLY, payload, tasks, "vi")
    before = len(zalo.calls_to("sendMessage", "u-lan"))
    await lan.channel.send("u-lan", reminder)  # what the outbox sender does
    shown = "\n".join(c.text for c in zalo.calls_to("sendMessage", "u-lan")[before:])
    assert "1. Cập nhật 1.2\n2. Nhắc lại sau 1 ngày" in shown
    assert t("vi", "zalo-choose-hint") in shown

    status = await lan.says("1")  # opens the status form on 1.2
    assert "Nhiệm vụ 1.2" in status and "2. Đang thực hiện" in status
    assert await lan.says("huy") == t("vi", "form-cancelled")

    await lan.channel.send("u-lan", reminder)
    snoozed = await lan.says("nhac lai sau 1 ngay")
    assert snoozed.startswith("Đã tạm dừng nhắc việc đến")
    async with app.db.session() as session:
        person = await session.scalar(select(Person).where(Person.platform_user_id == "u-lan"))
    assert person is not None and person.snoozed_until is not None


async def test_in_a_group_the_bot_answers_a_mention_and_ignores_chatter(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    lan, _ = await _enrolled(zalo, app, start_channel)
    group = ZaloUser(zalo, lan.channel, "u-lan", chat_id="g-so-tai-chinh", group=True)
    zalo.push_text("/help", user_id="u-lan", chat_id="g-so-tai-chinh", group=True)  # no mention
    answer = await group.says(f"@{BOT_NAME} help")
    assert answer.startswith(t("vi", "help-title", role=t("vi", "role-focal")))
    assert len(zalo.calls_to("sendMessage", "g-so-tai-chinh")) == 1  # the chatter got nothing


async def test_a_long_summary_is_split_on_line_boundaries_in_order(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    lan, _ = await _enrolled(zalo, app, start_channel)
    sentence = "Đã tổ chức hội thảo và tập huấn cho doanh nghiệp. "
    result, obstacles, proposals = (f"{word} " + sentence * 18 for word in ("KQ", "KK", "ĐX"))
    await lan.says("update")
    await lan.says("1")
    await lan.says("Đang thực hiện")
    await lan.says("50%")
    await lan.says(result)
    await lan.says(obstacles)
    await lan.says(proposals)
    before = len(zalo.calls_to("sendMessage", "u-lan"))
    summary = await lan.says("bỏ qua")
    parts = [c.text for c in zalo.calls_to("sendMessage", "u-lan")[before:]]
    assert len(parts) == 2 and all(len(p) <= 2000 for p in parts)
    assert parts[-1].endswith(t("vi", "zalo-choose-hint"))
    positions = [summary.find(text.strip()) for text in (result, obstacles, proposals)]
    assert -1 not in positions and positions == sorted(positions)  # whole lines, in order


async def test_a_refused_zalo_token_leaves_telegram_running_in_the_same_process(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    from bot.channels.telegram import TelegramChannel
    from handlers.dispatcher import Dispatcher
    from tests.fakes.telegram_api import FakeTelegram

    async with FakeTelegram() as tg:
        app.settings.telegram_bot_token = SecretStr(tg.token)
        app.settings.telegram_base_url = tg.base_url
        telegram = TelegramChannel(app, Dispatcher(app), poll_timeout=timedelta(seconds=0.3))
        zalo.fail_method("getMe", 401)
        await telegram.start()
        try:
            channel = await start_channel(app)
            await asyncio.wait_for(channel.stopped.wait(), 5)
            tg.push_text("xin chào", user_id=4242)
            answer = await tg.wait_for("sendMessage", chat_id=4242)
            assert "Bot này dành cho cán bộ đầu mối" in answer.text
        finally:
            await telegram.stop()
    assert [c.method for c in zalo.calls] == ["getMe"]


async def test_a_planned_reminder_goes_out_through_the_outbox_and_a_429_waits_for_later(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    from schedules.scheduler import run_planner
    from schedules.sender import OutboxSender

    friday = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)  # 09:00 local, 7 days before 15/01/2027
    app.clock.advance(friday - app.clock.now())  # the demo clock: asyncio's timers stay real
    lan, _ = await _enrolled(zalo, app, start_channel)
    app.senders[lan.channel.name] = lan.channel
    assert await run_planner(app) == 1
    zalo.fail_chat("u-lan", 429)
    sender = OutboxSender(app, retry_base_seconds=0.05)
    before = len(zalo.calls_to("sendMessage", "u-lan"))
    await sender.drain()
    assert len(zalo.calls_to("sendMessage", "u-lan")) == before  # refused: not sent yet
    async with app.db.session() as session:
        [row] = list(await session.scalars(select(OutboxMessage)))
    assert row.status == OutboxStatus.PENDING and row.channel == ZALO

    async with app.db.session() as session:  # later: the row is due again
        await session.execute(update(OutboxMessage).values(due_at=app.clock.now()))
    await OutboxSender(app).drain()
    reminder = zalo.calls_to("sendMessage", "u-lan")[-1].text
    assert "15/01/2027" in reminder
    assert "1. Cập nhật 1.1\n2. Cập nhật 1.2\n3. Nhắc lại sau 1 ngày" in reminder
    async with app.db.session() as session:
        [row] = list(await session.scalars(select(OutboxMessage)))
    assert row.status == OutboxStatus.SENT

    status = await lan.says("2")  # the reminder's second line: report on 1.2
    assert "Nhiệm vụ 1.2" in status


async def test_a_period_report_reaches_a_coordinator_as_its_summary_and_download_links(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    app.settings.public_files_base_url = "https://files.example.vn/dondoc"
    seed = await seed_plan(app.db)
    channel = await start_channel(app)
    hoa = ZaloUser(zalo, channel, "u-hoa", name="Lê Thị Hoa")
    code = await invite_code(app.db, seed.industry_id, Role.COORDINATOR)
    assert "Sở Công Thương" in await hoa.says(f"start {code}")

    answer = await hoa.says("report")
    assert "https://" not in answer.split("\n")[0]  # the summary text comes first
    links = [line.rsplit(": ", 1)[1] for line in answer.split("\n") if "https://files." in line]
    assert [link.rsplit(".", 1)[1] for link in links] == ["docx", "xlsx"]
    for link in links:
        published = app.settings.files_dir / "public" / unquote(link.rsplit("/", 1)[1])
        assert published.stat().st_size > 0
    [chart] = zalo.calls_to("sendPhoto")  # and its chart as a picture, as on Telegram
    assert chart.status == 200


async def test_a_reminder_arriving_mid_form_does_not_capture_the_forms_answers(
    zalo: FakeZalo, app: App, start_channel: ChannelFactory
) -> None:
    from schedules.messages import TaskLine, render_person_message
    from schedules.planner import EARLY

    lan, seed = await _enrolled(zalo, app, start_channel)
    await lan.says("update")
    await lan.says("1")  # task 1.1
    assert "phần trăm" in await lan.says("đang thực hiện")
    payload = {"plan_number": "1600/KH-UBND", "period_label": "Năm 2026", "due_date": "2027-01-15"}
    tasks = [TaskLine(seed.assignment_ids["1.2"], "1.2", "Xây dựng cơ chế")]
    await lan.channel.send("u-lan", render_person_message(EARLY, payload, tasks, "vi"))
    assert "Kết quả đã thực hiện" in await lan.says("2")  # 2 per cent, not "Cập nhật 1.2"
    saved = await finish_update_form(lan.says, result="Đã khảo sát 3 doanh nghiệp")
    assert saved == t("vi", "update-saved", code="1.1", version=1)
    stored = await _latest_update(app)
    assert (stored.assignment_id, stored.percent) == (seed.assignment_ids["1.1"], 2)
