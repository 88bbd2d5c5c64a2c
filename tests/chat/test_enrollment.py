"""Enrolment by invite code: good, used, expired and unknown codes; strangers; leaving; revoking."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import Invite, Person, Role
from bot.i18n import t
from bot.services.invites import hash_code
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import ADMIN_ID, Chat, enrol, make_invite


async def test_good_code_enrols_once_and_is_stored_hashed(world) -> None:
    app, seed = world
    code = await make_invite(app.db, seed.industry)
    first = Chat(Dispatcher(app), "111")
    await first.send(f"/start {code}")
    assert "cán bộ đầu mối" in first.text and "Sở Công Thương" in first.text

    async with app.db.session() as session:
        invite = await session.scalar(select(Invite))
        person = await session.scalar(select(Person).where(Person.platform_user_id == "111"))
    assert invite.code_hash == hash_code(code) and code not in invite.code_hash
    assert invite.used_by_id == person.id and person.role == Role.FOCAL
    assert person.agency_id == seed.industry

    second = Chat(Dispatcher(app), "222")
    await second.send(f"/start {code}")
    assert "đã được sử dụng" in second.text
    await second.send("/tasks")
    assert "mã mời" in second.text  # still a stranger


async def test_expired_and_unknown_codes_bind_nobody(world) -> None:
    app, seed = world
    code = await make_invite(app.db, seed.health, valid_for=timedelta(hours=1))
    app.clock.advance(timedelta(hours=2))
    late = Chat(Dispatcher(app), "333")
    await late.send(f"/start {code}")
    assert "hết hạn" in late.text
    await late.send("/start NOTACODE99")
    assert "không đúng" in late.text
    async with app.db.session() as session:
        assert await session.scalar(select(Person).where(Person.platform_user_id == "333")) is None


async def test_code_typed_in_lower_case_with_spaces_works(world) -> None:
    app, seed = world
    code = await make_invite(app.db, seed.health)
    person = Chat(Dispatcher(app), "444")
    await person.send(f"/start {code[:5].lower()} {code[5:].lower()}")
    assert "Sở Y tế" in person.text


async def test_stranger_gets_one_short_explanation_and_nothing_else(world) -> None:
    app, _ = world
    stranger = Chat(Dispatcher(app), "555")
    for text in ("xin chào", "/tasks", "/update 1.1 70% xong", "/import", "/help"):
        replies = await stranger.send(text)
        assert len(replies) == 1 and not replies[0].choices
        assert "/start" in replies[0].text and "mã mời" in replies[0].text
    replies = await stranger.send(choice="update:1")
    assert len(replies) == 1 and "mã mời" in replies[0].text
    async with app.db.session() as session:
        assert not list(await session.scalars(select(Person)))


async def test_leave_then_nothing_but_the_explanation(world) -> None:
    app, seed = world
    person = await enrol(app, seed.industry, "666")
    await person.send("/leave")
    assert "rời khỏi" in person.text
    await person.send("/tasks")
    assert "mã mời" in person.text


async def test_admin_invites_in_chat_lists_and_revokes(world) -> None:
    app, _ = world
    admin = Chat(Dispatcher(app), ADMIN_ID)
    await admin.send("/invite focal Sở Y tế")
    code = admin.text.split("/start ")[1].split()[0]
    person = Chat(Dispatcher(app), "777", name="Trần Thị B")
    await person.send(f"/start {code}")
    assert "Sở Y tế" in person.text

    await admin.send("/people")
    assert "Trần Thị B" in admin.text and "Sở Y tế" in admin.text
    async with app.db.session() as session:
        person_id = await session.scalar(select(Person.id).where(Person.platform_user_id == "777"))
    await admin.send(f"/people revoke {person_id}")
    assert "Trần Thị B" in admin.text
    await person.send("/tasks")
    assert "mã mời" in person.text


async def test_invite_for_a_merged_agency_enrols_with_its_successor(world) -> None:
    app, _ = world
    admin = Chat(Dispatcher(app), ADMIN_ID)
    await admin.send("/invite coordinator Sở Kế hoạch và Đầu tư")
    assert "Sở Tài chính" in admin.text
    await admin.send("/invite focal Sở Không Có")
    assert "Không tìm thấy" in admin.text
    for typed in ('"Sở Không Có"', "“Sở Không Có”"):  # the message quotes it once, not twice
        await admin.send(f"/invite coordinator {typed}")
        assert admin.text.startswith('Không tìm thấy cơ quan "Sở Không Có".'), typed
    await admin.send('/invite coordinator "Sở Y tế"')
    assert "Sở Y tế" in admin.text and "Không tìm thấy" not in admin.text
    await admin.send("/invite")
    assert "/invite focal" in admin.text


async def test_deep_link_when_the_bot_username_is_known(database) -> None:
    from tests.chat.conftest import make_app, seed_plan

    app = make_app(database, telegram_bot_username="dondoc_bot")
    seed = await seed_plan(database)
    admin = Chat(Dispatcher(app), ADMIN_ID)
    await admin.send("/invite focal Sở Y tế")
    code = admin.text.split("/start ")[1].split()[0]
    assert f"https://t.me/dondoc_bot?start={code}" in admin.text
    assert seed.health


async def test_a_coordinator_of_an_agency_that_follows_no_plan_is_told_so(world) -> None:
    """/weekly, /overdue, /report and /nudge answer only for the plans the agency coordinates:
    the welcome promises them only then, and otherwise says whom to ask."""
    app, seed = world
    followed = await enrol(app, seed.industry, "701", Role.COORDINATOR)  # the plan's coordinator
    assert "/weekly" in followed.text and "chưa là cơ quan đầu mối" not in followed.text
    nothing = Chat(Dispatcher(app), "702")
    await nothing.send("/start " + await make_invite(app.db, seed.health, Role.COORDINATOR))
    assert nothing.text == t(
        "vi",
        "start-welcome-coordinator-no-plan",
        role=t("vi", "role-coordinator"),
        agency="Sở Y tế",
    )
    await nothing.send("/weekly")
    assert nothing.text == t("vi", "plans-none")
