"""The Telegram channel: python-telegram-bot as the transport, dondoc's dispatcher as the brain.

PTB's `Application` receives updates (long polling; or, when TELEGRAM_WEBHOOK_URL is set, a route
of dondoc's one web server that checks Telegram's secret header and puts each update on PTB's
update queue: `webhook_routes`) and makes the Bot API calls; it keeps no state of its own (no PTB
persistence, no ConversationHandler): forms and their drafts live in dondoc's tables, so the same
forms run on Zalo and the console and survive a restart. Every Bot API request that sends takes
its turn from the channel's limits (TELEGRAM_RATE_*), replies as much as the outbox's reminders.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from aiohttp import web
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    Chat,
    Message,
    Update,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.app import App
from bot.channels import webhook
from bot.channels.base import (
    ChannelError,
    Deliver,
    Delivery,
    FileRef,
    Handles,
    Incoming,
    Outgoing,
    as_deliver,
)
from bot.channels.capabilities import Capabilities, capabilities
from bot.channels.invites import deep_link
from bot.channels.limits import ChannelLimits, Rates
from bot.channels.retry import retrying
from bot.channels.telegram import NAME
from bot.channels.telegram.callbacks import CallbackKeys
from bot.channels.telegram.errors import mapped_errors
from bot.channels.telegram.inbound import (
    addressed_to_bot,
    incoming_from_choice,
    incoming_from_message,
    is_group,
)
from bot.channels.telegram.logs import keep_token_out_of_logs
from bot.channels.telegram.outbound import Outbound, editable
from bot.channels.telegram.transport import AiohttpRequest
from bot.channels.telegram.updates import PerChatUpdates
from bot.i18n import normalise_locale, t
from bot.settings import Settings, SettingsError

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
GROUP_WINDOW = 60.0  # seconds: TELEGRAM_RATE_PER_GROUP_MINUTE counts messages in this window
TYPING_AFTER = 1.0  # seconds of work after which the person sees "typing…"
COMMAND_LANGUAGES = (("vi", None), ("en", "en"))  # (locale, Telegram language_code); vi default


def file_base_url(base_url: str) -> str:
    """Where files are downloaded from, matching the Bot API base URL: …/bot → …/file/bot,
    https://api.telegram.org/bot{token}/test → https://api.telegram.org/file/bot{token}/test."""
    head, found, tail = base_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot{tail}" if found else base_url.rstrip("/") + "/file/bot"


def rates(settings: Settings) -> Rates:
    return Rates(
        settings.telegram_rate_global,
        settings.telegram_rate_per_chat,
        settings.telegram_rate_per_group_minute,
        GROUP_WINDOW,
    )


class TelegramChannel:
    """dondoc on Telegram, a `Channel`."""

    name = NAME

    def __init__(
        self,
        app: App,
        inbound: Deliver | Handles | None = None,
        *,
        poll_timeout: timedelta = timedelta(seconds=10),
        backoff: tuple[float, float] = (1.0, 60.0),
    ) -> None:
        """`inbound`: the dispatcher (or anything with `handle`, or the inbound callable), unless
        `start` is given one. `poll_timeout`: how long a getUpdates long poll is held open (and
        so how long `stop` may wait for the one in flight). `backoff`: the first and the longest
        pause between attempts to reach the Bot API at start."""
        settings = app.settings
        if settings.telegram_bot_token is None:
            raise SettingsError("TELEGRAM_BOT_TOKEN: required to run the Telegram channel")
        if settings.telegram_webhook_url and settings.telegram_webhook_secret is None:
            raise SettingsError(
                "TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set "
                "(1–256 characters: A–Z, a–z, 0–9, _ and -)"
            )
        self._settings = settings
        self._poll_timeout = poll_timeout
        self._backoff = backoff
        self._inbound = inbound
        self._deliver: Deliver | None = None
        self._keys = CallbackKeys()
        self.limits = ChannelLimits(rates(settings))
        self._requests = AiohttpRequest()  # every Bot API call but getUpdates (transport.py)
        token = settings.telegram_bot_token.get_secret_value()
        webhook_secret = settings.telegram_webhook_secret
        secret = webhook_secret.get_secret_value() if webhook_secret else None
        keep_token_out_of_logs(token, secret)  # PTB's loggers: building logs the token's URLs
        self._application: Application = (  # type: ignore[type-arg]
            ApplicationBuilder()
            .token(token)
            .base_url(settings.telegram_base_url)
            .base_file_url(file_base_url(settings.telegram_base_url))
            .concurrent_updates(PerChatUpdates())
            .request(self._requests)
            .build()
        )
        keep_token_out_of_logs(token, secret)  # and the HTTP loggers building made
        self._outbound = Outbound(self._application.bot, self._keys)
        self._application.add_handler(TypeHandler(Update, self._on_update))
        self._application.add_error_handler(self._on_error)

    @property
    def username(self) -> str | None:
        """The bot's @username for deep links t.me/<username>?start=…; None until started."""
        try:
            return self._application.bot.username
        except RuntimeError:  # PTB: the bot is not initialized (getMe not called yet)
            return None

    @property
    def capabilities(self) -> Capabilities:
        return capabilities(NAME)

    def invite_link(self, code: str) -> str | None:
        """t.me/<bot>?start=<code>: TELEGRAM_BOT_USERNAME, else the name getMe gave."""
        username = self._settings.telegram_bot_username or self.username
        return deep_link(username, code) if username else None

    # ------------------------------------------------------------------ lifecycle

    async def start(self, deliver_incoming: Deliver | None = None) -> None:
        """Connect (getMe), publish the command menus, and start receiving updates.

        A token Telegram refuses raises `SettingsError` (its message names the setting, never
        the token: Telegram's own answer quotes it). An unreachable Bot API is tried again with
        backoff, one log line per attempt, until it answers.
        """
        inbound = deliver_incoming or self._inbound
        if inbound is None:
            raise SettingsError("the Telegram channel was started without an inbound callable")
        self._deliver = as_deliver(inbound)
        try:
            await retrying(
                "Telegram getMe",
                self._initialize,
                log=logger,
                backoff=self._backoff,
                when=lambda error: isinstance(error, NetworkError),
            )
        except InvalidToken:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN: Telegram refused the token (401 Unauthorized); "
                "check the token @BotFather gave"
            ) from None
        await self._publish_commands()
        url = self._settings.telegram_webhook_url
        if url:
            await self._application.start()  # the webhook route's updates are handled from now
            try:
                await retrying(
                    "Telegram setWebhook",
                    lambda: self._set_webhook(url),
                    log=logger,
                    backoff=self._backoff,
                    when=lambda error: isinstance(error, NetworkError),
                )
            except BaseException:
                await self._application.stop()
                raise
            logger.info("Telegram: webhook set, updates come to the web server")
            return
        updater = self._application.updater
        assert updater is not None  # ApplicationBuilder always makes one
        await updater.start_polling(timeout=self._poll_timeout, allowed_updates=ALLOWED_UPDATES)
        logger.info("Telegram: long polling as @%s", self.username)
        await self._application.start()

    def webhook_routes(self) -> list[web.RouteDef]:
        """In webhook mode, the POST route at TELEGRAM_WEBHOOK_URL's path (mounted on the one web
        server by the runtime); none when polling."""
        return webhook.routes(
            self._settings.telegram_webhook_url,
            self._settings.telegram_webhook_secret,
            header=SECRET_HEADER,
            take=self._take_update,
            name="Telegram",
        )

    async def _set_webhook(self, url: str) -> None:
        secret = self._settings.telegram_webhook_secret
        assert secret is not None  # checked in __init__
        try:
            await self._application.bot.set_webhook(
                url, allowed_updates=ALLOWED_UPDATES, secret_token=secret.get_secret_value()
            )
        except BadRequest as error:  # e.g. not an https URL (PTB's BadRequest is a NetworkError)
            raise SettingsError(
                f"TELEGRAM_WEBHOOK_URL: Telegram refused it ({error.message})"
            ) from None
        except NetworkError as error:  # its message may carry the URL with the token
            raise NetworkError(type(error).__name__) from None

    async def _take_update(self, data: dict[str, Any]) -> bool:
        """An update Telegram posted, onto PTB's queue (handled in its chat's order)."""
        if not self._application.running:
            return False
        try:
            update = Update.de_json(data, self._application.bot)
        except (KeyError, TypeError) as error:
            raise ValueError("not an update") from error
        await self._application.update_queue.put(update)
        return True

    async def stop(self) -> None:
        updater = self._application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self._application.running:
            await self._application.stop()
        await self._application.shutdown()

    async def _publish_commands(self) -> None:
        """setMyCommands for everyone (focal points are most people) and, per chat, for the
        configured admins, in Vietnamese (the default) and English."""
        from handlers.commands import command_menu

        bot = self._application.bot
        admin_chats = sorted(self._settings.admin_ids(self.name))
        for locale, language_code in COMMAND_LANGUAGES:
            menus: list[tuple[list[BotCommand], BotCommandScopeChat | None]] = [
                ([BotCommand(c, d) for c, d in command_menu("focal", locale)], None)
            ]
            admins = [BotCommand(c, d) for c, d in command_menu("admin", locale)]
            menus += [(admins, BotCommandScopeChat(chat)) for chat in admin_chats]
            for commands, scope in menus:
                try:
                    await bot.set_my_commands(commands, scope=scope, language_code=language_code)
                except TelegramError as error:  # e.g. an admin who never opened the bot's chat
                    logger.warning("Telegram: command menu not set (%s): %s", scope, error.message)

    async def _initialize(self) -> None:
        """getMe. PTB's errors name the token (an unreachable server's in the URL, a refused
        token's in its message): they are raised without their cause and traceback. A failed
        attempt closes the HTTP session it opened (PTB closes only what initialized)."""
        try:
            await self._application.initialize()
        except BaseException as error:
            await self._requests.shutdown()
            if isinstance(error, InvalidToken):
                raise InvalidToken("refused") from None
            if isinstance(error, NetworkError):
                raise NetworkError(type(error).__name__) from None
            raise

    # ------------------------------------------------------------------ sending

    async def send(self, chat_id: str, message: Outgoing, *, group: bool = False) -> Delivery:
        """Send `message`; the id of the last Telegram message it took. Raises `ChannelError`."""
        sent = await self._outbound.deliver(chat_id, message, limits=self.limits, group=group)
        return Delivery(sent)

    async def download(self, file: FileRef) -> bytes:
        with mapped_errors():
            telegram_file = await self._application.bot.get_file(file.file_id)
            return bytes(await telegram_file.download_as_bytearray())

    async def _reply_all(
        self, chat_id: int, answers: list[Outgoing], *, reply_to: int | None, group: bool
    ) -> None:
        """Send a handler's answers in order; a refusal by Telegram is logged, not raised (there
        is nobody to raise it to)."""
        for answer in answers:
            try:
                await self._outbound.deliver(
                    chat_id,
                    answer,
                    reply_to=reply_to,
                    patient=True,
                    limits=self.limits,
                    group=group,
                )
            except ChannelError as error:
                logger.warning("Telegram: could not answer in chat %s: %s", chat_id, error)

    # ------------------------------------------------------------------ updates

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            await self._on_choice(update.callback_query)
        elif update.message is not None:
            await self._on_message(update.message)

    async def _handle(self, incoming: Incoming) -> list[Outgoing]:
        """The dispatcher's answers; if it fails anyway, one apology instead of silence. When
        it takes a while (a report, an import) the person sees "typing…" meanwhile."""
        typing = asyncio.create_task(self._typing_after(incoming.chat_id, TYPING_AFTER))
        try:
            assert self._deliver is not None  # set by start()
            return await self._deliver(incoming)
        except Exception:
            logger.exception("Telegram: the dispatcher failed on %s", incoming.message_id)
            return [Outgoing(t(incoming.language, "error-generic"))]
        finally:
            typing.cancel()

    async def _typing_after(self, chat_id: str, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            await self._application.bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as error:  # only a courtesy
            logger.info("Telegram: no typing indicator in %s: %s", chat_id, error.message)

    async def _on_message(self, message: Message) -> None:
        user = message.from_user
        if user is None or user.is_bot or message.chat.type == Chat.CHANNEL:
            return
        group = is_group(message.chat)
        bot = self._application.bot
        if group and not addressed_to_bot(message, bot_id=bot.id, bot_username=bot.username):
            return
        reply_to = message.message_id if group else None
        incoming = incoming_from_message(message, user)
        if incoming is None:
            unsupported = Outgoing(t(normalise_locale(user.language_code), "telegram-unsupported"))
            await self._reply_all(message.chat.id, [unsupported], reply_to=reply_to, group=group)
            return
        answers = await self._handle(incoming)
        await self._reply_all(message.chat.id, answers, reply_to=reply_to, group=group)

    async def _on_choice(self, query: CallbackQuery) -> None:
        question = query.message
        value = self._keys.value_of(query.data or "")
        locale = normalise_locale(query.from_user.language_code)
        if not isinstance(question, Message) or value is None:
            await _acknowledge(query, t(locale, "telegram-button-expired"))
            return
        asked = _asked(question)
        owner = asked.from_user.id if asked is not None and asked.from_user else None
        if owner is not None and owner != query.from_user.id:  # someone else's, in a group
            await _acknowledge(query, t(locale, "telegram-not-your-question"))
            return
        await _acknowledge(query)
        answers = await self._handle(incoming_from_choice(query, question, value))
        if not answers:  # nothing came of it (a stranger's press in a group): leave the question
            return
        try:
            if editable(answers[0]):
                await self._outbound.edit(question, answers[0])
                answers = answers[1:]
            else:
                await self._outbound.show_answer(question, _label_of(question, query.data))
        except BadRequest as error:  # too old to edit, or unchanged
            logger.info("Telegram: question %s not edited: %s", question.message_id, error.message)
        # In a group the next question answers the same message, so it stays that person's.
        reply_to = asked.message_id if asked is not None else None
        await self._reply_all(
            question.chat.id, answers, reply_to=reply_to, group=is_group(question.chat)
        )

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        logger.error("Telegram: error while handling an update: %r", context.error)


async def _acknowledge(query: CallbackQuery, alert: str | None = None) -> None:
    """Stop the button's spinner (with `alert` shown, if any). A press older than Telegram keeps
    queries for (after a restart) cannot be acknowledged any more; it is still handled."""
    try:
        await query.answer(alert, show_alert=alert is not None)
    except TelegramError as error:
        logger.info("Telegram: callback query not answered: %s", error.message)


def _asked(question: Message) -> Message | None:
    """In a group, the member's message a question answers (whose question it is)."""
    return question.reply_to_message if is_group(question.chat) else None


def _label_of(question: Message, data: str | None) -> str | None:
    """The label of the button whose callback_data is `data`, on the question pressed."""
    markup = question.reply_markup
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
