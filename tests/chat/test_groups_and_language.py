"""Group chats, and Vietnamese and English."""

from __future__ import annotations

from handlers.dispatcher import Dispatcher
from tests.chat.conftest import Chat, enrol, make_invite, stored_updates
from tests.forms import finish_update_form

GROUP = "-100200"


async def test_group_chat_rules(world) -> None:
    app, seed = world
    stranger = Chat(Dispatcher(app), "900900", chat_id=GROUP, is_group=True)
    assert await stranger.send("chào mọi người") == []  # chatter is not for the bot
    await stranger.send("/update")
    assert "mã mời" in stranger.text  # a command from a stranger: the explanation only
    await stranger.send(f"/start {await make_invite(app.db, seed.health)}")
    assert "tin nhắn riêng" in stranger.text  # codes are not sent in groups

    await enrol(app, seed.industry, "111")
    member = Chat(Dispatcher(app), "111", chat_id=GROUP, is_group=True)
    assert await member.send("hôm nay họp lúc mấy giờ?") == []
    await member.send("/update")
    await member.pick("Đang thực hiện")
    await finish_update_form(member.send, percent="50", result="Đang triển khai")
    assert "Đã lưu" in member.text
    [update] = await stored_updates(app.db)
    assert update.percent == 50
    # The form lived in the group chat only: the private chat has none open.
    private = Chat(Dispatcher(app), "111")
    await private.send("/cancel")
    assert "Không có biểu mẫu" in private.text


async def test_english_person_gets_english_and_local_numbers(world) -> None:
    app, seed = world
    person = Chat(Dispatcher(app), "111", language="en-US")
    await person.send("hello")
    assert "invite code" in person.text
    await person.send(f"/start {await make_invite(app.db, seed.industry)}")
    assert "Welcome" in person.text and "focal point" in person.text
    await person.send("/update")
    assert "What is its status?" in person.text
    await person.pick("In progress")
    await person.send("70")
    await person.send("x" * 1500)
    assert "1,500" in person.text and "1,000" in person.text
    await person.send("Held 2 workshops")
    await person.send("skip")
    await person.pick("Skip")
    await person.send("skip")
    assert "Submit this report?" in person.text
    await person.pick("Submit")
    assert "saved (version 1)" in person.text


async def test_lang_switches_per_person(world) -> None:
    app, seed = world
    person = await enrol(app, seed.industry, "111")
    await person.send("/lang en")
    assert "English" in person.text
    await person.send("/whoami")
    assert "Role: focal point" in person.text and "Sở Công Thương" in person.text
    other = await enrol(app, seed.health, "222")
    await other.send("/whoami")
    assert "Vai trò: cán bộ đầu mối" in other.text
    await person.send("/lang fr")
    assert "/lang vi" in person.text
    await person.send("/lang vi")
    assert "Tiếng Việt" in person.text
