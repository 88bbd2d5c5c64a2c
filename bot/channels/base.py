"""The channel contract: the one incoming and the one outgoing message type, and `Channel`.

Handlers read `Incoming` and answer with `Outgoing`; a channel adapter (bot/channels/telegram,
bot/channels/zalo, bot/channels/console.py) only translates: platform updates into `Incoming`,
handed to the one inbound callable (`Deliver`) the runtime gives every channel, and `Outgoing`
into platform calls, its own way (inline keyboards on Telegram, numbered lines elsewhere). What a
channel can show is its `capabilities`; what its platform takes is its `ChannelLimits`, which
every request it makes takes a turn from, replies and reminders alike.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from copy import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from bot.channels.capabilities import Capabilities
from bot.text import clean

if TYPE_CHECKING:
    from aiohttp import web


@dataclass(frozen=True, slots=True)
class Choice:
    """A button (Telegram) or a numbered line (Zalo, console). `value` comes back as
    `Incoming.choice` when picked; `label` is what the person sees."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file or photo a person sent, kept by the platform's own file id."""

    file_id: str
    kind: Literal["document", "photo"] = "document"
    name: str | None = None
    mime_type: str | None = None
    size: int | None = None
    url: str | None = None  # Zalo gives a URL rather than an id

    def as_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}


@dataclass(slots=True)
class Incoming:
    """One thing a person did in a chat: typed text, pressed a choice, or sent a file."""

    channel: str
    chat_id: str
    user_id: str
    display_name: str = ""
    text: str | None = None
    choice: str | None = None
    file: FileRef | None = None
    is_group: bool = False
    language: str | None = None  # the platform's hint (Telegram's language_code)
    message_id: str | None = None
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    read: bool = False  # set once bot/channels/reading.py has read it (deduplicated, menus)

    def __post_init__(self) -> None:
        # NFC and cleaning at the boundary: nothing decomposed or with control characters gets in.
        if self.text is not None:
            self.text = clean(self.text)
        self.display_name = clean(self.display_name)

    def as_read(self) -> Incoming:
        """A copy marked read (bot/channels/reading.py). Copied, not `dataclasses.replace`d: that
        runs `__post_init__` again, cleaning text cleaned once already (a visible share of a
        form step's CPU, bench/bench_forms.py)."""
        read = copy(self)
        read.read = True
        return read

    @property
    def command(self) -> tuple[str, str] | None:
        """("update", "1.2 70% …") for "/update 1.2 70% …"; None when the text is no command.

        "/cmd@botname" is accepted as on Telegram.
        """
        if not self.text or not self.text.startswith("/"):
            return None
        head, _, rest = self.text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()
        return (name, rest.strip()) if name else None


@dataclass(frozen=True, slots=True)
class OutFile:
    """A file to send: a generated report, a chart."""

    name: str
    data: bytes
    mime_type: str = "application/octet-stream"
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class WebAppButton:
    """A button that opens a web page inside the chat app (a Telegram Mini App). Channels
    without one ignore it: the message's text carries the link too."""

    label: str
    url: str


class WebSignIn(Protocol):
    """How a chat platform's web app (the page a `WebAppButton` opens, bot/web) proves who opened
    it: the page posts the launch data the platform handed it. The composition root gives the
    web app one (Telegram: bot/channels/telegram/miniapp.py)."""

    @property
    def channel(self) -> str:
        """Whose people it vouches for (their Person rows), and the sessions' `via`."""

    @property
    def frame_origins(self) -> tuple[str, ...]:
        """The sites that show the web app in a frame of their own page."""

    def verify(self, launch_data: str, *, now: datetime) -> str | None:
        """The platform user id `launch_data` vouches for, or None (forged, stale, malformed)."""


@dataclass(slots=True)
class Outgoing:
    """One message to a person. `text` is plain text (channels escape it as they need);
    `title`, when set, is shown first and emphasised where the platform can."""

    text: str
    title: str | None = None
    choices: list[Choice] = field(default_factory=list)
    columns: int = 1  # buttons per row on Telegram
    last_row: int = 0  # Telegram: the last N choices on a row of their own (a pager)
    document: OutFile | None = None
    image: OutFile | None = None
    edit_previous: bool = False  # Telegram: replace the question the person just answered
    web_app: WebAppButton | None = None
    # The language it is written in, for the words a channel adds of its own (Zalo's hint under
    # numbered choices, a file's link); None: the default locale. Set by the core.
    locale: str | None = None

    def as_json(self) -> dict[str, Any]:
        """A JSON-safe form without file bodies (for the outbox and for tests)."""
        return {
            "text": self.text,
            "title": self.title,
            "choices": [{"value": c.value, "label": c.label} for c in self.choices],
            "columns": self.columns,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, locale: str | None = None) -> Outgoing:
        """The message `as_json` gave, to be shown in `locale` (its recipient's)."""
        return cls(
            text=data["text"],
            title=data.get("title"),
            choices=[Choice(c["value"], c["label"]) for c in data.get("choices", [])],
            columns=data.get("columns", 1),
            locale=locale,
        )


class ChannelError(Exception):
    """A platform refused or failed to deliver a message."""

    def __init__(self, message: str, *, answer: str | None = None) -> None:
        super().__init__(message)
        self.answer = answer  # the platform's own words, recorded in the outbox


class RateLimited(ChannelError):
    """429: wait `retry_after` seconds before writing to this chat again."""

    def __init__(self, retry_after: float, *, answer: str | None = None) -> None:
        super().__init__(f"rate limited, retry after {retry_after:g}s", answer=answer)
        self.retry_after = retry_after


class RecipientUnreachable(ChannelError):
    """403: the person blocked the bot or left the chat; writing again will not help."""


class TransientChannelError(ChannelError):
    """5xx, a timeout or a network error: worth retrying later."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the platform said when a message went out: the id of its last piece, if it gives
    one (recorded in the outbox)."""

    message_id: str | None = None


Deliver = Callable[[Incoming], Awaitable[list[Outgoing]]]
"""The inbound callable: the answers to one thing a person did (the dispatcher's `handle`)."""


class Handles(Protocol):
    """Something with a `handle` (the dispatcher, or a stand-in in a tool)."""

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        """The answers to `incoming`, in order."""


def as_deliver(inbound: Deliver | Handles) -> Deliver:
    """The inbound callable of `inbound`, whether it is one or has one."""
    return inbound if callable(inbound) else inbound.handle


class Channel(Protocol):
    """What the runtime, the outbox sender and the handlers need of a chat channel.

    Every channel is built the same way, `Channel(app, inbound, **options)` (the `App`, the
    inbound callable or the dispatcher, and the platform's own keyword options), and
    `start(deliver_incoming)` hands it the inbound callable (the one given to the constructor
    when None). `send` takes its turns from the channel's own limits; `group` says the chat is
    a group (a reply knows it from `Incoming.is_group`; a person's stored chat is private).
    """

    name: str

    @property
    def capabilities(self) -> Capabilities:
        """What it can show (bot/channels/capabilities.py)."""

    async def start(self, deliver_incoming: Deliver | None = None) -> None:
        """Connect and start receiving, handing each message to `deliver_incoming`."""

    async def stop(self) -> None:
        """Stop receiving and close its connections."""

    async def send(self, chat_id: str, message: Outgoing, *, group: bool = False) -> Delivery:
        """Send `message`. Raises a `ChannelError`."""

    async def download(self, file: FileRef) -> bytes:
        """The bytes of a file a person sent (an admin's plan file for /import)."""


@runtime_checkable
class ReceivesWebhooks(Protocol):
    """A channel that can receive by webhook (bot/channels/webhook.py): the routes the runtime
    mounts on the one web server before it starts, which is before the channel's `start` tells
    the platform where to post. None when the channel polls."""

    def webhook_routes(self) -> list[web.RouteDef]:
        """Its webhook's route (one POST at the path of its webhook URL), or none."""
