"""A terminal chat: the demo channel and the fastest end-to-end path for tests.

Lines typed (or piped) on stdin go to the dispatcher as messages from the current persona; its
answers and any reminder the scheduler sends to a console persona are printed, choices as numbered
lines (answered by number or by text, like on Zalo). Console-only commands:

    /as admin | /as coordinator ["<agency>"] | /as focal "<agency>"   act as someone else
    /clock +7d | +3h | -1d | 18/01/2027 [09:00] | reset               move the demo clock
    /file <path> [caption]                                            send a file (for /import)
    /quit                                                             leave (so does end of input)
"""

from __future__ import annotations

import asyncio
import re
import shlex
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.app import App
from bot.channels import menu
from bot.channels.base import Deliver, Delivery, FileRef, Handles, Incoming, Outgoing, as_deliver
from bot.channels.capabilities import Capabilities, capabilities
from bot.db.models import Role
from bot.i18n import format_datetime, t
from bot.services import invites, people

NAME = "console"
DEFAULT_COORDINATING_AGENCY = "Sở Công Thương"
_SHIFT = re.compile(r"^([+-])\s*(\d+)\s*([mhdw])$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

Tick = Callable[[], Awaitable[None]]


def parse_shift(text: str) -> timedelta | None:
    """ "+7d" → 7 days, "-3h" → minus 3 hours; None when it is not a shift."""
    match = _SHIFT.match(text.strip())
    if not match:
        return None
    delta = timedelta(**{_UNITS[match.group(3).lower()]: int(match.group(2))})
    return -delta if match.group(1) == "-" else delta


def parse_moment(text: str, tz: ZoneInfo) -> datetime | None:
    """ "18/01/2027 09:00" (the time optional: 09:00) in the demo's time zone; None otherwise."""
    words = text.split()
    if len(words) == 1:
        words.append("09:00")
    try:
        return datetime.strptime(" ".join(words), "%d/%m/%Y %H:%M").replace(tzinfo=tz)
    except ValueError:
        return None


def local_file(name: str) -> FileRef | None:
    """A file on this machine as the console sends it (its path is the file id)."""
    path = Path(name).expanduser()
    if not path.is_file():
        return None
    return FileRef(file_id=str(path), name=path.name, size=path.stat().st_size)


class ConsoleChannel:
    """A `Channel` for the terminal. `inbound` is the dispatcher (or its `handle`), unless `start`
    is given one; `tick`, when given, runs after the clock moves (plan reminders, send what is
    due, nudge idle forms) so the demo shows them. `run` reads the lines."""

    name = NAME

    def __init__(
        self,
        app: App,
        inbound: Deliver | Handles | None = None,
        *,
        tick: Tick | None = None,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.app = app
        self.handle: Deliver | None = None if inbound is None else as_deliver(inbound)
        self.tick = tick
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.user_id = "admin"
        self.who = t(self.locale, "role-admin")

    @property
    def locale(self) -> str:
        return self.app.settings.default_locale

    @property
    def capabilities(self) -> Capabilities:
        return capabilities(NAME)

    async def start(self, deliver_incoming: Deliver | None = None) -> None:
        """Take the inbound callable; the lines are read by `run`."""
        if deliver_incoming is not None:
            self.handle = deliver_incoming

    async def stop(self) -> None:
        """Nothing to close: `run` ends at /quit or the end of input."""

    async def send(self, chat_id: str, message: Outgoing, *, group: bool = False) -> Delivery:
        """Print a message sent to a persona (a reminder): the core keeps its choices as the
        chat's menu, as it does for the replies the dispatcher gives (`bot/channels/menu.py`)."""
        await menu.show(self.app.db, NAME, chat_id, [message])
        self._print_message(message, chat_id)
        return Delivery()

    async def download(self, file: FileRef) -> bytes:
        return await asyncio.to_thread(Path(file.file_id).read_bytes)

    # ------------------------------------------------------------------ the loop

    async def run(self) -> None:
        """Read lines until /quit or the end of input."""
        await self.become("admin", None)
        self.say(t(self.locale, "console-welcome", who=self.who))
        while True:
            line = await asyncio.to_thread(self.stdin.readline)
            if not line:
                break
            text = line.strip()
            if not text:
                continue
            if text in ("/quit", "/exit"):
                break
            await self.on_line(text)

    async def on_line(self, text: str) -> None:
        head, _, rest = text.partition(" ")
        if head == "/as":
            await self._switch(rest)
        elif head == "/clock":
            await self._clock(rest.strip())
        elif head == "/file":
            await self._file(rest)
        else:
            await self._deliver(Incoming(NAME, self.user_id, self.user_id, self.who, text=text))

    async def _deliver(self, incoming: Incoming) -> None:
        assert self.handle is not None, "the console was started without an inbound callable"
        for message in await self.handle(incoming):
            self._print_message(message, self.user_id)

    # ------------------------------------------------------------------ console commands

    async def become(self, role: str, agency_name: str | None) -> bool:
        """Act as `role` (of `agency_name`); the persona is an enrolled person of its own."""
        async with self.app.db.session() as session:
            agency = None
            if role != "admin":
                agency = await invites.find_agency(
                    session, agency_name or DEFAULT_COORDINATING_AGENCY
                )
                if agency is None:
                    return False
            user_id = "admin" if agency is None else f"{role}-{agency.id}"
            label = t(self.locale, f"role-{role}")
            who = label if agency is None else f"{label} · {agency.name}"
            await people.upsert_person(
                session,
                channel=NAME,
                user_id=user_id,
                chat_id=user_id,
                display_name=who,
                role=Role(role),
                agency_id=agency.id if agency else None,
                language=self.locale,
            )
        self.user_id, self.who = user_id, who
        return True

    async def _switch(self, rest: str) -> None:
        try:
            words = shlex.split(rest)
        except ValueError:
            words = []
        role = words[0].lower() if words else ""
        agency = " ".join(words[1:]) or None
        if role not in ("admin", "coordinator", "focal") or (role == "focal" and not agency):
            self.say(t(self.locale, "console-as-usage"))
        elif await self.become(role, agency):
            self.say(t(self.locale, "console-as-done", who=self.who))
        else:
            self.say(t(self.locale, "invite-unknown-agency", name=agency))

    async def _clock(self, arg: str) -> None:
        clock = self.app.clock
        shift = parse_shift(arg)
        moment = parse_moment(arg, clock.tz)
        if arg == "reset":
            clock.reset()
        elif shift is not None:
            clock.advance(shift)
        elif moment is not None:
            clock.advance(moment - clock.now())
        elif arg:
            self.say(t(self.locale, "console-clock-usage"))
            return
        self.say(
            t(
                self.locale,
                "console-clock",
                now=format_datetime(clock.now(), clock.tz, self.locale),
            )
        )
        if self.tick is not None and arg:
            await self.tick()

    async def _file(self, rest: str) -> None:
        try:
            words = shlex.split(rest)
        except ValueError:
            words = []
        ref = local_file(words[0]) if words else None
        if ref is None:
            self.say(t(self.locale, "console-file-missing", path=words[0] if words else ""))
            return
        caption = " ".join(words[1:]) or None
        await self._deliver(
            Incoming(NAME, self.user_id, self.user_id, self.who, text=caption, file=ref)
        )

    # ------------------------------------------------------------------ printing

    def say(self, text: str) -> None:
        self.stdout.write(f"* {text}\n")
        self.stdout.flush()

    def _print_message(self, message: Outgoing, chat_id: str) -> None:
        prefix = "" if chat_id == self.user_id else f"[→ {chat_id}] "
        lines: list[str] = []
        if message.title:
            lines.append(message.title.upper())
        if message.text:
            lines.append(message.text)
        if message.choices:
            lines.append(menu.numbered_lines(message.choices))
        for attached in (message.document, message.image):
            if attached is not None:
                lines.append(f"📎 {self._save(attached.name, attached.data)}")
        body = "\n".join(lines).replace("\n", "\n  ")
        self.stdout.write(f"{prefix}> {body}\n\n")
        self.stdout.flush()

    def _save(self, name: str, data: bytes) -> Path:
        folder = self.app.settings.files_dir / "console"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(name).name
        path.write_bytes(data)
        return path
