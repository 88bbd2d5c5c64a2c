"""Reading Zalo updates: the documented JSON shapes turned into plain values.

An update is `{"event_name": "message.text.received", "message": {…}}`, bare from getUpdates or
wrapped in `{"ok": true, "result": {…}}` on a webhook. Ids are strings; `date` is in
milliseconds. In a group the bot answers only when it is mentioned ("@Đôn đốc …") or replied to;
the mention is taken out of the text before the text is read as a command or an answer
(`as_command` lives in bot/channels/reading.py, with the rest of that reading).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.channels.base import FileRef, Incoming
from bot.channels.reading import as_command
from bot.text import clean, fold

__all__ = ["ZaloMessage", "addressed_text", "as_command", "incoming", "parse_update"]

CHANNEL = "zalo"
TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
UNSUPPORTED = "message.unsupported.received"


@dataclass(frozen=True, slots=True)
class ZaloMessage:
    event: str
    message_id: str
    chat_id: str
    user_id: str
    display_name: str
    is_group: bool
    from_bot: bool
    text: str
    photo_url: str | None
    replied_to: str | None  # the author id of the message this one replies to
    sent_at: datetime


def parse_update(body: Any) -> ZaloMessage | None:
    """The message an update carries, or None when it carries none we can read."""
    if isinstance(body, dict) and isinstance(body.get("result"), dict):
        body = body["result"]
    if not isinstance(body, dict) or not isinstance(body.get("message"), dict):
        return None
    message: dict[str, Any] = body["message"]
    chat = message.get("chat") or {}
    sender = message.get("from") or {}
    if chat.get("id") is None or sender.get("id") is None or message.get("message_id") is None:
        return None
    reply = message.get("reply_to_message") or {}
    replied_to = (reply.get("from") or {}).get("id") if isinstance(reply, dict) else None
    return ZaloMessage(
        event=str(body.get("event_name") or ""),
        message_id=str(message["message_id"]),
        chat_id=str(chat["id"]),
        user_id=str(sender["id"]),
        display_name=clean(sender.get("display_name") or sender.get("name") or ""),
        is_group=str(chat.get("chat_type") or "").upper() == "GROUP",
        from_bot=bool(sender.get("is_bot")),
        text=clean(message.get("text") or message.get("caption") or ""),
        photo_url=_photo_url(message),
        replied_to=None if replied_to is None else str(replied_to),
        sent_at=_from_millis(message.get("date")),
    )


def _photo_url(message: dict[str, Any]) -> str | None:
    photo = message.get("photo_url") or message.get("photo")
    if isinstance(photo, dict):
        photo = photo.get("url")
    if isinstance(photo, list) and photo:
        photo = photo[-1].get("url") if isinstance(photo[-1], dict) else photo[-1]
    return str(photo) if isinstance(photo, str) and photo.startswith("http") else None


def _from_millis(value: Any) -> datetime:
    try:
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def _fold_keep_length(text: str) -> str:
    """`fold` one character at a time, so that positions in the result are positions in `text`."""
    out = []
    for char in text:
        folded = fold(char) if char.strip() else char
        out.append(folded if len(folded) == 1 else char.lower())
    return "".join(out)


def addressed_text(text: str, bot_names: list[str]) -> str | None:
    """`text` without the bot's mention when it mentions the bot ("@Đôn đốc 2" → "2"), else None.

    Accent- and case-insensitive; the longest name first, so "@Đôn đốc bot" is not cut short.
    """
    folded = _fold_keep_length(text)
    for name in sorted({fold(n) for n in bot_names if n and n.strip()}, key=len, reverse=True):
        start = folded.find("@" + name)
        if start >= 0:
            end = start + 1 + len(name)
            return clean(f"{text[:start]} {text[end:].lstrip(' ,:;')}")
    return None


def incoming(message: ZaloMessage, text: str) -> Incoming | None:
    """A text or a picture as an `Incoming` (`text` without the bot's mention); None for
    anything else."""
    file = None
    if message.event == IMAGE:
        if message.photo_url is None:
            return None
        file = FileRef(file_id=message.message_id, kind="photo", url=message.photo_url)
    elif message.event != TEXT:
        return None
    return Incoming(
        channel=CHANNEL,
        chat_id=message.chat_id,
        user_id=message.user_id,
        display_name=message.display_name,
        text=text or None,
        file=file,
        is_group=message.is_group,
        message_id=message.message_id,
        received_at=message.sent_at,
    )
