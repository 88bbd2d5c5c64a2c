"""What every subcommand needs: settings (or one clear line and exit 2), a database, Rich output."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, NoReturn, TypeVar

import typer
from rich.console import Console

from bot.db.engine import Database
from bot.settings import Settings, SettingsError, load_settings

console = Console()
err_console = Console(stderr=True, soft_wrap=True)
T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line in red on stderr and exit with `code`."""
    err_console.print(f"[bold red]✗[/] {message}", highlight=False)
    raise typer.Exit(code)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        fail(str(exc), code=2)


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


async def with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Open the database, upgrade it to the newest schema, run `work`, close it."""
    from bot.db.migrate import upgrade

    db = Database(settings.database_url)
    try:
        await upgrade(db)
        return await work(db)
    finally:
        await db.dispose()
