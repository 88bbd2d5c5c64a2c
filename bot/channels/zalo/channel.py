"""The Zalo channel: Zalo Bot Platform updates in, `Outgoing` messages out.

Receiving: polling by default (deleteWebhook, then getUpdates in a loop, one update per call, a
short pause after an empty answer so that nothing spins), or webhook mode when ZALO_WEBHOOK_URL is
set (setWebhook with ZALO_WEBHOOK_SECRET and a small aiohttp server). Either way updates go into
queues chosen by chat, so one chat's messages are handled in order while chats do not wait on
each other. A message id already seen (InboundMessage) is handled once.

Faults: a 401/403 on getMe writes one log line and stops this channel only (start() never raises,
so Telegram and the scheduler keep running); network errors and 5xx are retried with backoff;
a 429 makes `send` raise `RateLimited` for the outbox sender, while replies to a person wait and
retry. The token never reaches a log: see client.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar
from urllib.parse import urlparse

import httpx
from aiolimiter import AsyncLimiter
from sqlalchemy.exc import IntegrityError

from bot.app import App
from bot.channels.base import (
    ChannelError,
    FileRef,
    Incoming,
    Outgoing,
    RateLimited,
    TransientChannelError,
)
from bot.channels.menu import recall_choice, remember
from bot.db.models import Channel, InboundMessage
from bot.i18n import t
from bot.settings import SettingsError

from . import inbound, lookups
from .client import DEFAULT_RETRY_AFTER, ZaloAuthError, ZaloClient
from .render import compose, publish, split_message
from .webhook import WebhookServer

log = logging.getLogger(__name__)
T = TypeVar("T")

NAME = "zalo"
DEFAULT_WEBHOOK_PATH = "/zalo/webhook"
REPLY_ATTEMPTS = 4  # tries for a reply to a person (429/5xx) before giving up on it
MAX_REPLY_WAIT = 30.0  # longest pause before retrying a reply


class Handler(Protocol):
    """What the channel needs of the chat core (handlers.dispatcher.Dispatcher)."""

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        """The replies to one incoming message; never raises for bad input."""


class ZaloChannel:
    """`Sender` for Zalo, with `start()`/`stop()`. Built from the app's settings and a Dispatcher
    (the real `handlers.dispatcher.Dispatcher(app)` when none is given)."""

    name = NAME

    def __init__(
        self,
        app: App,
        dispatcher: Handler | None = None,
        *,
        poll_timeout: float = 30.0,
        idle_pause: float = 1.0,
        backoff: tuple[float, float] = (1.0, 60.0),
        workers: int = 4,
        retry_after: float = DEFAULT_RETRY_AFTER,
    ) -> None:
        settings = app.settings
        if settings.zalo_bot_token is None:
            raise SettingsError("ZALO_BOT_TOKEN: required to run the Zalo channel")
        secret = settings.zalo_webhook_secret
        if settings.zalo_webhook_url and not (
            secret and 8 <= len(secret.get_secret_value()) <= 256
        ):
            raise SettingsError(
                "ZALO_WEBHOOK_SECRET: required when ZALO_WEBHOOK_URL is set (8 to 256 characters)"
            )
        self.app = app
        self.settings = settings
        self._dispatcher = dispatcher
        self.client = ZaloClient(
            settings.zalo_bot_token.get_secret_value(),
            settings.zalo_base_url,
            poll_timeout=poll_timeout,
            default_retry_after=retry_after,
        )
        self.idle_pause = idle_pause
        self.backoff_min, self.backoff_max = backoff
        self.bot_names: list[str] = []
        self.bot_id: str | None = None
        self.ready = asyncio.Event()  # receiving (polling or webhook server up)
        self.stopped = asyncio.Event()  # gave up (token refused) or stop() was called
        self.webhook: WebhookServer | None = None
        self._queues: list[asyncio.Queue[dict[str, Any]]] = [
            asyncio.Queue() for _ in range(max(1, workers))
        ]
        self._tasks: list[asyncio.Task[None]] = []
        self._global_limit = AsyncLimiter(settings.zalo_rate_global, 1)
        self._chat_limits: dict[str, AsyncLimiter] = {}
        self._command_words: set[str] | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def dispatcher(self) -> Handler:
        if self._dispatcher is None:
            from handlers.dispatcher import Dispatcher

            self._dispatcher = Dispatcher(self.app)
        return self._dispatcher

    @property
    def webhook_mode(self) -> bool:
        return bool(self.settings.zalo_webhook_url)

    async def start(self) -> None:
        """Start receiving in the background; returns at once and never raises."""
        self.stopped.clear()
        self._tasks = [asyncio.create_task(self._worker(queue)) for queue in self._queues]
        self._tasks.append(asyncio.create_task(self._run(), name="zalo-receive"))

    async def stop(self, drain_timeout: float = 5.0) -> None:
        """Stop receiving, let queued updates finish (up to `drain_timeout`), close the client."""
        receiver = self._tasks[-1:] if self._tasks else []
        for task in receiver:
            task.cancel()
        if self.webhook is not None:
            await self.webhook.stop()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.idle(), drain_timeout)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        await self.client.aclose()
        self.ready.clear()
        self.stopped.set()

    async def _run(self) -> None:
        try:
            await self._identify()
            if self.webhook_mode:
                await self._start_webhook()
            else:
                await self._retrying("deleteWebhook", self.client.delete_webhook)
                self.ready.set()  # polling and a webhook exclude each other: polling now
                await self._poll()
        except ZaloAuthError:
            self._give_up(
                "the Zalo Bot Platform refused the bot token (401/403); check ZALO_BOT_TOKEN"
            )
        except OSError as exc:
            self._give_up(f"the webhook server could not listen: {exc.strerror or exc}")
        except ChannelError as exc:
            self._give_up(f"could not start: {exc}")

    def _give_up(self, why: str) -> None:
        log.error("Zalo channel stopped: %s. Other channels keep running.", why)
        self.ready.clear()
        self.stopped.set()

    async def _retrying(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        """`call()`, retried with exponential backoff on network errors, 5xx and 429."""
        delay = self.backoff_min
        while True:
            try:
                return await call()
            except (TransientChannelError, RateLimited) as exc:
                log.warning("Zalo %s failed (%s); retrying in %.1fs", what, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.backoff_max)

    async def _identify(self) -> None:
        """getMe: the bot's id and names (to recognise mentions in groups)."""
        me = await self._retrying("getMe", self.client.get_me)
        self.bot_id = str(me.get("id") or "") or None
        configured = [self.settings.zalo_bot_name] if self.settings.zalo_bot_name else []
        self.bot_names = configured + [
            str(me[key])
            for key in ("display_name", "name", "account_name", "first_name")
            if me.get(key)
        ]
        log.info("Zalo bot %s connected", self.bot_names[0] if self.bot_names else self.bot_id)

    async def _start_webhook(self) -> None:
        secret = self.settings.zalo_webhook_secret
        assert secret is not None  # checked in __init__
        url = str(self.settings.zalo_webhook_url)
        port = self.settings.zalo_webhook_port
        self.webhook = WebhookServer(
            path=urlparse(url).path or DEFAULT_WEBHOOK_PATH,
            secret=secret.get_secret_value(),
            on_update=self.enqueue,
            host=self.settings.webhook_listen,
            port=self.settings.webhook_port if port is None else port,
        )
        await self.webhook.start()
        await self._retrying(
            "setWebhook", lambda: self.client.set_webhook(url, secret.get_secret_value())
        )
        log.info("Zalo webhook set; listening on port %s", self.webhook.port)
        self.ready.set()

    async def _poll(self) -> None:
        loop = asyncio.get_running_loop()
        delay = self.backoff_min
        while True:
            began = loop.time()
            try:
                update = await self.client.get_update()
            except ZaloAuthError:
                raise
            except RateLimited as exc:
                await asyncio.sleep(min(exc.retry_after, self.backoff_max))
                continue
            except ChannelError as exc:
                log.warning("Zalo getUpdates failed (%s); retrying in %.0fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.backoff_max)
                continue
            delay = self.backoff_min
            if update is not None:
                self.enqueue(update)
            elif loop.time() - began < self.idle_pause:
                await asyncio.sleep(self.idle_pause)  # an instant "nothing": do not spin

    # ------------------------------------------------------------------ receiving

    async def idle(self) -> None:
        """Wait until every queued update has been handled (and its replies sent)."""
        await asyncio.gather(*(queue.join() for queue in self._queues))

    def enqueue(self, update: dict[str, Any]) -> None:
        """Queue an update on its chat's queue (so one chat's messages stay in order)."""
        message = inbound.parse_update(update)
        key = message.chat_id if message else ""
        self._queues[zlib.crc32(key.encode()) % len(self._queues)].put_nowait(update)

    async def _worker(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        while True:
            update = await queue.get()
            try:
                await self.process(update)
            except Exception:
                log.exception("Zalo: an update could not be handled")
            finally:
                queue.task_done()

    async def process(self, update: dict[str, Any]) -> None:
        """Handle one update: filter, dedupe, turn into an Incoming, dispatch, reply."""
        message = inbound.parse_update(update)
        if message is None or message.from_bot:
            return
        text = message.text
        if message.is_group:
            addressed = inbound.addressed_text(text, self.bot_names)
            replied = self.bot_id is not None and message.replied_to == self.bot_id
            if addressed is None and not replied:
                return  # in groups the bot speaks only when spoken to
            text = addressed if addressed is not None else text
        if not await self._first_time(message.message_id):
            return
        if message.event in (inbound.STICKER, inbound.UNSUPPORTED):
            polite = "zalo-sticker-reply" if message.event == inbound.STICKER else None
            locale = await self._locale(message.user_id)
            text = t(locale, polite or "zalo-unsupported-reply")
            await self.reply(message.chat_id, [Outgoing(text)])
            return
        if message.event not in (inbound.TEXT, inbound.IMAGE):
            return
        incoming = await self._incoming(message, text)
        if incoming is None:
            return
        with contextlib.suppress(ChannelError):
            await self.client.send_chat_action(message.chat_id)
        await self.reply(message.chat_id, await self.dispatcher.handle(incoming))

    async def _first_time(self, message_id: str) -> bool:
        """Record the message id; False when it was handled before (a repeated delivery)."""
        try:
            async with self.app.db.session() as session:
                session.add(
                    InboundMessage(
                        channel=Channel.ZALO,
                        message_id=message_id[:80],
                        received_at=self.app.clock.now(),
                    )
                )
        except IntegrityError:
            return False
        return True

    async def _incoming(self, message: inbound.ZaloMessage, text: str) -> Incoming | None:
        file = None
        if message.event == inbound.IMAGE:
            if message.photo_url is None:
                return None
            file = FileRef(file_id=message.message_id, kind="photo", url=message.photo_url)
        choice = None
        if text and file is None:
            text, choice = await self._read_text(message, text)
        return Incoming(
            channel=NAME,
            chat_id=message.chat_id,
            user_id=message.user_id,
            display_name=message.display_name,
            text=text or None,
            choice=choice,
            file=file,
            is_group=message.is_group,
            message_id=message.message_id,
            received_at=message.sent_at,
        )

    async def _read_text(self, message: inbound.ZaloMessage, text: str) -> tuple[str, str | None]:
        """Outside a form, a typed command word becomes a command ("start ABC" → "/start ABC")
        and a reply naming a line of the chat's numbered menu becomes that choice. Inside a form
        the text goes as typed: the form reads it against the question it asked, so a reminder
        that arrived meanwhile cannot turn "2" (per cent) into its own second line."""
        async with self.app.db.session() as session:
            if await lookups.in_form(session, message.chat_id, message.user_id):
                return text, None
            text = inbound.as_command(text, self.command_words())
            if text.startswith("/"):
                return text, None
            picked = await recall_choice(session, NAME, message.chat_id, text)
        return (text, picked.value) if picked else (text, None)

    def command_words(self) -> set[str]:
        """Every command of the chat core's menus, for reading commands typed without "/"."""
        if self._command_words is None:
            from handlers.commands import command_menu

            words = {"start"}
            for role in (None, "focal", "coordinator", "admin"):
                for locale in ("vi", "en"):
                    words.update(name.lstrip("/").lower() for name, _ in command_menu(role, locale))
            self._command_words = words
        return self._command_words

    async def _locale(self, user_id: str) -> str:
        async with self.app.db.session() as session:
            return await lookups.person_locale(session, user_id, self.settings.default_locale)

    # ------------------------------------------------------------------ sending

    async def reply(self, chat_id: str, messages: list[Outgoing]) -> None:
        """Send replies to a person in order, waiting out 429s and retrying network errors."""
        for message in messages:
            delay = self.backoff_min
            for attempt in range(1, REPLY_ATTEMPTS + 1):
                try:
                    await self.send(chat_id, message)
                    break
                except (RateLimited, TransientChannelError) as exc:
                    if attempt == REPLY_ATTEMPTS:
                        log.warning("Zalo: a reply could not be delivered: %s", exc)
                        return
                    wait = exc.retry_after if isinstance(exc, RateLimited) else delay
                    await asyncio.sleep(min(wait, MAX_REPLY_WAIT))
                    delay = min(delay * 2, self.backoff_max)
                except ChannelError as exc:
                    log.warning("Zalo: a reply was refused: %s", exc)
                    return

    async def send(self, chat_id: str, message: Outgoing) -> str | None:
        """Send one message: text (split at 2,000 characters), numbered choices (remembered so a
        typed reply maps back), a document as a link, an image by URL. Returns the last message id.

        A 429 or a network error before anything went out is raised (the outbox retries later);
        once a part went out, the rest is retried here (a few times) so that no part goes twice.
        """
        async with self.app.db.session() as session:
            locale = await lookups.person_locale(session, chat_id, self.settings.default_locale)
            await remember(session, NAME, chat_id, message.choices)
        base_url = self.settings.public_files_base_url
        links: list[str] = []
        if message.document is not None:
            if base_url:
                url = await asyncio.to_thread(
                    publish, message.document, self.settings.files_dir, base_url
                )
                links.append(t(locale, "zalo-document-link", name=message.document.name, url=url))
            else:
                links.append(t(locale, "zalo-document-unavailable", name=message.document.name))
        parts: list[tuple[str, str]] = [
            ("text", part) for part in split_message(compose(message, locale, links))
        ]
        if message.image is not None and base_url:
            url = await asyncio.to_thread(publish, message.image, self.settings.files_dir, base_url)
            parts.append(("photo", url))
        last_id: str | None = None
        for index, (kind, value) in enumerate(parts):
            delay = self.backoff_min
            for attempt in range(1, REPLY_ATTEMPTS + 1):
                try:
                    last_id = await self._send_part(chat_id, kind, value, message)
                    break
                except (RateLimited, TransientChannelError) as exc:
                    if index == 0 or attempt == REPLY_ATTEMPTS:
                        raise
                    wait = exc.retry_after if isinstance(exc, RateLimited) else delay
                    await asyncio.sleep(min(wait, MAX_REPLY_WAIT))
                    delay = min(delay * 2, self.backoff_max)
        return last_id

    async def _send_part(
        self, chat_id: str, kind: str, value: str, message: Outgoing
    ) -> str | None:
        limit = self._chat_limits.setdefault(
            chat_id, AsyncLimiter(self.settings.zalo_rate_per_chat, 1)
        )
        async with self._global_limit, limit:
            if kind == "photo":
                caption = message.image.caption if message.image else None
                return await self.client.send_photo(chat_id, value, caption)
            return await self.client.send_message(chat_id, value)

    async def download(self, file: FileRef) -> bytes:
        """The bytes of a picture a person sent (Zalo gives a URL, not a file id)."""
        if not file.url:
            raise ChannelError("this Zalo file has no URL")
        try:
            async with httpx.AsyncClient(timeout=30, follow_redirects=True) as http:
                response = await http.get(file.url)
                response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            code = exc.response.status_code
            error = TransientChannelError if code >= 500 else ChannelError
            raise error(f"download: HTTP {code}") from None
        except httpx.HTTPError as exc:
            raise TransientChannelError(f"download: {exc.__class__.__name__}") from None
        return response.content
