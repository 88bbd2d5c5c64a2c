"""What each channel can show, so handlers and reports ask a question instead of naming platforms.

Telegram has buttons and takes files; Zalo has neither (choices are numbered lines, files go as
links when PUBLIC_FILES_BASE_URL serves them); the console has no buttons and writes files to disk.
`summary_chars` is the room a summary may take in one message, under the platform's limit
(4,096 on Telegram, 2,000 on Zalo) with space left for a title. `typed_commands`: people type
commands without "/" (Zalo has no command menu). `local`: whoever types sits at this machine (the
console demo), so a stored admin persona is trusted without being named in the settings.
`web_app`: a message can carry a button that opens the web dashboard inside the chat app (a
Telegram Mini App, opened over https only; it signs in with bot/channels/telegram/miniapp.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings


@dataclass(frozen=True, slots=True)
class Capabilities:
    buttons: bool
    files: bool  # documents and images delivered as such
    summary_chars: int
    typed_commands: bool = False
    local: bool = False
    web_app: bool = False  # a button opening a web page inside the chat app (`WebAppButton`)


CAPABILITIES = {
    "telegram": Capabilities(buttons=True, files=True, summary_chars=4000, web_app=True),
    "zalo": Capabilities(buttons=False, files=False, summary_chars=1900, typed_commands=True),
    "console": Capabilities(buttons=False, files=True, summary_chars=4000, local=True),
}


def capabilities(channel: str) -> Capabilities:
    return CAPABILITIES[channel]


def delivers_files(channel: str, settings: Settings) -> bool:
    """Whether a report's files reach a person on `channel`: directly, or as download links."""
    return capabilities(channel).files or bool(settings.public_files_base_url)
