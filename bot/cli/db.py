"""`dondoc db …`: the database schema."""

from __future__ import annotations

import typer

from bot.cli.common import console, run_async, settings_or_exit
from bot.db import migrate
from bot.db.engine import Database

app = typer.Typer(help="Create or migrate the database schema (Alembic).", no_args_is_help=True)


async def _apply(action: str, revision: str) -> str | None:
    db = Database(settings_or_exit().database_url)
    try:
        await getattr(migrate, action)(db, revision)
        return await migrate.current_revision(db)
    finally:
        await db.dispose()


@app.command()
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply migrations up to REVISION (default: the newest). The bot also does this on start."""
    current = run_async(_apply("upgrade", revision))
    console.print(f"Database at revision [bold]{current or 'base'}[/].")


@app.command()
def downgrade(revision: str = typer.Argument(..., help="Target revision, or 'base'.")) -> None:
    """Undo migrations down to REVISION. Destroys data in the tables it drops."""
    current = run_async(_apply("downgrade", revision))
    console.print(f"Database at revision [bold]{current or 'base'}[/].")


@app.command()
def current() -> None:
    """Show the database's current revision."""

    async def read() -> str | None:
        db = Database(settings_or_exit().database_url)
        try:
            return await migrate.current_revision(db)
        finally:
            await db.dispose()

    console.print(run_async(read()) or "base")


@app.command()
def revision(message: str = typer.Option(..., "-m", "--message", help="What changed.")) -> None:
    """(Developers) write a migration for the difference between the models and the database."""

    async def write() -> None:
        db = Database(settings_or_exit().database_url)
        try:
            await migrate.upgrade(db)
            await migrate.autogenerate_revision(db, message)
        finally:
            await db.dispose()

    run_async(write())
