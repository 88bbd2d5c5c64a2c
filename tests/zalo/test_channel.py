"""The Zalo channel against the fake Zalo Bot API: receiving, rendering, faults.

A small recording handler stands in for the chat core here, so that each test sees exactly the
`Incoming` the channel built; tests/zalo/test_end_to_end.py runs the real Dispatcher.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from urllib.parse import unquote

import pytest

from bot.app import App
from bot.channels.base import (
    ChannelError,
    Choice,
    FileRef,
    Incoming,
    OutFile,
    Outgoing,
    RateLimited,
    TransientChannelError,
)
from bot.clock import Clock
from bot.db.engine import Database
from bot.i18n import t
from tests.fakes.zalo_api import BOT_NAME, TOKEN, FakeZalo
from tests.zalo.conftest import ChannelFactory, make_settings

STATUS_CHOICES = [
    Choice("status:done", "Hoàn thành"),
    Choice("status:in_progress", "Đang thực hiện"),
    Choice("status:blocked", "Gặp khó khăn, vướng mắc"),
]


class Recorder:
    """Answers every message with one reply, and remembers what it was given."""

    def __init__(self, reply: Outgoing | None = None) -> None:
        self.seen: list[Incoming] = []
        self.reply = reply
        self.arrived = asyncio.Event()

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        self.seen.append(incoming)
        self.arrived.set()
        return [self.reply or Outgoing(f"ok: {incoming.text or incoming.choice}")]

    async def wait(self, count: int = 1, timeout: float = 10) -> list[Incoming]:
        async def enough() -> None:
            while len(self.seen) < count:
                self.arrived.clear()
                await self.arrived.wait()

        await asyncio.wait_for(enough(), timeout)
        return self.seen


@pytest.fixture
def fast_app(zalo: FakeZalo, tmp_path: Path, sqlite_database: Database) -> App:
    settings = make_settings(zalo, tmp_path)
    return App(settings=settings, db=sqlite_database, clock=Clock(settings.timezone))


async def test_polling_turns_an_update_into_an_incoming_and_replies(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    recorder = Recorder()
    channel = await start_channel(fast_app, recorder)
    await asyncio.wait_for(channel.ready.wait(), 5)
    assert zalo.calls[0].method == "getMe"
    assert zalo.calls[1].method == "deleteWebhook"  # polling and a webhook exclude each other

    message_id = zalo.push_text("Xin chào bot", user_id="u-lan", name="Nguyễn Thị Lan")
    [incoming] = await recorder.wait()
    assert incoming.channel == "zalo"
    assert (incoming.chat_id, incoming.user_id) == ("u-lan", "u-lan")
    assert incoming.message_id == message_id
    assert incoming.display_name == "Nguyễn Thị Lan"
    assert incoming.is_group is False
    assert abs((incoming.received_at - fast_app.clock.now()).total_seconds()) < 60  # ms → s
    reply = await zalo.wait_for("sendMessage", chat_id="u-lan")
    assert reply.text == "ok: Xin chào bot"


async def test_idle_polling_does_not_spin(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    # The fake answers 408 at once when asked to wait 0 s: the pause must keep the loop calm.
    channel = await start_channel(fast_app, Recorder(), poll_timeout=0, idle_pause=0.2)
    await asyncio.wait_for(channel.ready.wait(), 5)
    await asyncio.sleep(1.0)
    polls = len([c for c in zalo.calls if c.method == "getUpdates"])
    assert 0 < polls <= 10  # about one per pause, not hundreds


async def test_a_repeated_message_id_is_handled_once(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    recorder = Recorder()
    await start_channel(fast_app, recorder)
    first = zalo.message(text="lần một", user_id="u-lan")
    zalo.push_update("message.text.received", first)
    zalo.push_update("message.text.received", dict(first))  # the same delivery again
    zalo.push_text("lần hai", user_id="u-lan")
    await recorder.wait(2)
    await zalo.wait_for("sendMessage", chat_id="u-lan", count=2)
    await asyncio.sleep(0.3)
    assert [i.text for i in recorder.seen] == ["lần một", "lần hai"]
    assert len(zalo.calls_to("sendMessage", "u-lan")) == 2


async def test_in_a_group_only_mentions_are_answered_and_the_mention_is_stripped(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    recorder = Recorder()
    await start_channel(fast_app, recorder)
    group = {"chat_id": "g-so-cong-thuong", "group": True, "user_id": "u-lan"}
    zalo.push_text("mọi người ơi họp lúc 8 giờ", **group)
    zalo.push_text(f"@{BOT_NAME} tiến độ thế nào?", **group)
    zalo.push_text("@don doc help", **group)  # typed without accents
    seen = await recorder.wait(2)
    await asyncio.sleep(0.3)
    assert [i.text for i in seen] == ["tiến độ thế nào?", "/help"]
    assert all(i.is_group and i.chat_id == "g-so-cong-thuong" for i in seen)
    await zalo.wait_for("sendMessage", chat_id="g-so-cong-thuong", count=2)
    assert zalo.sent("u-lan") == []


async def test_stickers_and_unsupported_messages_get_a_polite_reply(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    recorder = Recorder()
    await start_channel(fast_app, recorder)
    zalo.push_sticker(user_id="u-lan")
    first = await zalo.wait_for("sendMessage", chat_id="u-lan")
    zalo.push_unsupported(user_id="u-lan")
    second = await zalo.wait_for("sendMessage", chat_id="u-lan", count=2)
    assert first.text == t("vi", "zalo-sticker-reply")
    assert second.text == t("vi", "zalo-unsupported-reply")
    assert recorder.seen == []


async def test_a_picture_arrives_as_an_attachment_with_its_url(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    recorder = Recorder()
    await start_channel(fast_app, recorder)
    zalo.push_image("https://photo.zdn.vn/bien-ban.jpg", caption="Biên bản", user_id="u-lan")
    [incoming] = await recorder.wait()
    assert incoming.file is not None
    assert incoming.file.url == "https://photo.zdn.vn/bien-ban.jpg"
    assert incoming.file.kind == "photo"
    assert incoming.text == "Biên bản"


async def test_choices_are_numbered_lines_and_a_reply_maps_back_by_number_or_words(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    recorder = Recorder(Outgoing("Tình trạng nhiệm vụ 1.2?", choices=STATUS_CHOICES))
    channel = await start_channel(fast_app, recorder)
    await asyncio.wait_for(channel.ready.wait(), 5)
    await channel.send("u-lan", Outgoing("Tình trạng nhiệm vụ 1.2?", choices=STATUS_CHOICES))
    shown = await zalo.wait_for("sendMessage", chat_id="u-lan")
    assert "1. Hoàn thành\n2. Đang thực hiện\n3. Gặp khó khăn, vướng mắc" in shown.text

    zalo.push_text("2", user_id="u-lan")
    zalo.push_text("HOAN THANH", user_id="u-lan")
    zalo.push_text("gặp khó khăn, vướng mắc.", user_id="u-lan")
    zalo.push_text("7", user_id="u-lan")  # no such line: stays text
    seen = await recorder.wait(4)
    assert [i.choice for i in seen] == [
        "status:in_progress",
        "status:done",
        "status:blocked",
        None,
    ]
    assert seen[3].text == "7"


async def test_a_menu_is_forgotten_once_a_message_without_choices_is_sent(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    recorder = Recorder(Outgoing("Tỷ lệ hoàn thành (%)?"))
    channel = await start_channel(fast_app, recorder)
    await channel.send("u-lan", Outgoing("Chọn", choices=STATUS_CHOICES))
    zalo.push_text("1", user_id="u-lan")  # picks, and the reply (no choices) clears the menu
    zalo.push_text("2", user_id="u-lan")  # now a plain "2"
    seen = await recorder.wait(2)
    assert (seen[0].choice, seen[1].choice, seen[1].text) == ("status:done", None, "2")


async def test_a_long_message_is_split_on_line_boundaries_in_order(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    channel = await start_channel(fast_app, Recorder())
    lines = [f"{n}. Sở Công Thương đã triển khai nhiệm vụ {n} đúng tiến độ." for n in range(120)]
    await channel.send("u-lan", Outgoing("\n".join(lines), title="BÁO CÁO TIẾN ĐỘ"))
    parts = [c.text for c in zalo.calls_to("sendMessage", "u-lan")]
    assert len(parts) >= 3
    assert all(1 <= len(p) <= 2000 for p in parts)
    received = "\n".join(parts).split("\n")
    assert received[0] == "BÁO CÁO TIẾN ĐỘ"
    assert [line for line in received if line and line != "BÁO CÁO TIẾN ĐỘ"] == lines


async def test_a_report_goes_as_its_summary_plus_a_link_when_files_are_public(
    zalo: FakeZalo, tmp_path: Path, sqlite_database: Database, start_channel: ChannelFactory
) -> None:
    settings = make_settings(zalo, tmp_path, public_files_base_url="https://files.example.vn/d/")
    app = App(settings=settings, db=sqlite_database, clock=Clock(settings.timezone))
    channel = await start_channel(app, Recorder())
    report = Outgoing(
        "Báo cáo kỳ Năm 2025: 12/16 nhiệm vụ hoàn thành.",
        document=OutFile("Báo cáo KH1600.docx", b"PK docx bytes"),
        image=OutFile("chart.png", b"\x89PNG", caption="Biểu đồ"),
    )
    await channel.send("u-lan", report)
    [text] = [c.text for c in zalo.calls_to("sendMessage", "u-lan")]
    assert text.startswith("Báo cáo kỳ Năm 2025: 12/16 nhiệm vụ hoàn thành.")
    url = text.rsplit(": ", 1)[-1]
    assert url.startswith("https://files.example.vn/d/")
    published = settings.files_dir / "public" / unquote(url.rsplit("/", 1)[-1])
    assert published.read_bytes() == b"PK docx bytes"
    [photo] = zalo.calls_to("sendPhoto", "u-lan")
    assert photo.params["photo"].startswith("https://files.example.vn/d/")
    assert photo.params["caption"] == "Biểu đồ"


async def test_without_a_public_url_a_report_goes_as_text_only(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    channel = await start_channel(fast_app, Recorder())
    report = Outgoing(
        "Tóm tắt báo cáo.",
        document=OutFile("bao-cao.docx", b"x"),
        image=OutFile("chart.png", b"\x89PNG"),
    )
    await channel.send("u-lan", report)
    [text] = [c.text for c in zalo.calls_to("sendMessage", "u-lan")]
    note = t("vi", "zalo-document-unavailable", name="bao-cao.docx")
    assert text == f"Tóm tắt báo cáo.\n\n{note}"
    assert zalo.calls_to("sendPhoto") == []


async def test_429_raises_rate_limited_for_the_outbox_and_replies_wait_and_retry(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    recorder = Recorder()
    channel = await start_channel(fast_app, recorder, retry_after=0.2)
    zalo.fail_chat("u-lan", 429)
    with pytest.raises(RateLimited) as raised:
        await channel.send("u-lan", Outgoing("Nhắc việc"))
    assert raised.value.retry_after == 0.2

    zalo.fail_chat("u-lan", 429)
    zalo.push_text("chào", user_id="u-lan")
    reply = await zalo.wait_for("sendMessage", chat_id="u-lan")
    assert reply.text == "ok: chào"
    refused = [c for c in zalo.calls if c.method == "sendMessage" and c.status == 429]
    assert len(refused) == 2
    assert reply.at - refused[-1].at >= 0.15  # waited out the limit before retrying


async def test_network_errors_and_5xx_are_retried_with_backoff(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    recorder = Recorder()
    zalo.fail_method("getMe", 500)
    zalo.fail_method("getUpdates", 502, times=2)
    channel = await start_channel(fast_app, recorder)
    zalo.push_text("vẫn nhận được", user_id="u-lan")
    await recorder.wait()
    assert not channel.stopped.is_set()
    assert [c.status for c in zalo.calls if c.method == "getMe"] == [500, 200]


async def test_get_me_401_stops_only_the_zalo_channel(
    zalo: FakeZalo,
    fast_app: App,
    start_channel: ChannelFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ticks = 0

    async def scheduler_stand_in() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.02)

    other = asyncio.create_task(scheduler_stand_in())
    zalo.fail_method("getMe", 401)
    caplog.set_level(logging.INFO)
    channel = await start_channel(fast_app, Recorder())  # start() itself does not raise
    await asyncio.wait_for(channel.stopped.wait(), 5)
    before = ticks
    await asyncio.sleep(0.2)
    assert ticks > before and not other.done()  # the rest of the process keeps running
    other.cancel()
    assert [c.method for c in zalo.calls] == ["getMe"]  # no polling after the refusal
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "ZALO_BOT_TOKEN" in errors[0].getMessage()


async def test_the_token_never_reaches_a_log(
    zalo: FakeZalo,
    tmp_path: Path,
    sqlite_database: Database,
    start_channel: ChannelFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = make_settings(zalo, tmp_path)
    app = App(settings=settings, db=sqlite_database, clock=Clock(settings.timezone))
    recorder = Recorder()
    zalo.fail_method("getUpdates", 500)
    channel = await start_channel(app, recorder, retry_after=0.05)
    zalo.fail_chat("u-lan", 429, times=2)
    zalo.push_text("chào", user_id="u-lan")
    await zalo.wait_for("sendMessage", chat_id="u-lan")
    zalo.fail_chat("u-lan", 403)
    zalo.push_text("lần nữa", user_id="u-lan")
    await recorder.wait(2)
    await channel.stop()

    # A server that is not there (network error), then a refused token.
    closed = make_settings(zalo, tmp_path, zalo_base_url="http://127.0.0.1:9")
    unreachable = await start_channel(
        App(settings=closed, db=sqlite_database, clock=Clock(closed.timezone)), recorder
    )
    await asyncio.sleep(0.3)
    await unreachable.stop()
    zalo.fail_method("getMe", 401)
    refused = await start_channel(app, recorder)
    await asyncio.wait_for(refused.stopped.wait(), 5)

    assert any("Zalo" in r.getMessage() for r in caplog.records)  # it did log
    secret_part = TOKEN.split(":", 1)[1]
    for record in caplog.records:
        logged = record.getMessage() + (record.exc_text or "") + str(record.args)
        assert secret_part not in logged
    assert secret_part not in caplog.text
    assert secret_part not in repr(channel.client)


async def test_the_name_people_mention_the_bot_by_can_be_configured(
    zalo: FakeZalo, tmp_path: Path, sqlite_database: Database, start_channel: ChannelFactory
) -> None:
    settings = make_settings(zalo, tmp_path, zalo_bot_name="Trợ lý KH1600")
    app = App(settings=settings, db=sqlite_database, clock=Clock(settings.timezone))
    recorder = Recorder()
    await start_channel(app, recorder)
    group = {"chat_id": "g-1", "group": True, "user_id": "u-lan"}
    zalo.push_text("@Tro ly KH1600 help", **group)
    zalo.push_text(f"@{BOT_NAME} 2", **group)  # the name getMe gives still works
    seen = await recorder.wait(2)
    assert [i.text for i in seen] == ["/help", "2"]


async def test_a_picture_a_person_sent_can_be_downloaded(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    recorder = Recorder()
    channel = await start_channel(fast_app, recorder)
    zalo.push_image(zalo.photo_url("bien-ban.jpg", b"\xff\xd8 jpeg bytes"), user_id="u-lan")
    [incoming] = await recorder.wait()
    assert incoming.file is not None
    assert await channel.download(incoming.file) == b"\xff\xd8 jpeg bytes"
    gone = FileRef(file_id="x", kind="photo", url=f"{zalo.base_url}/photos/expired.jpg")
    with pytest.raises(ChannelError) as raised:
        await channel.download(gone)
    assert not isinstance(raised.value, TransientChannelError)  # a 404 will not come back
    await zalo.__aexit__()
    with pytest.raises(TransientChannelError):  # the server is gone: worth trying later
        await channel.download(incoming.file)


async def test_once_a_part_went_out_the_rest_is_retried_without_repeating_it(
    zalo: FakeZalo, fast_app: App, start_channel: ChannelFactory
) -> None:
    channel = await start_channel(fast_app, Recorder(), retry_after=0.05)
    lines = [f"Dòng {n}:" + " nội dung" * 20 for n in range(30)]  # about 5,500 characters
    zalo.fail_chat("u-lan", 429, after=1)  # the second part meets a 429 …
    zalo.fail_chat("u-lan", 500)  # … and its retry a 500
    await channel.send("u-lan", Outgoing("\n".join(lines)))
    parts = [c.text for c in zalo.calls_to("sendMessage", "u-lan")]
    assert len(parts) == 3
    assert "\n".join(parts).split("\n") == lines  # every line once, in order
    assert [c.status for c in zalo.calls if c.method == "sendMessage"] == [200, 429, 500, 200, 200]

    zalo.fail_chat("u-lan", 500)  # nothing went out yet: the outbox is told, and retries later
    with pytest.raises(TransientChannelError):
        await channel.send("u-lan", Outgoing("\n".join(lines)))
