"""How an `Outgoing` looks on Telegram: HTML text in pieces that fit, and inline keyboards (as
the Bot API's JSON: bot/channels/telegram/outbound.py sends them as they are).

Everything a person or a handler wrote is escaped (`html.escape`); only our own tags (<b> for the
title and for a chosen answer) reach Telegram's HTML parser. Telegram counts a message's length in
UTF-16 code units after parsing; measuring the escaped text is a safe upper bound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape
from typing import Any

from bot.channels.base import Choice, Outgoing, WebAppButton

MAX_TEXT = 4096  # sendMessage / editMessageText
MAX_CAPTION = 1024  # sendDocument / sendPhoto
MAX_UNITS_PER_CHAR = 5  # UTF-16 units a character can take escaped: "&" is "&amp;"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fits(html: str, limit: int) -> bool:
    return utf16_len(html) <= limit


def _pieces(raw: str, limit: int) -> Iterator[str]:
    """`raw` cut so that each escaped piece fits `limit`, at a space when there is one."""
    if raw and len(raw) * MAX_UNITS_PER_CHAR <= limit:  # fits, however it escapes (most lines)
        yield raw
        return
    while raw:
        if _fits(escape(raw, quote=False), limit):
            yield raw
            return
        cut = min(len(raw), limit)
        while cut > 1 and not _fits(escape(raw[:cut], quote=False), limit):
            overflow = utf16_len(escape(raw[:cut], quote=False)) - limit
            cut -= max(1, overflow // 5)
        space = raw.rfind(" ", 0, cut)
        if space > cut // 2:
            cut = space + 1
        yield raw[:cut]
        raw = raw[cut:]


def _html_lines(message: Outgoing, limit: int) -> list[str]:
    """The message as HTML lines, none longer than `limit` (long lines cut into several)."""
    room = limit - len("<b></b>")
    lines: list[str] = []
    if message.title:
        lines += [f"<b>{escape(piece, quote=False)}</b>" for piece in _pieces(message.title, room)]
    for raw in message.text.split("\n") if message.text else []:
        if not raw:
            lines.append("")
            continue
        lines += [escape(piece, quote=False) for piece in _pieces(raw, limit)]
    return lines


def html_chunks(message: Outgoing, limit: int = MAX_TEXT) -> list[str]:
    """The title (bold) and text as HTML messages of at most `limit`, split on line boundaries.
    An empty list when there is nothing to say (a file alone)."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in _html_lines(message, limit):
        extra = utf16_len(line) + (1 if current else 0)
        if current and size + extra > limit:
            chunks.append("\n".join(current))
            current, size = [], 0
            extra = utf16_len(line)
        current.append(line)
        size += extra
    if current:
        chunks.append("\n".join(current))
    return [chunk for chunk in chunks if chunk.strip()]


def caption_html(caption: str | None) -> str | None:
    """A file's caption, escaped and cut to Telegram's caption limit."""
    if not caption:
        return None
    return escape(next(_pieces(caption, MAX_CAPTION)), quote=False)


def keyboard(
    choices: list[Choice],
    columns: int,
    key_for: Callable[[str], str],
    web_app: WebAppButton | None = None,
    last_row: int = 0,
) -> dict[str, Any] | None:
    """Choices as an InlineKeyboardMarkup, `columns` buttons per row, the last `last_row` on a
    row of their own (a pager); `key_for` fits values into callback_data. A Mini App button,
    when given, comes first on a row of its own."""
    if not choices and web_app is None:
        return None
    buttons: list[dict[str, Any]] = [
        {"text": c.label, "callback_data": key_for(c.value)} for c in choices
    ]
    width = max(1, columns)
    head = len(buttons) - max(0, min(last_row, len(buttons)))
    rows = [buttons[start : min(start + width, head)] for start in range(0, head, width)]
    if head < len(buttons):
        rows.append(buttons[head:])
    if web_app is not None:
        rows.insert(0, [{"text": web_app.label, "web_app": {"url": web_app.url}}])
    return {"inline_keyboard": rows}


def answered(question_html: str, label: str) -> str | None:
    """The question with the chosen answer under it ("…\\n→ <b>Hoàn thành</b>"), or None when
    that would not fit in a message."""
    text = f"{question_html}\n→ <b>{escape(label, quote=False)}</b>"
    return text if _fits(text, MAX_TEXT) else None
