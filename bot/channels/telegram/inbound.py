"""Telegram updates as `Incoming`: text and commands, documents and photos, button presses."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, Message, User

from bot.channels.base import FileRef, Incoming

CHANNEL = "telegram"
GROUP_TYPES = {Chat.GROUP, Chat.SUPERGROUP}


def is_group(chat: Chat) -> bool:
    return chat.type in GROUP_TYPES


def addressed_to_bot(message: Message, *, bot_id: int, bot_username: str) -> bool:
    """In a group the bot reads commands (not those for another bot: "/help@other_bot") and
    replies to its own messages; everything else is the members' own chatter."""
    reply_to = message.reply_to_message
    if reply_to is not None and reply_to.from_user is not None and reply_to.from_user.id == bot_id:
        return True
    text = message.text or message.caption or ""
    if not text.startswith("/"):
        return False
    _, at, username = text.split(maxsplit=1)[0].partition("@")
    return not at or username.lower() == bot_username.lower()


def message_file(message: Message) -> FileRef | None:
    """The document or the photo (its largest size) a message carries."""
    if message.document is not None:
        document = message.document
        return FileRef(
            file_id=document.file_id,
            kind="document",
            name=document.file_name,
            mime_type=document.mime_type,
            size=document.file_size,
        )
    if message.photo:
        largest = max(message.photo, key=lambda size: size.width * size.height)
        return FileRef(file_id=largest.file_id, kind="photo", size=largest.file_size)
    return None


def _person(user: User) -> dict[str, str | None]:
    return {
        "user_id": str(user.id),
        "display_name": user.full_name,
        "language": user.language_code,
    }


def incoming_from_message(message: Message, user: User) -> Incoming | None:
    """The message as an `Incoming`; None when it holds nothing dondoc reads (a sticker, a voice
    note, a location …)."""
    text = message.text or message.caption
    file = message_file(message)
    if text is None and file is None:
        return None
    return Incoming(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        text=text,
        file=file,
        is_group=is_group(message.chat),
        message_id=str(message.message_id),  # numbered per chat: unique with chat_id
        **_person(user),  # type: ignore[arg-type]
    )


def incoming_from_choice(query: CallbackQuery, message: Message, value: str) -> Incoming:
    """A pressed button. Its id is the query's: one question may be answered more than once
    (Back, pages), and each press is its own event."""
    return Incoming(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        choice=value,
        is_group=is_group(message.chat),
        message_id=f"callback:{query.id}",
        **_person(query.from_user),  # type: ignore[arg-type]
    )
