"""`dondoc reminders preview|failed|plan`: what will be sent, what failed, plan now."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import typer

from bot.cli.common import Typer, console, run_async, settings_or_exit, with_database
from bot.clock import Clock
from bot.i18n import format_datetime, t

# The commands import the planner, the sender and the ORM (SQLAlchemy: heavy) when they run:
# `--help` needs none of them.
if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.db.engine import Database
    from bot.db.models import OutboxMessage
    from bot.settings import Settings
    from schedules.planner import Planned

app = Typer(help="Reminders: preview what will be sent, list failures.", no_args_is_help=True)


# A message as the two listings show it: one the planner would send, or an outbox row.
M = TypeVar("M", "Planned", "OutboxMessage")
# A row's cells after "when" and "kind", given the names of its person and its plan.
Cells = Callable[[M, dict[int, str], dict[int, str]], tuple[str, ...]]


async def _names(db: Database, messages: Sequence[M]) -> tuple[dict, dict]:
    from sqlalchemy import select

    from bot.db.models import Person, Plan

    person_ids = {m.person_id for m in messages if m.person_id}
    plan_ids = {m.plan_id for m in messages if m.plan_id}
    async with db.session() as session:
        people = {
            p.id: f"{p.display_name} ({p.channel} {p.chat_id})"
            for p in await session.scalars(select(Person).where(Person.id.in_(person_ids)))
        }
        plans = {
            p.id: p.number for p in await session.scalars(select(Plan).where(Plan.id.in_(plan_ids)))
        }
    return people, plans


def _list_messages(
    settings: Settings,
    clock: Clock,
    fetch: Callable[[AsyncSession], Awaitable[Sequence[M]]],
    *,
    empty: str,
    title: str,
    columns: tuple[str, ...],
    cells: Cells[M],
) -> None:
    """Print the messages `fetch` finds as a table (when, kind, then `columns`), or `empty`."""
    from rich.table import Table

    from schedules.messages import kind_label

    locale = settings.default_locale

    async def work(db: Database) -> None:
        async with db.session() as session:
            messages = await fetch(session)
        if not messages:
            console.print(empty)
            return
        people, plans = await _names(db, messages)
        table = Table(title=title)
        for column in ("when", "kind", *columns):
            table.add_column(t(locale, f"reminders-col-{column}"))
        for message in messages:
            table.add_row(
                format_datetime(message.due_at, clock.tz, locale),
                kind_label(message.kind, locale),
                *cells(message, people, plans),
            )
        console.print(table)

    run_async(with_database(settings, work))


@app.command()
def preview(
    days: int = typer.Option(30, "--days", min=1, max=400, help="How many days ahead."),
) -> None:
    """Show what would be sent in the next DAYS days, to whom and when, without sending."""
    from schedules.planner import preview_reminders

    settings = settings_or_exit()
    locale = settings.default_locale
    clock = Clock(settings.timezone)

    async def fetch(session: AsyncSession) -> list[Planned]:
        return await preview_reminders(session, now=clock.now(), tz=clock.tz, days=days)

    def cells(item: Planned, people: dict[int, str], plans: dict[int, str]) -> tuple[str, ...]:
        count = item.payload.get("tasks", item.payload.get("missing", ""))
        return (
            people.get(item.person_id, str(item.person_id)),
            plans.get(item.plan_id, str(item.plan_id)),
            str(item.payload.get("period_label", "")),
            str(count),
        )

    _list_messages(
        settings,
        clock,
        fetch,
        empty=t(locale, "reminders-preview-empty", days=days),
        title=t(locale, "reminders-preview-title", days=days),
        columns=("to", "plan", "period", "count"),
        cells=cells,
    )


@app.command()
def failed(
    limit: int = typer.Option(100, "--limit", min=1, help="How many, newest first."),
) -> None:
    """List messages the sender gave up on (5xx after every retry, blocked bot …)."""
    from schedules.sender import failed_messages

    settings = settings_or_exit()
    locale = settings.default_locale

    async def fetch(session: AsyncSession) -> list[OutboxMessage]:
        return await failed_messages(session, limit)

    def cells(row: OutboxMessage, people: dict[int, str], plans: dict[int, str]) -> tuple[str, ...]:
        return (
            people.get(row.person_id or 0, row.chat_id),
            plans.get(row.plan_id or 0, ""),
            str(row.attempts),
            row.last_error or "",
        )

    _list_messages(
        settings,
        Clock(settings.timezone),
        fetch,
        empty=t(locale, "reminders-failed-empty"),
        title=t(locale, "reminders-failed-title"),
        columns=("to", "plan", "attempts", "error"),
        cells=cells,
    )


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
