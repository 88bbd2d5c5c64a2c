"""`dondoc reminders preview|failed|plan`: what will be sent, what failed, plan now."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bot.cli.common import Typer, console, run_async, settings_or_exit, with_database
from bot.clock import Clock
from bot.i18n import format_datetime, t

# The commands import the planner, the sender and the ORM (SQLAlchemy: heavy) when they run:
# `--help` needs none of them.
if TYPE_CHECKING:
    from bot.db.engine import Database

app = Typer(help="Reminders: preview what will be sent, list failures.", no_args_is_help=True)


async def _names(db: Database, person_ids: set[int], plan_ids: set[int]) -> tuple[dict, dict]:
    from sqlalchemy import select

    from bot.db.models import Person, Plan

    async with db.session() as session:
        people = {
            p.id: f"{p.display_name} ({p.channel} {p.chat_id})"
            for p in await session.scalars(select(Person).where(Person.id.in_(person_ids)))
        }
        plans = {
            p.id: p.number for p in await session.scalars(select(Plan).where(Plan.id.in_(plan_ids)))
        }
    return people, plans


@app.command()
def preview(
    days: int = typer.Option(30, "--days", min=1, max=400, help="How many days ahead."),
) -> None:
    """Show what would be sent in the next DAYS days, to whom and when, without sending."""
    from rich.table import Table

    from schedules.messages import kind_label
    from schedules.planner import preview_reminders

    settings = settings_or_exit()
    locale = settings.default_locale
    clock = Clock(settings.timezone)

    async def work(db: Database) -> None:
        async with db.session() as session:
            planned = await preview_reminders(session, now=clock.now(), tz=clock.tz, days=days)
        if not planned:
            console.print(t(locale, "reminders-preview-empty", days=days))
            return
        people, plans = await _names(
            db, {p.person_id for p in planned}, {p.plan_id for p in planned}
        )
        table = Table(title=t(locale, "reminders-preview-title", days=days))
        for column in ("when", "kind", "to", "plan", "period", "count"):
            table.add_column(t(locale, f"reminders-col-{column}"))
        for item in planned:
            count = item.payload.get("tasks", item.payload.get("missing", ""))
            table.add_row(
                format_datetime(item.due_at, clock.tz, locale),
                kind_label(item.kind, locale),
                people.get(item.person_id, str(item.person_id)),
                plans.get(item.plan_id, str(item.plan_id)),
                str(item.payload.get("period_label", "")),
                str(count),
            )
        console.print(table)

    run_async(with_database(settings, work))


@app.command()
def failed(
    limit: int = typer.Option(100, "--limit", min=1, help="How many, newest first."),
) -> None:
    """List messages the sender gave up on (5xx after every retry, blocked bot …)."""
    from rich.table import Table

    from schedules.messages import kind_label
    from schedules.sender import failed_messages

    settings = settings_or_exit()
    locale = settings.default_locale
    clock = Clock(settings.timezone)

    async def work(db: Database) -> None:
        async with db.session() as session:
            rows = await failed_messages(session, limit)
        if not rows:
            console.print(t(locale, "reminders-failed-empty"))
            return
        people, plans = await _names(
            db,
            {r.person_id for r in rows if r.person_id},
            {r.plan_id for r in rows if r.plan_id},
        )
        table = Table(title=t(locale, "reminders-failed-title"))
        for column in ("when", "kind", "to", "plan", "attempts", "error"):
            table.add_column(t(locale, f"reminders-col-{column}"))
        for row in rows:
            table.add_row(
                format_datetime(row.due_at, clock.tz, locale),
                kind_label(row.kind, locale),
                people.get(row.person_id or 0, row.chat_id),
                plans.get(row.plan_id or 0, ""),
                str(row.attempts),
                row.last_error or "",
            )
        console.print(table)

    run_async(with_database(settings, work))


@app.command("plan")
def plan_now() -> None:
    """Run one planning pass now (the running bot does this every few minutes)."""
    from schedules.planner import plan_reminders

    settings = settings_or_exit()
    clock = Clock(settings.timezone)

    async def work(db: Database) -> None:
        async with db.session() as session:
            planned = await plan_reminders(session, now=clock.now(), tz=clock.tz)
        console.print(t(settings.default_locale, "cli-reminders-planned", count=planned))

    run_async(with_database(settings, work))
