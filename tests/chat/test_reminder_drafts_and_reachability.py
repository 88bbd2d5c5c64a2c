"""A reminder's button while a form is unfinished, a person who unblocked the bot, and /weekly's
full text as a file when the message had to be shortened."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy import update as sql_update

from bot.channels.capabilities import CAPABILITIES
from bot.db.models import Assignment, AssignmentRole, Person, Role, Task, UpdateStatus
from tests.chat.conftest import Chat, enrol, stored_updates
from tests.forms import finish_update_form


async def add_lead_task(app, plan_id: int, agency_id: int, code: str) -> int:
    async with app.db.session() as session:
        task = Task(plan_id=plan_id, code=code, position=9, content="Đào tạo nhân lực y sinh")
        session.add(task)
        await session.flush()
        assignment = Assignment(task_id=task.id, agency_id=agency_id, role=AssignmentRole.LEAD)
        session.add(assignment)
        await session.flush()
        return assignment.id


async def test_reminder_for_another_task_keeps_the_unfinished_draft(world) -> None:
    app, seed = world
    other = await add_lead_task(app, seed.plan_id, seed.health, "2.2")
    focal = await enrol(app, seed.health, "111")
    await focal.send(choice=f"update:{seed.assignments['2.1/lead']}")
    await focal.pick("Đang thực hiện")
    await focal.send("40%")  # the draft now holds a status and a percentage; result is asked

    await focal.send(choice=f"update:{other}")  # a reminder for 2.2 pressed mid-form
    assert "2.1" in focal.text and "2.2" in focal.text
    assert set(focal.values) >= {"switch:keep", "switch:new"}
    await focal.pick("switch:keep")
    assert "bản nháp" in focal.text  # continues where it was: the result question
    await finish_update_form(focal.send, result="Đã khảo sát 3 bệnh viện")
    [update] = await stored_updates(app.db)
    assert update.assignment_id == seed.assignments["2.1/lead"]
    assert update.percent == 40 and update.status == UpdateStatus.IN_PROGRESS


async def test_choosing_the_reminders_task_starts_it_and_same_task_continues(world) -> None:
    app, seed = world
    other = await add_lead_task(app, seed.plan_id, seed.health, "2.2")
    focal = await enrol(app, seed.health, "111", channel="console")
    await focal.send(choice=f"update:{seed.assignments['2.1/lead']}")
    await focal.pick("Hoàn thành")
    await focal.send(choice=f"update:{seed.assignments['2.1/lead']}")  # the same task again
    assert "bản nháp" in focal.text and "switch:new" not in focal.values

    await focal.send(choice=f"update:{other}")
    await focal.send(str(focal.values.index("switch:new") + 1))  # typed as a number
    assert "2.2" in focal.text and "Tình trạng" in focal.text
    await focal.pick("Chưa triển khai")
    await finish_update_form(focal.send, percent="0", result="Chưa có kinh phí")
    [update] = await stored_updates(app.db)
    assert update.assignment_id == other and update.status == UpdateStatus.NOT_STARTED


async def reachable(app, user_id: str) -> bool:
    async with app.db.session() as session:
        return bool(
            await session.scalar(select(Person.reachable).where(Person.platform_user_id == user_id))
        )


async def test_writing_again_after_blocking_makes_the_person_reachable(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.health, "111")
    async with app.db.session() as session:  # as the outbox sender does on a 403
        await session.execute(
            sql_update(Person).where(Person.platform_user_id == "111").values(reachable=False)
        )
    in_group = Chat(focal.dispatcher, "111", chat_id="-100", is_group=True)
    await in_group.send("/tasks")
    assert not await reachable(app, "111")  # a group message says nothing of the private chat
    await focal.send("/tasks")
    assert await reachable(app, "111")


async def test_shortened_weekly_comes_with_the_full_text_and_the_chart(world, monkeypatch) -> None:
    app, seed = world
    coordinator = await enrol(app, seed.industry, "333", Role.COORDINATOR)
    replies = await coordinator.send("/weekly")
    assert not any(m.document for m in replies)  # short enough: no file
    small = replace(CAPABILITIES["telegram"], summary_chars=120)
    monkeypatch.setitem(CAPABILITIES, "telegram", small)
    replies = await coordinator.send("/weekly")
    assert len(replies[0].text) <= 120
    [document] = [m.document for m in replies if m.document is not None]
    assert document.name.endswith(".txt") and document.name.startswith("weekly-1600")
    full = document.data.decode("utf-8")
    assert len(full) > 120 and full.startswith(replies[0].text.rstrip("…").rstrip()[:40])
    images = [m.image for m in replies if m.image is not None]
    assert all(image.mime_type == "image/png" for image in images)
