"""Every role refused where it should be, and allowed where it should be."""

from __future__ import annotations

from bot.db.models import Role
from handlers.commands import command_menu
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import ADMIN_ID, Chat, enrol, stored_updates


async def test_focal_point_is_refused_admin_and_coordinator_commands(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    for command in (
        "/import",
        "/invite focal Sở Y tế",
        "/people",
        "/weekly",
        "/overdue",
        "/report",
        "/nudge",
    ):
        replies = await focal.send(command)
        name = command.split()[0]
        assert len(replies) == 1 and f"không có quyền dùng lệnh {name}" in replies[0].text
    await focal.send(choice=f"plan:weekly:{seed.plan_id}")
    assert "không có quyền" in focal.text


async def test_focal_point_cannot_report_another_agencys_task(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    other = seed.assignments["2.1/lead"]  # Sở Y tế's
    await focal.send(choice=f"update:{other}")
    assert "không thuộc cơ quan" in focal.text
    await focal.send("/update 2.1 50% Làm hộ")
    assert "không chủ trì nhiệm vụ nào" in focal.text
    # A forged button inside the form is refused too.
    await focal.send("/update")
    await focal.send("/cancel")
    await focal.send("/update 1.1")
    state_values = focal.values
    assert "s:in_progress" in state_values
    await focal.send(choice="form:back")
    await focal.send(choice=f"a:{other}")
    assert "không thuộc cơ quan" in focal.text
    # Sở Y tế only coordinates 1.1: shown read-only, not reportable.
    health = await enrol(app, seed.health, "222")
    await health.send("/tasks")
    assert "phối hợp" in health.text and "1.1" in health.text
    [value] = health.values  # the button names the task and its period
    assert value.startswith(f"update:{seed.assignments['2.1/lead']}:")
    await health.send(choice=f"update:{seed.assignments['1.1/coordinate']}")
    assert "không thuộc cơ quan" in health.text
    assert await stored_updates(app.db) == []


async def test_successor_follows_up_the_predecessors_tasks(world) -> None:
    app, seed = world
    finance = await enrol(app, seed.finance, "111")
    await finance.send("/tasks")
    assert "1.2" in finance.text and "Xây dựng cơ chế" in finance.text


async def test_coordinator_is_refused_admin_commands_and_other_plans(world) -> None:
    app, seed = world
    coordinator = await enrol(app, seed.industry, "111", Role.COORDINATOR)
    for command in ("/import", "/invite focal Sở Y tế", "/people revoke 1"):
        await coordinator.send(command)
        assert "không có quyền" in coordinator.text
    outsider = await enrol(app, seed.health, "222", Role.COORDINATOR)
    await outsider.send("/weekly")
    assert "chưa theo dõi kế hoạch nào" in outsider.text
    await outsider.send(choice=f"plan:weekly:{seed.plan_id}")
    assert "không có quyền" in outsider.text


async def test_coordinator_gets_weekly_and_overdue_for_their_plan(world) -> None:
    app, seed = world
    coordinator = await enrol(app, seed.industry, "111", Role.COORDINATOR)
    replies = await coordinator.send("/overdue")
    assert replies and replies[0].text and "không có quyền" not in replies[0].text
    replies = await coordinator.send("/weekly")
    assert replies and replies[0].text and "không có quyền" not in replies[0].text


async def test_help_and_command_menu_follow_the_role(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/help")
    assert "/update" in focal.text and "/weekly" not in focal.text and "/import" not in focal.text
    admin = Chat(Dispatcher(app), ADMIN_ID)
    await admin.send("/help")
    assert "/import" in admin.text and "/weekly" in admin.text and "/invite" in admin.text
    assert [name for name, _ in command_menu(None, "vi")] == ["start"]
    focal_menu = dict(command_menu("focal", "en"))
    assert focal_menu["update"] == "Report progress on a task" and "people" not in focal_menu
    assert "people" in dict(command_menu("admin", "vi"))


async def test_unknown_command_and_free_text_get_a_hint(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/frobnicate")
    assert "/frobnicate" in focal.text and "/help" in focal.text
    await focal.send("chào bot")
    assert "/help" in focal.text


async def test_snooze_and_mute_buttons_act_on_the_person(world) -> None:
    from sqlalchemy import select

    from bot.db.models import Person

    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send(choice="snooze:1d")
    assert "tạm dừng" in focal.text
    await focal.send(choice="mute:early")
    assert "tắt" in focal.text
    async with app.db.session() as session:
        person = await session.scalar(select(Person).where(Person.platform_user_id == "111"))
    assert person.mute_early_reminders
    assert person.snoozed_until is not None and person.snoozed_until > app.clock.now()


async def test_an_admin_dropped_from_the_settings_is_no_admin_any_more(world) -> None:
    from tests.chat.conftest import make_app

    app, _ = world
    admin = Chat(Dispatcher(app), ADMIN_ID)
    await admin.send("/people")
    assert "Người dùng đang hoạt động" in admin.text
    later = make_app(app.db, admin_telegram_ids=["901"])
    former = Chat(Dispatcher(later), ADMIN_ID)
    await former.send("/people")
    assert "mã mời" in former.text and "Người dùng" not in former.text


async def test_help_leads_with_what_the_role_comes_for(world) -> None:
    app, seed = world
    coordinator = await enrol(app, seed.industry, "333", Role.COORDINATOR)
    assert coordinator.text.index("/weekly") < coordinator.text.index("/help")
    assert "/tasks" not in coordinator.text  # the welcome leads with the coordinator's commands
    await coordinator.send("/help")
    commands = [line.split(" ")[0] for line in coordinator.text.splitlines()[1:]]
    assert commands[:4] == ["/weekly", "/overdue", "/report", "/nudge"]
    assert "/start" not in commands  # an enrolled person has no invite code to type
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/help")
    commands = [line.split(" ")[0] for line in focal.text.splitlines()[1:]]
    assert commands[:2] == ["/tasks", "/update"] and "/start" not in commands


async def test_a_mistyped_command_gets_the_closest_one(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/taks")
    assert focal.text == "Không có lệnh /taks. Ý anh/chị là /tasks?"
    await focal.send("/weekyl")  # a coordinator's command: not offered to a focal point
    assert "Ý anh/chị là" not in focal.text
    await focal.send("/xyz")
    assert focal.text == "Không có lệnh /xyz. Gõ /help để xem các lệnh."


async def _change_person(app, user_id: str, **values: object) -> None:
    from sqlalchemy import update

    from bot.db.models import Person

    async with app.db.session() as session:
        await session.execute(
            update(Person).where(Person.platform_user_id == user_id).values(**values)
        )


async def test_an_agency_change_between_two_messages_of_a_form_takes_effect(world) -> None:
    from tests.forms import finish_update_form

    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/update 1.1")  # Sở Công Thương's task
    await focal.send(choice="s:in_progress")
    await _change_person(app, "111", agency_id=seed.health)  # between two messages
    await finish_update_form(focal.send, percent="50%", result="Đã làm")  # the same dispatcher
    assert "không thuộc cơ quan" in focal.text
    assert await stored_updates(app.db) == []
    await focal.send("/update 2.1")  # Sở Y tế's task is theirs now
    assert "s:in_progress" in focal.values


async def test_a_person_revoked_mid_form_is_a_stranger_at_their_next_message(world) -> None:
    app, seed = world
    focal = await enrol(app, seed.industry, "111")
    await focal.send("/update 1.1")
    assert "s:in_progress" in focal.values
    await _change_person(app, "111", active=False)
    await focal.send(choice="s:in_progress")
    assert "mã mời" in focal.text
    await _change_person(app, "111", active=True, role=Role.COORDINATOR)
    await focal.send("/overdue")  # a coordinator's command, allowed at once
    assert "không có quyền" not in focal.text
    assert await stored_updates(app.db) == []


def test_the_per_message_person_row_has_every_column_of_person() -> None:
    """`Context.person` is made of the row without a query: a column missing from `Caller`
    would be unloaded, and reading it in an async session fails."""
    from bot.db.models import Person
    from bot.services.people import CALLER_FIELDS

    assert set(CALLER_FIELDS) == {column.key for column in Person.__table__.columns}


async def test_a_command_that_changes_the_person_after_a_seen_mark_keeps_both(world) -> None:
    from sqlalchemy import select

    from bot.db.models import Person

    app, seed = world
    focal = await enrol(app, seed.industry, "111", chat_id="222")  # another private chat
    await _change_person(app, "111", last_seen_at=None, reachable=False)
    focal.chat_id = "111"
    await focal.send("/lang en")  # marks them seen in their private chat, then changes them
    async with app.db.session() as session:
        person = await session.scalar(select(Person).where(Person.platform_user_id == "111"))
    assert person.language == "en" and person.chat_id == "111" and person.reachable
    assert person.last_seen_at is not None
