"""Zalo rendering and reading, without a server."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.channels.base import Choice, Outgoing
from bot.channels.zalo.inbound import addressed_text, as_command, parse_update
from bot.channels.zalo.render import compose, split_message


def test_split_keeps_lines_whole_and_cuts_an_overlong_line_at_spaces() -> None:
    words = " ".join(f"từ{n}" for n in range(1500))  # one line of about 8,000 characters
    parts = split_message(f"Đầu\n{words}\nCuối", limit=2000)
    assert all(len(p) <= 2000 for p in parts)
    assert parts[0].startswith("Đầu")
    assert parts[-1].endswith("Cuối")
    assert " ".join(" ".join(parts).split()) == f"Đầu {words} Cuối"


@given(st.lists(st.text(alphabet="abcđêơ ", min_size=0, max_size=300), max_size=40))
def test_split_never_exceeds_the_limit_and_keeps_the_words_in_order(lines: list[str]) -> None:
    text = "\n".join(lines)
    parts = split_message(text, limit=120)
    assert all(1 <= len(p) <= 120 for p in parts)
    assert " ".join(parts).split() == text.split()


def test_compose_puts_title_text_choices_and_hint_in_order() -> None:
    message = Outgoing("Nhiệm vụ 1.2", title="Cập nhật", choices=[Choice("a", "Hoàn thành")])
    text = compose(message, "en", ["Download x: https://f/x"])
    assert text.split("\n\n") == [
        "Cập nhật",
        "Nhiệm vụ 1.2",
        "Download x: https://f/x",
        "1. Hoàn thành",
        "Reply with the number or type the choice.",
    ]


def test_commands_may_be_typed_without_a_slash() -> None:
    words = {"start", "help", "update"}
    assert as_command("start ABCD2345", words) == "/start ABCD2345"
    assert as_command("Start  ABCD2345", words) == "/start ABCD2345"
    assert as_command("/start ABCD2345", words) == "/start ABCD2345"
    assert as_command("help", words) == "/help"
    assert as_command("bắt đầu làm", words) == "bắt đầu làm"
    assert as_command("startup xyz", words) == "startup xyz"


def test_a_mention_is_found_without_accents_or_case_and_stripped() -> None:
    names = ["Đôn đốc", "bot.dondoc"]
    assert addressed_text("@Đôn đốc 2", names) == "2"
    assert addressed_text("@ĐÔN ĐỐC start ABC", names) == "start ABC"
    assert addressed_text("chào @don doc, tiến độ?", names) == "chào tiến độ?"
    assert addressed_text("@bot.dondoc help", names) == "help"
    assert addressed_text("chào cả nhóm", names) is None


def test_updates_are_read_bare_or_wrapped_with_string_ids_and_millisecond_dates() -> None:
    message = {
        "message_id": 123,
        "date": 1766619597466,
        "text": "Xin chào",
        "chat": {"id": "c1", "chat_type": "PRIVATE"},
        "from": {"id": "u1", "display_name": "Lan", "is_bot": False},
    }
    bare = parse_update({"event_name": "message.text.received", "message": message})
    wrapped = parse_update(
        {"ok": True, "result": {"event_name": "message.text.received", "message": message}}
    )
    assert bare == wrapped
    assert bare is not None
    assert bare.message_id == "123"
    assert bare.sent_at.isoformat() == "2025-12-24T23:39:57.466000+00:00"
    assert parse_update({"ok": True}) is None
    assert parse_update({"message": {"text": "no ids"}}) is None
