"""The Zalo channel: Zalo Bot Platform updates in, `Outgoing` messages out. It only translates.

Receiving: polling by default (deleteWebhook, then getUpdates in a loop, one update per call, a
short pause after an empty answer so that nothing spins), or webhook mode when ZALO_WEBHOOK_URL is
set (setWebhook with ZALO_WEBHOOK_SECRET; Zalo posts to a route of dondoc's one web server,
`webhook_routes`, which checks the secret header). Each update is handled in
its chat's order (bot/channels/ordering.py) while chats do not wait on each other, read once by
bot/channels/reading.py (repeats dropped, typed command words, numbered menus), then handed to
the inbound callable; the reading keeps the menu of the answers too. Sending renders an `Outgoing`
in its own `locale`; the adapter reads a person's language itself only to answer a sticker or a
message it cannot read (lookups.py), which never reach the core.

Faults: a 401/403 on getMe writes one log line and stops this channel only (start() never raises,
so Telegram and the scheduler keep running); network errors and 5xx are retried with backoff
(bot/channels/retry.py); a 429 makes `send` raise `RateLimited` for the outbox sender, while
replies to a person wait and retry. Every request takes its turn from the channel's limits
(ZALO_RATE_GLOBAL, ZALO_RATE_PER_CHAT). The token never reaches a log: see client.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection
from functools import partial
from typing import Any

import httpx
from aiohttp import web

from bot.app import App
from bot.channels import webhook
from bot.channels.base import (
    ChannelError,
    Deliver,
    Delivery,
    FileRef,
    Handles,
    Outgoing,
    TransientChannelError,
    as_deliver,
)
from bot.channels.capabilities import Capabilities, capabilities
from bot.channels.limits import ChannelLimits, Rates
from bot.channels.menu import show
from bot.channels.ordering import PerChat
from bot.channels.reading import reading
from bot.channels.retry import retrying
from bot.channels.zalo import NAME
from bot.i18n import t
from bot.settings import Settings, SettingsError

from . import inbound, lookups
from .client import DEFAULT_RETRY_AFTER, ZaloAuthError, ZaloClient
from .render import compose, publish, split_message

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
REPLY_ATTEMPTS = 4  # tries for a reply to a person (429/5xx) before giving up on it
MAX_REPLY_WAIT = 30.0  # longest pause before retrying a reply


def rates(settings: Settings) -> Rates:
    return Rates(
        settings.zalo_rate_global, settings.zalo_rate_per_chat, settings.zalo_rate_per_chat * 60
    )


def not_refused(error: BaseException) -> bool:
    """Whatever failed, except the token being refused, may work when tried again."""
    return isinstance(error, ChannelError) and not isinstance(error, ZaloAuthError)


class ZaloChannel:
    """A `Channel` for Zalo. `inbound`: the dispatcher (or anything with `handle`, or the inbound
    callable itself); None: the core's own `handlers.dispatcher.Dispatcher(app)`, made when the
    channel starts. `command_words`: the commands people may type without "/" (the
    dispatcher's, when it is the inbound)."""

    name = NAME

    def __init__(
        self,
        app: App,
        inbound: Deliver | Handles | None = None,
        *,
        command_words: Collection[str] | None = None,
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
        self._inbound = inbound
        self._command_words = command_words
        self._deliver: Deliver | None = None
        self.client = ZaloClient(
            settings.zalo_bot_token.get_secret_value(),
            settings.zalo_base_url,
            poll_timeout=poll_timeout,
            default_retry_after=retry_after,
        )
        self.limits = ChannelLimits(rates(settings))
        self.idle_pause = idle_pause
        self.backoff = backoff
        self.bot_names: list[str] = []
        self.bot_id: str | None = None
        self.ready = asyncio.Event()  # receiving (polling, or the webhook set)
        self.stopped = asyncio.Event()  # gave up (token refused) or stop() was called
        self._accepting = False  # the webhook route hands updates on (after getMe)
        self._order = PerChat()
        self._workers = asyncio.Semaphore(max(1, workers))  # updates handled at once
        self._pending: set[asyncio.Task[None]] = set()
        self._receiver: asyncio.Task[None] | None = None

    @property
    def capabilities(self) -> Capabilities:
        return capabilities(NAME)

    # ------------------------------------------------------------------ lifecycle

    @property
    def webhook_mode(self) -> bool:
        return bool(self.settings.zalo_webhook_url)

    async def start(self, deliver_incoming: Deliver | None = None) -> None:
        """Start receiving in the background; returns at once and never raises."""
        self._deliver = self._reading(deliver_incoming)
        self.stopped.clear()
        self._receiver = asyncio.create_task(self._run(), name="zalo-receive")

    def _reading(self, deliver_incoming: Deliver | None) -> Deliver:
        inbound = deliver_incoming or self._inbound
        if inbound is None:
            # Built here rather than imported at the top: handlers/ sits above the channels,
            # and tools (and tests) start a channel on the real core without building one.
            from handlers.dispatcher import Dispatcher

            inbound = Dispatcher(self.app)
            if self._command_words is None:
                self._command_words = inbound.command_words
        return reading(self.app, as_deliver(inbound), self._command_words or ())

    async def stop(self, drain_timeout: float = 5.0) -> None:
        """Stop receiving, let updates in hand finish (up to `drain_timeout`), close the client."""
        if self._receiver is not None:
            self._receiver.cancel()
            await asyncio.gather(self._receiver, return_exceptions=True)
            self._receiver = None
        self._accepting = False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.idle(), drain_timeout)
        for task in list(self._pending):
            task.cancel()
        await asyncio.gather(*self._pending, return_exceptions=True)
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
        except ChannelError as exc:
            self._give_up(f"could not start: {exc}")

    def _give_up(self, why: str) -> None:
        log.error("Zalo channel stopped: %s. Other channels keep running.", why)
        self._accepting = False
        self.ready.clear()
        self.stopped.set()

    async def _retrying(self, what: str, call: Any) -> Any:
        """`call()` until it works, with backoff on network errors, 5xx and 429."""
        return await retrying(f"Zalo {what}", call, log=log, backoff=self.backoff)

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

    def webhook_routes(self) -> list[web.RouteDef]:
        """In webhook mode, the POST route at ZALO_WEBHOOK_URL's path (mounted on the one web
        server by the runtime); none when polling."""
        return webhook.routes(
            self.settings.zalo_webhook_url,
            self.settings.zalo_webhook_secret,
            header=SECRET_HEADER,
            take=self._take_update,
            name="Zalo",
        )

    async def _take_update(self, update: dict[str, Any]) -> bool:
        if not self._accepting:
            return False
        self.enqueue(update)
        return True

    async def _start_webhook(self) -> None:
        secret = self.settings.zalo_webhook_secret
        assert secret is not None  # checked in __init__
        url = str(self.settings.zalo_webhook_url)
        self._accepting = True
        await self._retrying(
            "setWebhook", lambda: self.client.set_webhook(url, secret.get_secret_value())
        )
        log.info("Zalo webhook set; updates come to the web server")
        self.ready.set()

    async def _poll(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            began = loop.time()
            update = await retrying(
                "Zalo getUpdates",
                self.client.get_update,
                log=log,
                backoff=self.backoff,
                when=not_refused,
            )
            if update is not None:
                self.enqueue(update)
            elif loop.time() - began < self.idle_pause:
                await asyncio.sleep(self.idle_pause)  # an instant "nothing": do not spin

    # ------------------------------------------------------------------ receiving

    async def idle(self) -> None:
        """Wait until every update received so far has been handled (and its replies sent)."""
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    def enqueue(self, update: dict[str, Any]) -> None:
        """Handle an update after the earlier ones of its chat."""
        message = inbound.parse_update(update)
        task = asyncio.create_task(self._in_order(message.chat_id if message else "", update))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _in_order(self, chat_id: str, update: dict[str, Any]) -> None:
        async with self._order.turn(chat_id), self._workers:
            try:
                await self.process(update)
            except Exception:
                log.exception("Zalo: an update could not be handled")

    async def process(self, update: dict[str, Any]) -> None:
        """Handle one update: filter, turn into an Incoming, deliver, reply."""
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
        if message.event in (inbound.STICKER, inbound.UNSUPPORTED):
            polite = "zalo-sticker-reply" if message.event == inbound.STICKER else None
            locale = await self._locale(message.user_id)
            text = t(locale, polite or "zalo-unsupported-reply")
            await self.reply(message.chat_id, [Outgoing(text)], group=message.is_group)
            return
        incoming = inbound.incoming(message, text)
        if incoming is None:
            return
        with contextlib.suppress(ChannelError):
            await self.client.send_chat_action(message.chat_id)
        assert self._deliver is not None  # set by start()
        answers = await self._deliver(incoming)
        await self.reply(message.chat_id, answers, group=message.is_group)

    async def _locale(self, user_id: str) -> str:
        async with self.app.db.session() as session:
            return await lookups.person_locale(session, user_id, self.settings.default_locale)

    # ------------------------------------------------------------------ sending

    async def reply(self, chat_id: str, messages: list[Outgoing], *, group: bool = False) -> None:
        """Send replies to a person in order, waiting out 429s and retrying network errors; a
        reply that cannot go is logged (there is nobody to raise it to), and the rest dropped."""
        for message in messages:
            try:
                await self._patiently(
                    "reply", partial(self._send, chat_id, message, group=group, reply=True)
                )
            except ChannelError as exc:
                log.warning("Zalo: a reply could not be delivered: %s", exc)
                return

    async def _patiently(self, what: str, call: Any, attempts: int = REPLY_ATTEMPTS) -> Any:
        low, high = self.backoff
        return await retrying(
            f"Zalo {what}",
            call,
            log=log,
            backoff=(low, min(high, MAX_REPLY_WAIT)),
            attempts=attempts,
        )

    async def send(self, chat_id: str, message: Outgoing, *, group: bool = False) -> Delivery:
        """Send one message: text (split at 2,000 characters), numbered choices (the core keeps
        them as the chat's menu, so a typed reply maps back), a document as a link, an image by
        URL.

        A 429 or a network error before anything went out is raised (the outbox retries later);
        once a part went out, the rest is retried here (a few times) so that no part goes twice.
        """
        delivery = await self._send(chat_id, message, group=group, reply=False)
        await show(self.app.db, NAME, chat_id, [message])  # once sent: a refused one keeps the old
        return delivery

    async def _send(self, chat_id: str, message: Outgoing, *, group: bool, reply: bool) -> Delivery:
        """`message` in Zalo's terms, in the language it was written in (`Outgoing.locale`)."""
        locale = message.locale or self.settings.default_locale
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
        caption = message.image.caption if message.image else None
        last_id: str | None = None
        for index, (kind, value) in enumerate(parts):
            last_id = await self._patiently(
                "send",
                partial(self._send_part, chat_id, kind, value, caption, group, reply),
                attempts=1 if index == 0 else REPLY_ATTEMPTS,
            )
        return Delivery(last_id)

    async def _send_part(
        self, chat_id: str, kind: str, value: str, caption: str | None, group: bool, reply: bool
    ) -> str | None:
        async with self.limits.turn(chat_id, group=group, reply=reply):
            if kind == "photo":
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
