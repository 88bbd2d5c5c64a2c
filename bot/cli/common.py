"""What every subcommand needs: settings (or one clear line and exit 2), a database, Rich output,
and commands whose help shows flags as flags.

`dondoc --help` builds every command's options, so the modules of bot/cli import at their top only
what their signatures need (Typer, Rich, the standard library); the database, the settings and the
libraries a command works with are imported inside the command, when it runs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

if TYPE_CHECKING:
    from bot.db.engine import Database
    from bot.settings import Settings

console = Console()
err_console = Console(stderr=True, soft_wrap=True)
T = TypeVar("T")
P = TypeVar("P")  # a command's parameter (click's `Parameter`, which Typer vendors unexported)


def _flags_as_flags(params: list[P]) -> list[P]:
    """Typer 0.29's help writes a type after every option, flags too (`--dry-run <bool>`, even
    `--help <bool>`); a flag takes no value. An argument is named as the docstrings name it.
    A flag not given is False, not None: Typer coerces a None through a pydantic adapter, and
    building the one for `dondoc`'s own `--help` (not given when a subcommand runs) loaded
    pydantic's validators into every command."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag:
            param.metavar = "" if param.metavar is None else param.metavar
            param.default = False if param.default is None else param.default
        if isinstance(param, TyperArgument) and param.metavar is None:
            param.metavar = (param.name or "").upper()
    return params


class Command(TyperCommand):
    """A command whose help shows flags as flags, and its arguments in the usage line as words
    (FILE, [REVISION]) rather than Typer 0.29's placeholders ({file}, [revision]).

    The overrides take the context as `Any`: Typer 0.29 exports no name for the click `Context`
    its commands are given (`typer.Context` is a subclass, too narrow for an override)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_as_flags(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                placeholders = param.get_usage_pieces(ctx)
                name = param.metavar or ""
                word = name if param.required else f"[{name}]"
                word += "..." if param.nargs != 1 else ""
                pieces = [word if piece in placeholders else piece for piece in pieces]
        return pieces


class Group(TyperGroup):
    """A group of commands whose help shows `--help` as a flag."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_as_flags(super().get_params(ctx))


class Typer(typer.Typer):
    """A `typer.Typer` whose commands and groups show flags as flags."""

    def __init__(self, **options: Any) -> None:
        super().__init__(cls=Group, **options)

    def command(self, *args: Any, **options: Any) -> Any:
        options.setdefault("cls", Command)
        return super().command(*args, **options)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line in red on stderr and exit with `code`."""
    err_console.print(f"[bold red]✗[/] {message}", highlight=False)
    raise typer.Exit(code)


def settings_or_exit() -> Settings:
    from bot.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        fail(str(exc), code=2)


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    import asyncio

    return asyncio.run(coro)


async def with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Open the database, upgrade it to the newest schema, run `work`, close it."""
    from bot.db.engine import Database
    from bot.db.migrate import upgrade

    db = Database(settings.database_url)
    try:
        await upgrade(db)
        return await work(db)
    finally:
        await db.dispose()
