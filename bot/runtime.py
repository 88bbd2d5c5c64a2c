"""`dondoc run`: migrate, start the chat channels and the scheduler, run until stopped.

Telegram runs when TELEGRAM_BOT_TOKEN is set, Zalo when ZALO_BOT_TOKEN is set (both can run in one
process); with neither, the console demo starts on the same database with the sample Quảng Nam
plan loaded once. Forms left idle are nudged (then expired) by a small loop here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sqlite3
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any, TextIO

import aiosqlite
from sqlalchemy.engine import make_url

from bot.app import App
from bot.channels.console import ConsoleChannel
from bot.db.engine import Database
from bot.i18n import t
from bot.settings import Settings
from handlers.dispatcher import Dispatcher
from handlers.idle import nudge_idle_forms

log = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).resolve().parent / "data" / "demo"
DEMO_FILES = ("quangnam-kh1600-phuluc.xlsx", "quangnam-kh1600.docx")  # the table, then the text
DEMO_PLAN_NUMBER = "1600-QNam (mẫu)"  # the sample files carry no number of their own
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
    tokens = [
        token.get_secret_value()
        for token in (settings.telegram_bot_token, settings.zalo_bot_token)
        if token is not None
    ]
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactSecrets(tokens))


class OneTripCursor:
    """An aiosqlite cursor whose statement makes one trip to the connection's thread.

    aiosqlite runs each call (make a cursor, execute, fetch, close) as its own hand-over to the
    thread that owns the SQLite connection, and each hand-over (a queue, a thread wake-up, an event
    loop wake-up) costs more than the statement itself: four for a SELECT, three for an UPDATE.
    Here the whole statement runs in one hand-over and the rows come back with it, which is what
    SQLAlchemy's adapter does anyway (it fetches every row at once, then closes the cursor).
    Transactions and commits are untouched: the same statements run on the same connection.
    """

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self.description: Any = None
        self.lastrowid: int | None = None
        self.rowcount = -1
        self._rows: list[Any] = []

    def _run(self, sql: str, parameters: Any, many: bool) -> tuple[Any, list[Any], Any, int]:
        """In the connection's thread: execute, fetch every row, close."""
        cursor = self._connection._conn.cursor()
        try:
            if many:
                cursor.executemany(sql, parameters)
            else:
                cursor.execute(sql, parameters)
            rows = cursor.fetchall() if cursor.description else []
            return cursor.description, rows, cursor.lastrowid, cursor.rowcount
        finally:
            cursor.close()

    async def _trip(self, sql: str, parameters: Any, many: bool) -> OneTripCursor:
        (
            self.description,
            self._rows,
            self.lastrowid,
            self.rowcount,
        ) = await self._connection._execute(self._run, sql, parameters, many)
        return self

    async def execute(self, sql: str, parameters: Any = ()) -> OneTripCursor:
        return await self._trip(sql, parameters, False)

    async def executemany(self, sql: str, parameters: Any) -> OneTripCursor:
        return await self._trip(sql, parameters, True)

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = len(self._rows) if size is None else size
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def close(self) -> None:
        self._rows = []


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection handing out `OneTripCursor`s (no trip to make the cursor)."""

    async def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)


def one_trip_connector(path: str) -> Callable[[], Awaitable[aiosqlite.Connection]]:
    """SQLAlchemy's `async_creator` for a SQLite file, with the arguments its aiosqlite dialect
    would give (`check_same_thread=False`: the connection's own thread uses it, whichever
    task asked); the pool keeps the connections as usual."""

    async def connect() -> aiosqlite.Connection:
        connection = OneTripConnection(
            partial(sqlite3.connect, path, check_same_thread=False), iter_chunk_size=64
        )
        connection._thread.daemon = True  # as SQLAlchemy does: never block the exit
        return await connection

    return connect


def open_database(settings: Settings) -> Database:
    """The process's database. On SQLite the pool's reset-on-return (a ROLLBACK on every
    connection given back) is skipped: every unit of work is a `Database.session()` block that
    commits or rolls back itself, and on an embedded database that extra round trip is a
    noticeable share of a chat message's cost (see bench/bench_forms.py); and each statement
    makes one trip to the connection's thread instead of three or four (`OneTripCursor`)."""
    if settings.is_sqlite:
        path = make_url(settings.database_url).database
        extra: dict[str, Any] = {}
        if path and path != ":memory:":
            extra["async_creator"] = one_trip_connector(str(Path(path).expanduser()))
        return Database(settings.database_url, pool_reset_on_return=None, **extra)
    return Database(settings.database_url)


def chat_channels(app: App, dispatcher: Dispatcher) -> list[Any]:
    """The platform channels whose tokens are set, registered as the app's senders."""
    channels: list[Any] = []
    if app.settings.telegram_bot_token is not None:
        from bot.channels.telegram import TelegramChannel

        channels.append(TelegramChannel(app.settings, dispatcher))
    if app.settings.zalo_bot_token is not None:
        from bot.channels.zalo.channel import ZaloChannel

        channels.append(ZaloChannel(app, dispatcher))
    for channel in channels:
        app.senders[channel.name] = channel
    return channels


async def load_demo_plan(app: App) -> int | None:
    """Import the sample Quảng Nam plan once: its task table (unknown names accepted), then its
    text, which gives the reporting rule (yearly, before 15/01, through Sở Công Thương). Returns
    the number of tasks, or None when a plan is already there."""
    from bot.agencies.registry import ensure_registry
    from bot.services.tasks import all_plans

    try:
        from bot.importing.service import run_import
    except ImportError:
        log.warning("the import service is not available; the demo starts without a plan")
        return None
    async with app.db.session() as session:
        await ensure_registry(session)
        if await all_plans(session):
            return None
        tasks = 0
        for name in DEMO_FILES:
            preview = await run_import(
                session,
                (DEMO_DIR / name).read_bytes(),
                name,
                settings=app.settings,
                plan_number=DEMO_PLAN_NUMBER,
                accept_unknown=True,
                apply=True,
                actor="demo",
            )
            tasks += preview.task_count
    return tasks


async def send_idle_nudges(app: App) -> None:
    for channel, chat_id, message in await nudge_idle_forms(app):
        sender = app.senders.get(channel)
        if sender is None:
            continue
        try:
            await sender.send(chat_id, message)
        except Exception:  # a nudge that cannot be delivered is not worth more than a log line
            log.warning("could not nudge an idle form on %s", channel)


async def _idle_loop(app: App) -> None:
    while True:
        await asyncio.sleep(IDLE_CHECK_SECONDS)
        try:
            await send_idle_nudges(app)
        except Exception:
            log.exception("nudging idle forms failed")


def _start_scheduler(app: App) -> Any:
    try:
        from schedules.scheduler import start_scheduler
    except ImportError:
        log.warning("the reminder scheduler is not available; running without reminders")
        return None
    return start_scheduler(app)


async def demo_tick(app: App) -> None:
    """After the console moves the clock: plan reminders, send what is due, nudge idle forms."""
    from schedules.scheduler import run_planner
    from schedules.sender import OutboxSender

    await run_planner(app)
    await OutboxSender(app).drain()
    await send_idle_nudges(app)


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
    """Run dondoc until a signal (platform channels) or the end of the console's input."""
    from bot.db.migrate import upgrade

    console_only = settings.telegram_bot_token is None and settings.zalo_bot_token is None
    configure_logging(settings, console=console_only)
    db = open_database(settings)
    try:
        await upgrade(db)
        app = App.create(settings, db)
        dispatcher = Dispatcher(app)
        channels = chat_channels(app, dispatcher)
        console: ConsoleChannel | None = None
        if not channels:
            console = ConsoleChannel(
                app, dispatcher.handle, tick=lambda: demo_tick(app), stdin=stdin, stdout=stdout
            )
            app.senders[console.name] = console
            loaded = await load_demo_plan(app)
            if loaded is not None:
                console.say(t(settings.default_locale, "console-demo-loaded", tasks=loaded))
        scheduler = _start_scheduler(app)
        idle = asyncio.create_task(_idle_loop(app))
        try:
            for channel in channels:
                await channel.start()
                log.info("%s channel started", channel.name)
            if console is not None:
                await console.run()
            else:
                await _wait_for_signal()
        finally:
            idle.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await idle
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            for channel in reversed(channels):
                await channel.stop()
    finally:
        await db.dispose()
