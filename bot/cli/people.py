"""`dondoc invite` (a one-time enrolment code) and `dondoc people list|revoke`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from bot.cli.common import Typer, console, fail, run_async, settings_or_exit, with_database
from bot.i18n import t

# Each command imports the services and the ORM (SQLAlchemy, heavy) when it runs: `--help` needs
# neither.
if TYPE_CHECKING:
    from bot.db.engine import Database

app = Typer(help="Enrolled people: list them, revoke one.", no_args_is_help=True)
ROLES = ("focal", "coordinator")


def invite(
    agency: str = typer.Option(..., "--agency", help='The agency, e.g. "Sở Công Thương".'),
    role: str = typer.Option("focal", "--role", help="focal or coordinator."),
    expires: str = typer.Option("7d", "--expires", help="How long the code works: 7d, 12h, 2w."),
) -> None:
    """Make a one-time invite code (and the Telegram deep link when the bot's name is known)."""
    from datetime import UTC, datetime

    from bot.channels.invites import deep_link
    from bot.db.models import Role
    from bot.i18n import format_datetime
    from bot.services import invites

    settings = settings_or_exit()
    locale = settings.default_locale
    if role not in ROLES:
        fail(escape(t(locale, "cli-invite-role-bad", value=role)), code=2)
    try:
        valid_for = invites.parse_duration(expires)
    except ValueError:
        fail(escape(t(locale, "cli-invite-expires-bad", value=expires)), code=2)

    async def work(db: Database) -> None:
        async with db.session() as session:
            found = await invites.find_agency(session, agency)
            if found is None or found.is_group:
                fail(escape(t(locale, "cli-invite-agency-unknown", name=agency)))
            created = await invites.create_invite(
                session,
                agency_id=found.id,
                role=Role(role),
                now=datetime.now(UTC),
                valid_for=valid_for,
            )
            name = found.name
        expiry = format_datetime(created.expires_at, settings.tz, locale)
        lines = [
            t(locale, "cli-invite-title", role=t(locale, f"role-{role}"), agency=name),
            t(locale, "cli-invite-code", code=created.code),
            t(locale, "cli-invite-expires", when=expiry),
            t(locale, "cli-invite-send", code=created.code),
        ]
        if settings.telegram_bot_username:
            link = deep_link(settings.telegram_bot_username, created.code)
            lines.append(t(locale, "cli-invite-link", link=link))
        console.print(escape(lines[0]), highlight=False)
        for line in lines[1:]:
            console.print(f"  {escape(line)}", highlight=False)

    run_async(with_database(settings, work))


@app.command("list")
def list_people(
    all_: bool = typer.Option(False, "--all", help="Include people who left or were revoked."),
) -> None:
    """List enrolled people."""
    from rich.table import Table

    from bot.i18n import format_datetime
    from bot.services import people

    settings = settings_or_exit()
    locale = settings.default_locale

    async def work(db: Database) -> None:
        async with db.session() as session:
            rows = await people.list_people(session, include_inactive=all_)
        columns = ("id", "name", "role", "agency", "channel", "active", "seen")
        table = Table(*(t(locale, f"cli-people-col-{column}") for column in columns))
        for row in rows:
            seen = (
                format_datetime(row.last_seen_at, settings.tz, locale) if row.last_seen_at else "-"
            )
            table.add_row(
                str(row.id),
                escape(row.display_name),
                t(locale, f"role-{row.role}"),
                escape(row.agency or "-"),
                row.channel,
                t(locale, "cli-yes" if row.active else "cli-no"),
                seen,
            )
        console.print(table)

    run_async(with_database(settings, work))


@app.command("revoke")
def revoke(
    person_id: int = typer.Argument(..., help="The id shown by `dondoc people list`."),
) -> None:
    """Revoke a person: they get no more reminders and can no longer report."""
    from bot.services import people

    settings = settings_or_exit()
    locale = settings.default_locale

    async def work(db: Database) -> None:
        async with db.session() as session:
            revoked = await people.revoke(session, person_id, actor_id=None, actor_label="cli")
        if revoked is None:
            fail(t(locale, "people-unknown", id=str(person_id)))
        name = revoked.display_name or str(revoked.id)
        console.print(escape(t(locale, "people-revoked", name=name)), highlight=False)

    run_async(with_database(settings, work))
