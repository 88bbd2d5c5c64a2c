"""`dondoc web link --person ID`: a one-time dashboard link, for an admin at the server."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from bot.cli.common import Typer, console, fail, run_async, settings_or_exit, with_database
from bot.i18n import t

# The command imports the web tokens and the ORM (SQLAlchemy: heavy) when it runs: `--help`
# needs neither.
if TYPE_CHECKING:
    from bot.db.engine import Database

app = Typer(help="The web dashboard: sign-in links.", no_args_is_help=True)


@app.command("link")
def link(
    person: int = typer.Option(..., "--person", help="The person's id (see `dondoc people list`)."),
) -> None:
    """Print a link that signs the person in to the dashboard (valid 15 minutes, works once)."""
    from datetime import UTC, datetime

    from bot.db.models import Person
    from bot.web import tokens

    settings = settings_or_exit()
    locale = settings.default_locale

    async def work(db: Database) -> str:
        async with db.session() as session:
            found = await session.get(Person, person)
            if found is None or not found.active:
                fail(escape(t(locale, "cli-web-person-unknown", id=str(person))))
            token = await tokens.create_link(session, found.id, now=datetime.now(UTC))
        return tokens.link_url(settings.web_base_url, token)

    url = run_async(with_database(settings, work))
    console.print(
        f"{t(locale, 'cli-web-link', minutes=tokens.LINK_MINUTES)}\n  {url}",
        highlight=False,
        soft_wrap=True,
    )
