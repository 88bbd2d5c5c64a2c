"""A form's step and draft live in the database: restarts lose nothing; idle forms are nudged once,
then expire keeping the draft."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.clock import Clock
from handlers.dispatcher import Dispatcher
from handlers.idle import nudge_idle_forms
from tests.chat.conftest import Chat, enrol, stored_updates


async def test_a_restart_in_the_middle_of_a_form_loses_nothing(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111", channel="zalo")  # choices: numbered lines
    await focal.send("/update")
    await focal.pick("Gặp khó khăn")
    await focal.send("20")
    await focal.send("Đã khảo sát 3 doanh nghiệp")
    assert "Khó khăn" in focal.text

    # A new process: a new App and Dispatcher on the same database, nothing kept in memory.
    restarted_app = App(settings=app.settings, db=app.db, clock=Clock(app.settings.timezone))
    again = Chat(Dispatcher(restarted_app), "111", channel="zalo")
    await again.send("Thiếu nhân lực")
    assert "Đề xuất" in again.text
    await again.send("2")  # the 2nd line shown before the restart (Skip, Back, Cancel)
    assert "Khó khăn" in again.text
    await again.send("Thiếu nhân lực")
    await again.send("Cần thêm kinh phí")
    await again.send("bỏ qua")
    assert (
        "Khó khăn, vướng mắc: Thiếu nhân lực" in again.text
        and "Đề xuất, kiến nghị: Cần thêm kinh phí" in again.text
    )
    await again.pick("Gửi")
    [update] = await stored_updates(app.db)
    assert update.percent == 20 and update.result == "Đã khảo sát 3 doanh nghiệp"
    assert update.obstacles == "Thiếu nhân lực"


async def test_idle_form_gets_one_nudge_then_expires_keeping_the_draft(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/update")
    await focal.pick("Đang thực hiện")
    await focal.send("45")
    assert await nudge_idle_forms(app) == []  # not idle yet

    app.clock.advance(timedelta(minutes=app.settings.form_idle_minutes + 1))
    [(channel, chat_id, message)] = await nudge_idle_forms(app)
    assert (channel, chat_id) == ("telegram", "111") and "/cancel" in message.text
    assert await nudge_idle_forms(app) == []  # one nudge only

    app.clock.advance(timedelta(minutes=app.settings.form_idle_minutes + 1))
    assert await nudge_idle_forms(app) == []  # expired, silently
    await focal.send("Đã làm xong phần khảo sát")
    assert "/help" in focal.text  # the form is no longer waiting for an answer

    await focal.send("/update")
    assert "bản nháp" in focal.text and "Kết quả" in focal.text  # resumes where it was
    await focal.send("Đã làm xong phần khảo sát")
    for _ in range(3):
        await focal.send("bỏ qua")
    assert "Tiến độ: 45%" in focal.text
    await focal.pick("Gửi")
    [update] = await stored_updates(app.db)
    assert update.percent == 45


async def test_answering_after_the_nudge_keeps_the_form_alive(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/update")
    app.clock.advance(timedelta(minutes=app.settings.form_idle_minutes + 1))
    assert len(await nudge_idle_forms(app)) == 1
    await focal.pick("Hoàn thành")
    app.clock.advance(timedelta(minutes=app.settings.form_idle_minutes - 1))
    assert await nudge_idle_forms(app) == []
    await focal.send("Xong")
    assert "Khó khăn" in focal.text


async def test_a_repeated_platform_delivery_is_handled_once(world) -> None:
    from bot.channels.base import Incoming

    app, seed = world
    await enrol(app, seed.industry, "111")
    dispatcher = Dispatcher(app)
    message = Incoming("telegram", "111", "111", text="/update 1.1 10% Bắt đầu", message_id="42")
    assert await dispatcher.handle(message)
    assert await dispatcher.handle(message) == []


async def test_two_focal_points_submitting_the_same_task_at_once_both_count(world) -> None:
    import asyncio

    app, seed = world
    first = await enrol(app, seed.industry, "111")
    second = await enrol(app, seed.industry, "222")
    await first.send("/update 1.1 40% Đã khảo sát")
    await second.send("/update 1.1 50% Đã tập huấn")
    await asyncio.gather(first.pick("Gửi"), second.pick("Gửi"))
    assert "Đã lưu" in first.text and "Đã lưu" in second.text
    one, two = await stored_updates(app.db)
    assert {one.version, two.version} == {1, 2}
    later = two if two.version == 2 else one
    earlier = one if later is two else two
    assert later.supersedes_id == earlier.id
