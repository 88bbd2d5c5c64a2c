"""`dondoc run`: migrate, start the chat channels and the scheduler, run until stopped.

Telegram runs when TELEGRAM_BOT_TOKEN is set, Zalo when ZALO_BOT_TOKEN is set (both can run in one
process); with neither, the console demo starts on the same database with the sample Quảng Nam
plan loaded once. Every channel is built here as `Channel(app, inbound, **options)` and started
with the same inbound callable, the dispatcher's `handle`. One web server (bot/web/server.py)
serves the dashboard and, mounted before it starts, the webhook routes of the channels that
receive by webhook; it starts before the channels, so a platform told where to post finds it.
Forms left idle are nudged (then expired) by a small loop here; the nudges go out through
`App.send`, the road the outbox's reminders take.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TextIO, cast

from bot import demo
from bot.app import App
from bot.channels.base import Channel, ChannelError, Incoming, Outgoing, ReceivesWebhooks
from bot.channels.console import ConsoleChannel
from bot.db.engine import open_database
from bot.db.migrate import create_at_head
from bot.i18n import t
from bot.settings import Settings, SettingsError

# The chat core, the scheduler (APScheduler), the web server (aiohttp, Jinja) and the services
# behind them (the working calendar's holidays …) are imported where they start (`_serve`,
# `start_web`, `demo_tick`, `send_idle_nudges`): the console demo shows its prompt first.
if TYPE_CHECKING:
    from bot.web.server import WebServer
    from handlers.dispatcher import Dispatcher

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 60


class RedactSecrets(logging.Filter):
    """Bot tokens sit in the platforms' URL paths: no log line may carry one."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "<TOKEN>")
            record.msg, record.args = message, None
        return True


def configure_logging(settings: Settings, *, console: bool) -> None:
    """Log to stderr at LOG_LEVEL (the console demo: warnings only, to keep the chat readable);
    HTTP client request lines, which would show token-bearing URLs, are kept to warnings."""
    named = logging.getLevelName(settings.log_level.upper())
    level = logging.WARNING if console else named if isinstance(named, int) else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    secrets = (
        settings.telegram_bot_token,
        settings.zalo_bot_token,
        settings.telegram_webhook_secret,
        settings.zalo_webhook_secret,
    )
    tokens = [secret.get_secret_value() for secret in secrets if secret is not None]
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactSecrets(tokens))
    for name in settings.retired:
        log.warning("%s is no longer used (webhooks are served on WEB_LISTEN:WEB_PORT)", name)


def chat_channels(app: App, dispatcher: Dispatcher) -> list[Channel]:
    """The platform channels whose tokens are set, registered as the app's senders. A platform's
    adapter (and python-telegram-bot) is imported only when its token is set: the console demo
    and a one-platform bot do without the other."""
    settings = app.settings
    channels: list[Channel] = []
    if settings.telegram_bot_token is not None:
        from bot.channels.telegram import TelegramChannel

        channels.append(TelegramChannel(app, dispatcher))
    if settings.zalo_bot_token is not None:
        from bot.channels.zalo.channel import ZaloChannel

        channels.append(ZaloChannel(app, dispatcher, command_words=dispatcher.command_words))
    for channel in channels:
        app.senders[channel.name] = channel
    return channels


async def send_idle_nudges(app: App) -> None:
    from handlers.idle import nudge_idle_forms  # the chat core's: loaded after the prompt

    for channel, chat_id, message in await nudge_idle_forms(app):
        if channel not in app.senders:
            continue
        try:
            await app.send(channel, chat_id, message)
        except ChannelError:  # a nudge that cannot be delivered is not worth more than a log line
            log.warning("could not nudge an idle form on %s", channel)


async def _idle_loop(app: App) -> None:
    while True:
        await asyncio.sleep(IDLE_CHECK_SECONDS)
        try:
            await send_idle_nudges(app)
        except Exception:
            log.exception("nudging idle forms failed")


async def demo_tick(app: App) -> None:
    """After the console moves the clock: plan reminders, send what is due, nudge idle forms."""
    from schedules.scheduler import run_planner  # APScheduler: loaded after the prompt
    from schedules.sender import OutboxSender

    await run_planner(app)
    await OutboxSender(app).drain()
    await send_idle_nudges(app)


async def start_web(
    app: App,
    channels: list[Channel],
    console: ConsoleChannel | None = None,
    listening: socket.socket | None = None,
) -> WebServer | None:
    """Serve the dashboard (bot/web) in every mode, and the channels' webhook routes on the same
    server; the console demo prints its address (or `listen_for_dashboard` did, and the server
    serves on its socket). Without webhooks a port already taken is one warning, not the end of
    the chat; with them it is a `SettingsError` (nothing could arrive)."""
    from bot.web.server import WebServer  # aiohttp and Jinja: loaded after the console's prompt

    server = WebServer(app)
    hooked = []
    for channel in channels:
        if isinstance(channel, ReceivesWebhooks) and (routes := channel.webhook_routes()):
            server.add_routes(routes)
            hooked.append(channel)
    try:
        address = await server.start(listening)
    except OSError as exc:
        why = _reason(exc)
        if hooked:
            names = " and ".join(channel.name for channel in hooked)
            raise SettingsError(
                f"WEB_PORT: cannot listen on {_web_address(app.settings)} ({why}), and the "
                f"{names} webhook is served there: free the port or choose another WEB_PORT"
            ) from None
        _cannot_listen(app.settings, exc)
        return None
    if listening is None:
        _listening_at(app, address, console)
    return server


def _web_address(settings: Settings) -> str:
    return f"{settings.web_listen}:{settings.web_port}"


def _reason(exc: OSError) -> str:
    """Why a port cannot be listened on ("Address already in use"), without the socket
    library's wording around it: the messages name the address themselves."""
    if isinstance(exc, socket.gaierror) or not exc.errno:  # an address that does not resolve
        return exc.strerror or str(exc)
    return os.strerror(exc.errno)


def _cannot_listen(settings: Settings, exc: OSError) -> None:
    log.warning("the web dashboard cannot listen on %s (%s)", _web_address(settings), _reason(exc))


def _listening_at(app: App, address: str, console: ConsoleChannel | None) -> None:
    log.info("web dashboard at %s", address)
    if console is not None:
        console.say(t(app.settings.default_locale, "web-console-address", url=address))


def listen_for_dashboard(app: App, console: ConsoleChannel) -> socket.socket | None:
    """The console demo's dashboard socket, bound and listening (a request waits there until the
    server starts), its address printed before the prompt as `start_web` prints it; None, after
    the same warning, when the port is taken."""
    settings = app.settings
    try:
        family, *_, where = socket.getaddrinfo(
            settings.web_listen, settings.web_port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        # as asyncio's create_server (under aiohttp's TCPSite) makes it: SO_REUSEADDR, IPv6 only
        listening = socket.create_server(where, family=family, backlog=128)
        listening.setblocking(False)
    except OSError as exc:
        _cannot_listen(settings, exc)
        return None
    host, port = listening.getsockname()[:2]
    _listening_at(app, f"http://{host}:{port}", console)
    return listening


async def _wait_for_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def run(
    settings: Settings, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> None:
    """Run dondoc until a signal (platform channels) or the end of the console's input.

    On SQLite only one run per database file (`AlreadyRunning` otherwise, before anything starts);
    on PostgreSQL several, of which one plans at a time (see bot/db/leadership.py)."""
    from bot.db.leadership import single_run

    with single_run(settings):
        await _run(settings, stdin=stdin, stdout=stdout)


async def _run(settings: Settings, *, stdin: TextIO | None, stdout: TextIO | None) -> None:
    console_only = settings.telegram_bot_token is None and settings.zalo_bot_token is None
    configure_logging(settings, console=console_only)
    db = open_database(settings)
    try:
        await create_at_head(db)  # a new database: built from the models (bot/db/migrate.py)
        app = App.create(settings, db)
        from bot.channels.telegram.miniapp import MiniAppSignIn  # hashlib, no PTB

        app.web_sign_in = MiniAppSignIn.from_settings(settings)  # the Mini App's /tg sign-in
        if console_only:
            await _run_console(app, stdin, stdout)
            return
        _, stop = await _serve(app, lambda dispatcher: chat_channels(app, dispatcher))
        try:
            await _wait_for_signal()
        finally:
            await stop()
    finally:
        await db.dispose()


Stop = Callable[[], Awaitable[None]]


async def _serve(
    app: App,
    channels_of: Callable[[Dispatcher], list[Channel]],
    console: ConsoleChannel | None = None,
    listening: socket.socket | None = None,
    *,
    web: bool = True,
    ready: Awaitable[object] | None = None,
) -> tuple[Dispatcher, Stop]:
    """Start the chat core, the scheduler, the idle-form loop, the web server (unless not `web`)
    and then the channels (`channels_of` the dispatcher); returns the dispatcher and what stops
    them all. `ready` (the console's sample plan, imported meanwhile) is awaited once the chat
    core is loaded, before anything starts."""
    from handlers.dispatcher import Dispatcher  # the chat core and APScheduler: see the top
    from schedules.scheduler import start_scheduler, stop_scheduler

    if web:
        import bot.web.server  # noqa: F401  aiohttp and Jinja, loaded while `ready` is awaited

    dispatcher = Dispatcher(app)
    channels = channels_of(dispatcher)
    if ready is not None:
        await ready
    scheduler = start_scheduler(app)
    idle = asyncio.create_task(_idle_loop(app))
    web_server: WebServer | None = None

    async def stop() -> None:
        idle.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await idle
        await stop_scheduler(scheduler)
        for channel in reversed(channels):
            await channel.stop()
        if web_server is not None:
            await web_server.stop()

    try:
        if web:  # before the channels
            web_server = await start_web(app, channels, console, listening)
        for channel in channels:
            await channel.start(dispatcher.handle)
            log.info("%s channel started", channel.name)
    except BaseException:
        await stop()
        raise
    freeze_startup()
    return dispatcher, stop


def freeze_startup() -> None:
    """What start-up built lives as long as the process (modules, ORM mappers, templates, the
    registry): out of the collector's generations, a full collection while a request runs scans
    only what requests made (the dashboard's figures rebuilt: 1 in 3 took +100 ms). Collected
    first, so that start-up's garbage is not kept for ever. The benches call it where their
    set-up ends, to measure what a started bot does."""
    gc.collect()
    gc.freeze()


class _Prompted:
    """The console's input, calling `waiting` when the console first waits for a line: its
    welcome, the prompt, is printed by then."""

    def __init__(self, stream: TextIO, waiting: Callable[[], object]) -> None:
        self.stream = stream
        self.waiting: Callable[[], object] | None = waiting

    def readline(self) -> str:
        if self.waiting is not None:
            waiting, self.waiting = self.waiting, None
            waiting()
        return self.stream.readline()


async def _run_console(app: App, stdin: TextIO | None, stdout: TextIO | None) -> None:
    """The console demo: its database ready and its welcome printed before the chat core, the
    scheduler and the web server load (they start while the first line is typed, and that line
    waits for them); the dashboard's address is printed before the welcome as ever, its socket
    listening from then on. On a database without a plan the sample plan is imported meanwhile
    (bot/demo.py), and the chat core, the scheduler and the dashboard start once it is there."""
    loop = asyncio.get_running_loop()
    prompted = asyncio.Event()
    stream = cast(
        TextIO, _Prompted(stdin or sys.stdin, lambda: loop.call_soon_threadsafe(prompted.set))
    )
    console = ConsoleChannel(app, tick=lambda: demo_tick(app), stdin=stream, stdout=stdout)
    app.senders[console.name] = console
    listening: socket.socket | None = None

    async def load_demo() -> None:
        loaded = await demo.load(app)
        console.say(t(app.settings.default_locale, "console-demo-loaded", tasks=loaded))

    loading = asyncio.create_task(load_demo()) if await demo.wanted(app) else None

    async def serve_after_prompt() -> tuple[Dispatcher, Stop]:
        await prompted.wait()
        # no socket: the port was taken, which listen_for_dashboard said (once)
        web = listening is not None
        return await _serve(app, lambda _: [], console, listening, web=web, ready=loading)

    serving = asyncio.create_task(serve_after_prompt())

    async def inbound(incoming: Incoming) -> list[Outgoing]:
        dispatcher, _ = await serving
        return await dispatcher.handle(incoming)

    try:
        await console.start(inbound)
        listening = listen_for_dashboard(app, console)
        await console.run()
    finally:
        if not prompted.is_set():
            serving.cancel()
            if loading is not None:
                loading.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            _, stop = await serving
            await stop()
        if listening is not None:
            listening.close()
