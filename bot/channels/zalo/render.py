"""Rendering an `Outgoing` for Zalo: plain text, no buttons, at most 2,000 characters a message.

Choices become numbered lines ("1. Hoàn thành") with a hint that the number or the words may be
typed back. Files cannot be attached on Zalo: a document goes as its text summary plus a download
link when PUBLIC_FILES_BASE_URL is configured (the file is written under FILES_DIR/public).
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from urllib.parse import quote

from bot.channels.base import OutFile, Outgoing
from bot.channels.menu import numbered_lines
from bot.i18n import t

from .client import MAX_TEXT

PUBLIC_FOLDER = "public"
_UNSAFE = re.compile(r"[^\w.\-]+")


def compose(message: Outgoing, locale: str, links: list[str]) -> str:
    """The whole text of `message` as Zalo shows it (maybe longer than one message holds)."""
    blocks = [block for block in (message.title, message.text) if block and block.strip()]
    blocks.extend(links)
    if message.choices:
        blocks.append(numbered_lines(message.choices))
        blocks.append(t(locale, "zalo-choose-hint"))
    return "\n\n".join(blocks).strip()


def split_message(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` in parts of at most `limit` characters, cut at line ends (at spaces, or anywhere,
    only for a line longer than `limit`), in order; blank parts are dropped."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _cut_long_line(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
                continue
            if current.strip():
                parts.append(current.strip("\n").rstrip())
            current = piece
    if current.strip():
        parts.append(current.strip("\n").rstrip())
    return parts


def _cut_long_line(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(line) > limit:
        cut = line.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    pieces.append(line)
    return pieces


def publish(file: OutFile, files_dir: Path, base_url: str) -> str:
    """Write `file` under FILES_DIR/public with an unguessable name; its public URL."""
    folder = files_dir / PUBLIC_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    safe = _UNSAFE.sub("_", Path(file.name).name).strip("._") or "file"
    name = f"{secrets.token_urlsafe(12)}-{safe}"
    (folder / name).write_bytes(file.data)
    return f"{base_url.rstrip('/')}/{quote(name)}"
