"""`dondoc web link --person ID`: a one-time dashboard link, for an admin at the server."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from bot.cli.common import console, fail, run_async, settings_or_exit, with_database
from bot.db.engine import Database

app = typer.Typer(help="The web dashboard: sign-in links.", no_args_is_help=True)


@app.command("link")
def link(
    person: int = typer.Option(..., "--person", help="The person's id (see `dondoc people list`)."),
) -> None:
    """Print a link that signs the person in to the dashboard (valid 15 minutes, works once)."""
    settings = settings_or_exit()

    from bot.web.tokens import LINK_MINUTES

    async def work(db: Database) -> str:
        from bot.db.models import Person
        from bot.web import tokens

        async with db.session() as session:
            found = await session.get(Person, person)
            if found is None or not found.active:
                fail(f"--person: no active person with id {person} (see `dondoc people list`)")
            token = await tokens.create_link(session, found.id, now=datetime.now(UTC))
        return tokens.link_url(settings.web_base_url, token)

    url = run_async(with_database(settings, work))
    console.print(
        f"Dashboard link (valid {LINK_MINUTES} minutes, works once):\n  {url}",
        highlight=False,
        soft_wrap=True,
    )
