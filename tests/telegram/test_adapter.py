"""The Telegram adapter on its own: how updates become `Incoming` and how `Outgoing` is rendered,
with a scripted dispatcher in place of the chat core (the chat core's own flows are in
test_end_to_end.py)."""

from __future__ import annotations

import asyncio
import logging
import unicodedata

import pytest

from bot.channels.base import (
    Choice,
    Incoming,
    OutFile,
    Outgoing,
    RateLimited,
    RecipientUnreachable,
    TransientChannelError,
)
from bot.channels.telegram import TelegramChannel
from bot.channels.telegram import channel as channel_module
from bot.settings import SettingsError
from tests.fakes.telegram_api import BOT_ID, FakeTelegram
from tests.telegram.conftest import running, telegram_app, telegram_settings

LONG_VALUE = "update:" + "9" * 80  # 87 bytes: more than callback_data holds


class Scripted:
    """Answers by the command or choice it receives, and records every Incoming."""

    def __init__(self) -> None:
        self.seen: list[Incoming] = []

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        self.seen.append(incoming)
        if incoming.choice == "file":
            chart = OutFile("chart.png", b"\x89PNG")
            return [Outgoing("Biểu đồ", image=chart, edit_previous=True)]
        if incoming.choice == "next":
            return [Outgoing("Trang 2", choices=[Choice("back", "Quay lại")], edit_previous=True)]
        if incoming.choice is not None:
            return [Outgoing(f"Đã chọn {incoming.choice}")]
        command = incoming.command
        if command and command[0] == "ask":
            choices = [
                Choice("done", "Hoàn thành"),
                Choice("blocked", "Gặp khó khăn, vướng mắc"),
                Choice(LONG_VALUE, "Nhiệm vụ dài"),
                Choice("next", "Trang sau"),
                Choice("file", "Biểu đồ"),
            ]
            return [
                Outgoing(
                    "Trạng thái <của> bạn?", title="Báo cáo & tiến độ", choices=choices, columns=2
                )
            ]
        if command and command[0] == "long":
            return [Outgoing("\n".join(f"Dòng {n}: " + "x" * 90 for n in range(120)))]
        if command and command[0] == "files":
            return [
                Outgoing(
                    "Báo cáo kỳ này",
                    document=OutFile("bao-cao.docx", b"DOCX", caption="Báo cáo <quý>"),
                    image=OutFile("chart.png", b"\x89PNG"),
                )
            ]
        if command and command[0] == "slow":
            await asyncio.sleep(1.3)
        if command and command[0] == "boom":
            raise RuntimeError("handler bug")
        return [Outgoing(f"Bạn viết: {incoming.text}")]


async def test_text_command_and_escaping(tg: FakeTelegram) -> None:
    handler = Scripted()
    async with running(telegram_settings(tg), handler):
        tg.push_text("chào <b>bot</b> & bạn", user_id=5, name="Lan", language="en")
        call = await tg.wait_for("sendMessage", chat_id=5)
    assert call.params["parse_mode"] == "HTML"
    assert call.text == "Bạn viết: chào &lt;b&gt;bot&lt;/b&gt; &amp; bạn"
    incoming = handler.seen[0]
    assert (incoming.chat_id, incoming.user_id, incoming.display_name) == ("5", "5", "Lan")
    assert incoming.language == "en" and not incoming.is_group
    assert incoming.message_id is not None and incoming.message_id.isdigit()


async def test_choices_keyboard_press_and_answer_shown(tg: FakeTelegram) -> None:
    handler = Scripted()
    async with running(telegram_settings(tg), handler):
        tg.push_text("/ask", user_id=7)
        question = await tg.wait_for("sendMessage", chat_id=7)
        rows = question.params["reply_markup"]["inline_keyboard"]
        assert [len(row) for row in rows] == [2, 2, 1]
        assert question.text.startswith("<b>Báo cáo &amp; tiến độ</b>\nTrạng thái &lt;của&gt;")
        assert all(len(b["callback_data"].encode()) <= 64 for b in question.buttons)

        tg.press(question, "Nhiệm vụ dài")
        edited = await tg.wait_for("editMessageText", chat_id=7)
        await tg.wait_for("sendMessage", chat_id=7, count=2)
    assert handler.seen[-1].choice == LONG_VALUE  # the short key came back as the value
    assert handler.seen[-1].message_id is not None and handler.seen[-1].message_id.startswith(
        "callback:"
    )
    assert tg.calls_to("answerCallbackQuery")
    assert "reply_markup" not in edited.params  # keyboard removed
    assert edited.text == (
        "<b>Báo cáo &amp; tiến độ</b>\nTrạng thái &lt;của&gt; bạn?\n→ <b>Nhiệm vụ dài</b>"
    )
    assert tg.sent(7)[-1].text == f"Đã chọn {LONG_VALUE}"


async def test_edit_previous_replaces_the_question(tg: FakeTelegram) -> None:
    async with running(telegram_settings(tg), Scripted()):
        tg.push_text("/ask", user_id=8)
        question = await tg.wait_for("sendMessage", chat_id=8)
        tg.press(question, "Trang sau")
        edited = await tg.wait_for("editMessageText", chat_id=8)
    assert edited.text == "Trang 2"
    assert edited.buttons == [{"text": "Quay lại", "callback_data": "back"}]
    assert len(tg.sent(8)) == 1  # edited in place, nothing new sent


async def test_forgotten_button_key_is_answered_not_dispatched(tg: FakeTelegram) -> None:
    handler = Scripted()
    async with running(telegram_settings(tg), handler):
        tg.push_text("/ask", user_id=9)
        question = await tg.wait_for("sendMessage", chat_id=9)
    async with running(telegram_settings(tg), handler):  # a new process: keys are gone
        tg.press(question, "Nhiệm vụ dài")
        answer = await tg.wait_for("answerCallbackQuery")
    assert answer.params["show_alert"] is True
    assert "cũ" in answer.params["text"]
    assert all(incoming.choice is None for incoming in handler.seen)


async def test_long_message_split_on_lines(tg: FakeTelegram) -> None:
    async with running(telegram_settings(tg), Scripted()):
        tg.push_text("/long", user_id=10)
        await tg.wait_for("sendMessage", chat_id=10, count=3)
        await asyncio.sleep(0.2)
    texts = [call.text for call in tg.sent(10)]
    assert len(texts) == 3 and all(len(text) <= 4096 for text in texts)
    assert all(line.startswith("Dòng ") for text in texts for line in text.split("\n"))
    assert "\n".join(texts).count("Dòng ") == 120


async def test_document_and_photo_sent_and_downloaded_back(tg: FakeTelegram) -> None:
    # The base URL in its "{token}" form (as for Telegram's test server); files follow it.
    settings = telegram_settings(tg, telegram_base_url=tg.base_url + "{token}")
    async with running(settings, Scripted()) as channel:
        tg.push_text("/files", user_id=11)
        photo = await tg.wait_for("sendPhoto", chat_id=11)
        document = tg.calls_to("sendDocument", 11)[0]
        file_id = document.result["document"]["file_id"]
        from bot.channels.base import FileRef

        assert await channel.download(FileRef(file_id)) == b"DOCX"
    assert tg.calls_to("sendMessage", 11)[0].text == "Báo cáo kỳ này"
    assert document.params["caption"] == "Báo cáo &lt;quý&gt;"
    assert document.params["document"]["file_name"] == "bao-cao.docx"
    assert photo.params["photo"]["data"] == b"\x89PNG"


async def test_document_and_photo_arrive_as_file_refs(tg: FakeTelegram) -> None:
    handler = Scripted()
    async with running(telegram_settings(tg), handler):
        tg.push_document(b"xlsx", "ke-hoach.xlsx", user_id=12, caption="/import")
        tg.push_photo(user_id=12)
        await tg.wait_for("sendMessage", chat_id=12, count=2)
    document, photo = handler.seen
    assert document.text == "/import" and document.file is not None
    assert (document.file.kind, document.file.name, document.file.size) == (
        "document",
        "ke-hoach.xlsx",
        4,
    )
    assert photo.file is not None and photo.file.kind == "photo"


async def test_group_reads_commands_and_replies_only(tg: FakeTelegram) -> None:
    handler = Scripted()
    async with running(telegram_settings(tg), handler):
        tg.push_text("mọi người ơi họp lúc 9h", user_id=21, chat_id=-100)
        tg.push_text("/help@other_bot", user_id=21, chat_id=-100)
        tg.push_text("/help@dondoc_test_bot", user_id=21, chat_id=-100)
        reply = await tg.wait_for("sendMessage", chat_id=-100)
        bot_message = reply.result
        tg.push_text("trả lời bot", user_id=22, chat_id=-100, reply_to=bot_message)
        await tg.wait_for("sendMessage", chat_id=-100, count=2)
        await asyncio.sleep(0.2)
    assert [i.text for i in handler.seen] == ["/help@dondoc_test_bot", "trả lời bot"]
    assert all(i.is_group and i.chat_id == "-100" for i in handler.seen)
    assert reply.params["reply_parameters"]["message_id"] > 0  # answers the member's message
    assert bot_message["from"]["id"] == BOT_ID


async def test_unsupported_message_and_dispatcher_failure_answered(tg: FakeTelegram) -> None:
    async with running(telegram_settings(tg), Scripted()):
        tg.push_update(
            {
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 13, "type": "private"},
                    "from": {"id": 13, "is_bot": False, "first_name": "A", "language_code": "en"},
                    "sticker": {
                        "file_id": "s",
                        "file_unique_id": "s",
                        "type": "regular",
                        "width": 1,
                        "height": 1,
                        "is_animated": False,
                        "is_video": False,
                    },
                }
            }
        )
        unsupported = await tg.wait_for("sendMessage", chat_id=13)
        tg.push_text("/boom", user_id=13)
        apology = await tg.wait_for("sendMessage", chat_id=13, count=2)
    assert unsupported.text.startswith("Sorry, I can only read")
    assert apology.text == "Đã có lỗi xảy ra. Xin vui lòng thử lại sau."


async def test_send_maps_platform_errors(tg: FakeTelegram) -> None:
    async with running(telegram_settings(tg), Scripted()) as channel:
        assert await channel.send("31", Outgoing("xin chào")) is not None
        tg.fail_chat(31, 429, retry_after=7)
        with pytest.raises(RateLimited) as limited:
            await channel.send("31", Outgoing("xin chào"))
        tg.fail_chat(31, 403)
        with pytest.raises(RecipientUnreachable) as blocked:
            await channel.send("31", Outgoing("xin chào"))
        tg.fail_chat(31, 500)
        with pytest.raises(TransientChannelError) as broken:
            await channel.send("31", Outgoing("xin chào"))
    assert limited.value.retry_after == 7
    assert limited.value.answer is not None and "7" in limited.value.answer
    assert blocked.value.answer == "Forbidden: bot was blocked by the user"
    assert broken.value.answer == "Internal Server Error"


async def test_commands_published_in_both_languages(tg: FakeTelegram) -> None:
    async with running(telegram_settings(tg), Scripted()) as channel:
        assert channel.username == "dondoc_test_bot"
    calls = tg.calls_to("setMyCommands")
    everyone = [c for c in calls if "scope" not in c.params]
    assert {c.params.get("language_code") for c in everyone} == {None, "en"}
    admin = [c for c in calls if c.params.get("scope", {}).get("chat_id") == 900]
    assert {c.params.get("language_code") for c in admin} == {None, "en"}
    assert all(c.params["commands"] for c in calls)


async def test_token_never_logged(tg: FakeTelegram, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with running(telegram_settings(tg), Scripted()) as channel:
        tg.push_text("/ask", user_id=14)
        await tg.wait_for("sendMessage", chat_id=14)
        tg.fail_chat(14, 500)
        with pytest.raises(TransientChannelError):
            await channel.send("14", Outgoing("x"))
    assert caplog.records  # PTB and httpx did log
    assert tg.token not in caplog.text
    assert tg.token.split(":")[1] not in caplog.text


async def test_refused_token_is_a_settings_error_and_stop_is_safe(tg: FakeTelegram) -> None:
    settings = telegram_settings(tg, telegram_bot_token="999:WRONG")
    channel = TelegramChannel(telegram_app(settings), Scripted())
    assert channel.username is None
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        await channel.start()
    await channel.stop()  # what `dondoc run` does on its way out
    assert tg.calls == []  # nothing got past getMe


async def test_an_answer_with_a_file_is_sent_not_edited_in(tg: FakeTelegram) -> None:
    async with running(telegram_settings(tg), Scripted()):
        tg.push_text("/ask", user_id=16)
        question = await tg.wait_for("sendMessage", chat_id=16)
        tg.press(question, "Biểu đồ")
        photo = await tg.wait_for("sendPhoto", chat_id=16)
    edited = tg.calls_to("editMessageText", 16)
    assert len(edited) == 1 and edited[0].text.endswith("→ <b>Biểu đồ</b>")
    assert photo.params["photo"]["data"] == b"\x89PNG"
    assert [c.text for c in tg.calls_to("sendMessage", 16)][-1] == "Biểu đồ"


async def test_a_reply_waits_out_a_short_flood_pause(tg: FakeTelegram) -> None:
    async with running(telegram_settings(tg), Scripted()):
        tg.fail_chat(15, 429, retry_after=1)
        tg.push_text("xin chào", user_id=15)
        reply = await tg.wait_for("sendMessage", chat_id=15)
    refused = [c for c in tg.calls if c.method == "sendMessage" and c.status == 429]
    assert len(refused) == 1 and reply.at - refused[0].at >= 0.9
    assert reply.text == "Bạn viết: xin chào"


async def test_slow_work_shows_typing_and_text_arrives_nfc(tg: FakeTelegram) -> None:
    handler = Scripted()
    async with running(telegram_settings(tg), handler):
        nfd = unicodedata.normalize("NFD", "Hoàn thành")  # as some phone keyboards send it
        tg.push_text(nfd, user_id=17)
        await tg.wait_for("sendMessage", chat_id=17)
        tg.push_text("/slow", user_id=17)
        typing = await tg.wait_for("sendChatAction", chat_id=17)
        await tg.wait_for("sendMessage", chat_id=17, count=2)
    assert typing.params["action"] == "typing"
    assert len(tg.calls_to("sendChatAction")) == 1  # the quick message showed none
    assert handler.seen[0].text == unicodedata.normalize("NFC", "Hoàn thành")


async def test_a_slow_chat_holds_up_only_itself(tg: FakeTelegram) -> None:
    async with running(telegram_settings(tg), Scripted()):
        tg.push_text("/slow", user_id=18)
        tg.push_text("sau đó", user_id=18)
        tg.push_text("tôi không phải chờ", user_id=19)
        await tg.wait_for("sendMessage", chat_id=18, count=2)
    order = [(c.chat_id, c.text) for c in tg.sent()]
    assert order == [
        ("19", "Bạn viết: tôi không phải chờ"),
        ("18", "Bạn viết: /slow"),
        ("18", "Bạn viết: sau đó"),
    ]


async def test_replies_in_a_group_keep_to_its_rate(
    tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(channel_module, "GROUP_WINDOW", 1.0)  # 2 a second instead of a minute
    settings = telegram_settings(tg, telegram_rate_per_group_minute=2)
    async with running(settings, Scripted()):
        for n in range(4):
            tg.push_text(f"/help@dondoc_test_bot {n}", user_id=40, chat_id=-400)
        await tg.wait_for("sendMessage", chat_id=-400, count=4)
    times = [call.at for call in tg.sent(-400)]
    assert times[1] - times[0] < 0.45  # a burst up to the rate goes at once (pace: 0.5 s)
    assert times[3] - times[0] >= 0.8  # then one every half second
