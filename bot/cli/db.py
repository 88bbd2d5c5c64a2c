"""`dondoc db …`: the database schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bot.cli.common import Typer, console, run_async, settings_or_exit
from bot.i18n import t

# The commands import Alembic and the engine (heavy) when they run: `--help` needs neither.
if TYPE_CHECKING:
    from bot.db.engine import Database

app = Typer(help="Create or migrate the database schema (Alembic).", no_args_is_help=True)


def _database() -> Database:
    from bot.db.engine import Database

    return Database(settings_or_exit().database_url)


def _at_revision(message_id: str, revision: str | None) -> None:
    locale = settings_or_exit().default_locale
    console.print(t(locale, message_id, revision=revision or "base"), highlight=False)


async def _apply(action: str, revision: str) -> str | None:
    from bot.db import migrate

    db = _database()
    try:
        await getattr(migrate, action)(db, revision)
        return await migrate.current_revision(db)
    finally:
        await db.dispose()


@app.command()
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply migrations up to REVISION (default: the newest). The bot also does this on start."""
    _at_revision("db-upgraded", run_async(_apply("upgrade", revision)))


@app.command()
def downgrade(revision: str = typer.Argument(..., help="Target revision, or 'base'.")) -> None:
    """Undo migrations down to REVISION. Destroys data in the tables it drops."""
    _at_revision("db-downgraded", run_async(_apply("downgrade", revision)))


@app.command()
def current() -> None:
    """Show the database's current revision."""
    from bot.db import migrate

    async def read() -> str | None:
        db = _database()
        try:
            return await migrate.current_revision(db)
        finally:
            await db.dispose()

    console.print(run_async(read()) or "base")


@app.command()
def revision(message: str = typer.Option(..., "-m", "--message", help="What changed.")) -> None:
    """(Developers) write a migration for the difference between the models and the database."""
    from bot.db import migrate

    async def write() -> None:
        db = _database()
        try:
            await migrate.upgrade(db)
            await migrate.autogenerate_revision(db, message)
        finally:
            await db.dispose()

    run_async(write())
