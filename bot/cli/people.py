"""`dondoc invite` (a one-time enrolment code) and `dondoc people list|revoke`."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.table import Table

from bot.channels.invites import deep_link
from bot.cli.common import console, fail, run_async, settings_or_exit, with_database
from bot.db.engine import Database
from bot.db.models import Role
from bot.i18n import format_datetime
from bot.services import invites, people

app = typer.Typer(help="Enrolled people: list them, revoke one.", no_args_is_help=True)
ROLES = {"focal": Role.FOCAL, "coordinator": Role.COORDINATOR}


def invite(
    agency: str = typer.Option(..., "--agency", help='The agency, e.g. "Sở Công Thương".'),
    role: str = typer.Option("focal", "--role", help="focal or coordinator."),
    expires: str = typer.Option("7d", "--expires", help="How long the code works: 7d, 12h, 2w."),
) -> None:
    """Make a one-time invite code (and the Telegram deep link when the bot's name is known)."""
    settings = settings_or_exit()
    if role not in ROLES:
        fail(f"--role: expected focal or coordinator, not {role!r}", code=2)
    try:
        valid_for = invites.parse_duration(expires)
    except ValueError:
        fail(f"--expires: expected a duration such as 7d, 12h or 2w, not {expires!r}", code=2)

    async def work(db: Database) -> None:
        async with db.session() as session:
            found = await invites.find_agency(session, agency)
            if found is None or found.is_group:
                fail(f"--agency: no agency named {agency!r} (see `dondoc agencies`)")
            created = await invites.create_invite(
                session,
                agency_id=found.id,
                role=ROLES[role],
                now=datetime.now(UTC),
                valid_for=valid_for,
            )
            name = found.name
        console.print(f"Invite for a [bold]{role}[/] of [bold]{name}[/]:")
        console.print(f"  code:    [bold green]{created.code}[/]  (works once)")
        console.print(f"  expires: {format_datetime(created.expires_at, settings.tz)}")
        console.print(f"  send:    /start {created.code}")
        if settings.telegram_bot_username:
            console.print(f"  link:    {deep_link(settings.telegram_bot_username, created.code)}")

    run_async(with_database(settings, work))


@app.command("list")
def list_people(
    all_: bool = typer.Option(False, "--all", help="Include people who left or were revoked."),
) -> None:
    """List enrolled people."""
    settings = settings_or_exit()

    async def work(db: Database) -> None:
        async with db.session() as session:
            rows = await people.list_people(session, include_inactive=all_)
        table = Table("id", "name", "role", "agency", "channel", "active", "last seen")
        for row in rows:
            seen = format_datetime(row.last_seen_at, settings.tz) if row.last_seen_at else "-"
            table.add_row(
                str(row.id),
                row.display_name,
                row.role,
                row.agency or "-",
                row.channel,
                "yes" if row.active else "no",
                seen,
            )
        console.print(table)

    run_async(with_database(settings, work))


@app.command("revoke")
def revoke(
    person_id: int = typer.Argument(..., help="The id shown by `dondoc people list`."),
) -> None:
    """Revoke a person: they get no more reminders and can no longer report."""
    settings = settings_or_exit()

    async def work(db: Database) -> None:
        async with db.session() as session:
            revoked = await people.revoke(session, person_id, actor_id=None, actor_label="cli")
        if revoked is None:
            fail(f"no active person with id {person_id}")
        console.print(f"Revoked {revoked.display_name or revoked.id}.")

    run_async(with_database(settings, work))
