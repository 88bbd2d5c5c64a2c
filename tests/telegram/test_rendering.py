"""Rendering rules that need no server: splitting, escaping, keyboards, callback keys, URLs."""

from __future__ import annotations

from bot.channels.base import Choice, Outgoing
from bot.channels.telegram.callbacks import CallbackKeys
from bot.channels.telegram.channel import file_base_url
from bot.channels.telegram.render import (
    MAX_CAPTION,
    answered,
    caption_html,
    html_chunks,
    keyboard,
    utf16_len,
)


def test_short_message_is_one_escaped_chunk_with_bold_title() -> None:
    chunks = html_chunks(Outgoing("a < b & c > d", title="Kỳ <Quý IV>"))
    assert chunks == ["<b>Kỳ &lt;Quý IV&gt;</b>\na &lt; b &amp; c &gt; d"]


def test_long_lines_are_cut_without_breaking_an_escape() -> None:
    line = "&" * 5000  # escapes to 25,000 characters
    chunks = html_chunks(Outgoing(line))
    assert all(utf16_len(chunk) <= 4096 for chunk in chunks)
    assert all(chunk.replace("&amp;", "") == "" for chunk in chunks)
    assert sum(chunk.count("&amp;") for chunk in chunks) == 5000


def test_a_line_stays_whole_while_its_escaped_form_fits() -> None:
    """Around the length below which a line fits whatever it holds (5 units a character)."""
    for line in ("&" * 819, "&" * 820, "a" * 4096, "a" * 4097, "🎯" * 2048, "🎯" * 2049):
        chunks = html_chunks(Outgoing(line))
        escaped = line.replace("&", "&amp;")
        assert len(chunks) == (1 if utf16_len(escaped) <= 4096 else 2), line[:1]
        assert "".join(chunks) == escaped


def test_limit_counts_utf16_units_and_keeps_lines_whole() -> None:
    lines = [f"{n:03} 🎯 Hoàn thành nhiệm vụ" for n in range(400)]
    chunks = html_chunks(Outgoing("\n".join(lines)))
    assert len(chunks) > 1 and all(utf16_len(chunk) <= 4096 for chunk in chunks)
    assert "\n".join(chunks).split("\n") == lines


def test_empty_text_makes_no_message_and_captions_fit() -> None:
    assert html_chunks(Outgoing("")) == []
    caption = caption_html("<" * 2000)
    assert caption is not None and len(caption) <= MAX_CAPTION and caption.startswith("&lt;")
    assert caption_html(None) is None


def test_keyboard_rows_and_short_keys() -> None:
    keys = CallbackKeys()
    long_value = "plan:report:" + "7" * 100
    choices = [Choice("a", "A"), Choice("b", "B"), Choice("c", "C"), Choice(long_value, "D")]
    markup = keyboard(choices, 3, keys.key_for)
    assert markup is not None
    rows = [[button["text"] for button in row] for row in markup["inline_keyboard"]]
    assert rows == [["A", "B", "C"], ["D"]]
    data = markup["inline_keyboard"][1][0]["callback_data"]
    assert isinstance(data, str) and len(data.encode()) <= 64 and data != long_value
    assert keys.value_of(data) == long_value
    assert keys.value_of("a") == "a"
    assert keyboard([], 2, keys.key_for) is None


def test_a_value_that_looks_like_a_key_is_keyed_too() -> None:
    keys = CallbackKeys(capacity=2)
    tricky = keys.key_for("#not-a-key")
    assert tricky != "#not-a-key" and keys.value_of(tricky) == "#not-a-key"
    keys.key_for("x" * 70)
    keys.key_for("y" * 70)
    assert keys.value_of(tricky) is None  # the oldest is forgotten past the capacity


def test_answered_question() -> None:
    assert answered("<b>Trạng thái?</b>", "Gặp khó khăn & vướng mắc") == (
        "<b>Trạng thái?</b>\n→ <b>Gặp khó khăn &amp; vướng mắc</b>"
    )
    assert answered("x" * 4096, "A") is None


def test_file_url_follows_the_bot_api_url() -> None:
    assert file_base_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_base_url("https://api.telegram.org/bot{token}/test") == (
        "https://api.telegram.org/file/bot{token}/test"
    )
    assert file_base_url("http://127.0.0.1:8081/bot/") == "http://127.0.0.1:8081/file/bot"
