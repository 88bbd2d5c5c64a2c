"""dondoc on Telegram end to end: the real Dispatcher and services on a real database, behind the
real TelegramChannel and python-telegram-bot's HTTP stack, against the fake Bot API server."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models import ConversationState, ConversationStatus, Role, StatusUpdate, UpdateStatus
from bot.i18n import t
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import telegram_settings
from tests.telegram.e2e import User, bot, button_starting, enrolled, invite_code, seed_plan, shown


def role_name(locale: str, role: str) -> str:
    return t(locale, f"role-{role}")


async def test_enrolment_with_good_used_and_expired_codes(
    tg: FakeTelegram, sqlite_database: Database
) -> None:
    db = sqlite_database
    seed = await seed_plan(db)
    good = await invite_code(db, seed.agency_id, Role.FOCAL)
    expired = await invite_code(
        db, seed.agency_id, Role.FOCAL, age=timedelta(days=8), valid_for=timedelta(days=7)
    )
    first, second, third, stranger = (User(tg, uid) for uid in (201, 202, 203, 204))
    async with bot(telegram_settings(tg), db):
        welcome = await first.says(f"/start {good}")
        used = await second.says(f"/start {good}")
        too_late = await third.says(f"/start {expired}")
        unknown = await stranger.says("/start NOTACODE23")
        hello = await stranger.says("xin chào")
        tasks = await stranger.says("/tasks")
    assert shown(welcome) == t(
        "vi", "start-welcome", role=role_name("vi", "focal"), agency="Sở Tài chính"
    )
    assert shown(used) == t("vi", "start-code-used")
    assert shown(too_late) == t("vi", "start-code-expired")
    assert shown(unknown) == t("vi", "start-code-unknown")
    assert shown(hello) == shown(tasks) == t("vi", "stranger")


async def test_full_status_form_by_buttons_then_edit_and_cancel(
    tg: FakeTelegram, database: Database
) -> None:
    seed = await seed_plan(database)
    lan = User(tg, 301)
    async with bot(telegram_settings(tg), database):
        await enrolled(lan, database, seed.agency_id, Role.FOCAL)
        pick = await lan.says("/update")
        assert [b["text"][:3] for b in pick.buttons[:2]] == ["1.1", "1.2"]  # not Sở Y tế's 2.1
        task_label = button_starting(pick, "1.1")
        status = await lan.presses(pick, task_label)
        assert shown(lan.edited(pick)).endswith(f"→ {task_label}")
        assert lan.edited(pick).params.get("reply_markup") is None
        assert "&lt;cấp tỉnh&gt; &amp;" in status.text  # the task's own text, escaped

        percent = await lan.presses(status, t("vi", "status-in-progress"))
        assert shown(lan.edited(status)).endswith("→ " + t("vi", "status-in-progress"))
        wrong = await lan.says("bảy mươi")
        assert wrong.params["text"] != percent.params["text"]  # asked again, with the reason
        await lan.says("70 %")
        obstacles = await lan.says("Đã tổ chức 2 hội thảo <trực tuyến>")
        await lan.presses(obstacles, t("vi", "form-skip"))
        attachment = await lan.says("Bổ sung kinh phí")
        photo_id, summary = await lan.sends_photo()
        assert shown(summary).count("Đã tổ chức 2 hội thảo <trực tuyến>") == 1
        assert summary.text.count("&lt;trực tuyến&gt;") == 1
        assert attachment.buttons  # skip / back / cancel offered as buttons
        done = await lan.presses(summary, t("vi", "update-submit"))
        assert shown(lan.edited(summary)).endswith("→ " + t("vi", "update-submit"))

        async with database.session() as session:
            first = (await session.scalars(select(StatusUpdate))).one()
        assert (first.status, first.percent, first.obstacles) == (
            UpdateStatus.IN_PROGRESS,
            70,
            None,
        )
        assert first.result == "Đã tổ chức 2 hội thảo <trực tuyến>"
        assert first.proposals == "Bổ sung kinh phí"
        assert first.attachments[0]["file_id"] == photo_id
        assert first.assignment_id == seed.assignment_ids["1.1"]
        assert done.text and not done.buttons

        # Edit: the same task again opens the report; change the percent; a new version.
        pick = await lan.says("/update")
        summary = await lan.presses(pick, button_starting(pick, "1.1"))
        fields = await lan.presses(summary, t("vi", "update-edit"))
        percent = await lan.presses(fields, t("vi", "update-field-percent"))
        summary = await lan.says("90%")
        await lan.presses(summary, t("vi", "update-submit"))

        # Cancel in the middle of a new form.
        pick = await lan.says("/update")
        status = await lan.presses(pick, button_starting(pick, "1.2"))
        cancelled = await lan.presses(status, t("vi", "form-cancel"))

    assert shown(cancelled) == t("vi", "form-cancelled")
    async with database.session() as session:
        versions = (await session.scalars(select(StatusUpdate).order_by(StatusUpdate.id))).all()
        states = (await session.scalars(select(ConversationState))).all()
    assert [(v.percent, v.version) for v in versions] == [(70, 1), (90, 2)]
    assert versions[1].supersedes_id == versions[0].id
    assert versions[1].result == versions[0].result
    assert all(state.status != ConversationStatus.ACTIVE for state in states)


async def test_restart_in_the_middle_of_a_form(tg: FakeTelegram, sqlite_database: Database) -> None:
    seed = await seed_plan(sqlite_database)
    lan = User(tg, 401)
    settings = telegram_settings(tg)
    async with bot(settings, sqlite_database):
        await enrolled(lan, sqlite_database, seed.agency_id, Role.FOCAL)
        pick = await lan.says("/update")
        status = await lan.presses(pick, button_starting(pick, "1.2"))
    # A new process: a new engine on the same database file, a new dispatcher and channel;
    # the button pressed now was sent by the process before.
    again = Database(sqlite_database.url)
    try:
        async with bot(settings, again):
            await lan.presses(status, t("vi", "status-blocked"))
            assert shown(lan.edited(status)).endswith("→ " + t("vi", "status-blocked"))
            result = await lan.says("40")
            obstacles = await lan.says("Đã chuẩn bị nội dung")
            proposals = await lan.says("Chưa có kinh phí")
            attachment = await lan.presses(proposals, t("vi", "form-skip"))
            summary = await lan.presses(attachment, t("vi", "form-skip"))
            await lan.presses(summary, t("vi", "update-submit"))
    finally:
        await again.dispose()
    assert result.buttons and obstacles.buttons
    async with sqlite_database.session() as session:
        saved = (await session.scalars(select(StatusUpdate))).one()
    assert (saved.status, saved.percent, saved.result, saved.obstacles) == (
        UpdateStatus.BLOCKED,
        40,
        "Đã chuẩn bị nội dung",
        "Chưa có kinh phí",
    )
    assert saved.assignment_id == seed.assignment_ids["1.2"]


async def test_roles_refused_where_they_should_be(
    tg: FakeTelegram, sqlite_database: Database
) -> None:
    db = sqlite_database
    seed = await seed_plan(db)
    focal, coordinator, admin = User(tg, 501), User(tg, 502), User(tg, 900)
    async with bot(telegram_settings(tg), db):
        await enrolled(focal, db, seed.agency_id, Role.FOCAL)
        await enrolled(coordinator, db, seed.coordinating_id, Role.COORDINATOR)
        refused = {
            command: await focal.says(f"/{command}")
            for command in ("import", "invite", "people", "overdue", "weekly", "report")
        }
        coordinator_import = await coordinator.says("/import")
        coordinator_invite = await coordinator.says("/invite")
        admin_people = await admin.says("/people")
    for command, answer in refused.items():
        assert shown(answer) == t("vi", "not-allowed-command", command=command)
    assert shown(coordinator_import) == t("vi", "not-allowed-command", command="import")
    assert shown(coordinator_invite) == t("vi", "not-allowed-command", command="invite")
    assert shown(admin_people) != t("vi", "not-allowed-command", command="people")


async def test_group_chat(tg: FakeTelegram, sqlite_database: Database) -> None:
    db = sqlite_database
    seed = await seed_plan(db)
    lan = User(tg, 601)
    lan_in_group = User(tg, 601, chat_id=-1001)
    outsider = User(tg, 602, chat_id=-1001, name="Nam")
    async with bot(telegram_settings(tg), db):
        await enrolled(lan, db, seed.agency_id, Role.FOCAL)
        tg.push_text("Chiều nay họp nhé", user_id=602, chat_id=-1001)
        tg.push_text("/tasks@another_bot", user_id=601, chat_id=-1001)
        tasks = await lan_in_group.says("/tasks@dondoc_test_bot")
        refused = await outsider.says("/update")
        tg.push_text("cho tôi báo cáo với", user_id=602, chat_id=-1001, reply_to=tasks.result)
        pick = await lan_in_group.says("/update")
        status = await lan_in_group.presses(pick, button_starting(pick, "1.1"))
        tg.press(status, t("vi", "status-done"), user_id=602)  # not Nam's question
        alert = await tg.wait_for("answerCallbackQuery", count=2)
        percent = await lan_in_group.presses(status, t("vi", "status-in-progress"))
        result = await lan_in_group.says("50", reply_to=percent)
    sent = [c.text for c in tg.sent(-1001)]
    assert sent == [tasks.text, refused.text, pick.text, status.text, percent.text, result.text]
    assert "1.1" in shown(tasks) and "2.1" not in shown(tasks)
    assert shown(refused) == t("vi", "stranger")
    assert tasks.params["reply_parameters"]["message_id"] > 0
    assert result.buttons and shown(result) != shown(percent)
    assert alert.params["text"] == t("vi", "telegram-not-your-question")
    assert shown(lan_in_group.edited(status)).endswith("→ " + t("vi", "status-in-progress"))
    assert len(tg.calls_to("editMessageText", -1001)) == 2  # Lan's two presses only


async def test_vietnamese_and_english(tg: FakeTelegram, sqlite_database: Database) -> None:
    db = sqlite_database
    seed = await seed_plan(db)
    anna = User(tg, 701, name="Anna", language="en")
    stranger = User(tg, 702, language="en")
    async with bot(telegram_settings(tg), db):
        unknown = await stranger.says("hello")
        welcome = await enrolled(anna, db, seed.agency_id, Role.FOCAL)
        pick = await anna.says("/update")
        status = await anna.presses(pick, button_starting(pick, "1.1"))
        switched = await anna.says("/lang vi")
        cancel = await anna.says("/cancel")
    assert shown(unknown) == t("en", "stranger") != t("vi", "stranger")
    assert shown(welcome) == t(
        "en", "start-welcome", role=role_name("en", "focal"), agency="Sở Tài chính"
    )
    assert [b["text"] for b in status.buttons][:2] == [
        t("en", "status-not-started"),
        t("en", "status-in-progress"),
    ]
    assert shown(switched) == t("vi", "lang-set", language=t("vi", "language-vi"))
    assert cancel.text


async def test_commands_menu_published_in_both_languages(
    tg: FakeTelegram, sqlite_database: Database
) -> None:
    from handlers.commands import command_menu

    async with bot(telegram_settings(tg), sqlite_database):
        pass
    published = {
        (c.params.get("language_code"), c.params.get("scope", {}).get("type", "default")): [
            (command["command"], command["description"]) for command in c.params["commands"]
        ]
        for c in tg.calls_to("setMyCommands")
    }
    assert published[(None, "default")] == command_menu("focal", "vi")
    assert published[("en", "default")] == command_menu("focal", "en")
    assert published[(None, "chat")] == command_menu("admin", "vi")
    assert published[("en", "chat")] == command_menu("admin", "en")
    assert published[(None, "default")] != published[("en", "default")]
