"""`dondoc agencies list|add|alias|merge`: the admin's edits of the agency registry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.markup import escape

from bot.cli.common import Typer, console, fail, run_async, settings_or_exit, with_database
from bot.db.enums import AgencyKind
from bot.i18n import t

# Each command imports the registry and the ORM (SQLAlchemy, heavy) when it runs: `--help` needs
# neither.
if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.db.engine import Database

app = Typer(help="List and edit the agency registry.", no_args_is_help=True)
T = TypeVar("T")


def _in_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    from bot.agencies.registry import RegistryError, ensure_registry

    settings = settings_or_exit()

    async def run(db: Database) -> T:
        async with db.session() as session:
            await ensure_registry(session)
            return await work(session)

    try:
        return run_async(with_database(settings, run))
    except RegistryError as exc:
        fail(escape(t(settings.default_locale, exc.message_id, **exc.args_for_message)), code=1)


def _tell(message_id: str, *, highlight: bool = True, **args: str) -> None:
    """Print one message in the settings' locale, escaped: a [bracketed] name prints as written."""
    locale = settings_or_exit().default_locale
    console.print(escape(t(locale, message_id, **args)), highlight=highlight)


@app.command("list")
def list_agencies(
    everything: bool = typer.Option(False, "--all", help="Include merged agencies and groups."),
) -> None:
    """List the registry's agencies."""
    from rich.table import Table
    from sqlalchemy import select

    from bot.db.models import Agency

    locale = settings_or_exit().default_locale

    async def read(session: AsyncSession) -> list[tuple[Agency, str | None]]:
        agencies = (await session.scalars(select(Agency).order_by(Agency.kind, Agency.name))).all()
        names = {agency.id: agency.name for agency in agencies}
        return [(agency, names.get(agency.successor_id or -1)) for agency in agencies]

    rows = _in_session(read)
    shown = [
        (agency, successor)
        for agency, successor in rows
        if everything or (agency.active and agency.kind != AgencyKind.GROUP)
    ]
    table = Table(title=t(locale, "agencies-title", count=len(shown)))
    for column in ("name", "short", "kind", "status", "successor"):
        table.add_column(t(locale, f"agencies-col-{column}"))
    for agency, successor in shown:
        status = "agencies-status-active" if agency.active else "agencies-status-inactive"
        if not agency.verified:
            status = "agencies-status-unverified"
        table.add_row(
            escape(agency.name),
            escape(agency.short_name or ""),
            str(agency.kind),
            t(locale, status),
            escape(successor or ""),
        )
    console.print(table)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="Full name, e.g. 'Trường Đại học Quảng Nam'."),
    kind: Annotated[
        AgencyKind, typer.Option("--kind", help="Kind of body.")
    ] = AgencyKind.DEPARTMENT,
    short: str | None = typer.Option(None, "--short", help="Short name."),
) -> None:
    """Add an agency to the registry."""
    from bot.agencies.registry import add_agency

    agency = _in_session(lambda session: add_agency(session, name, kind=kind, short_name=short))
    _tell("agencies-added", name=agency.name, highlight=False)


@app.command("alias")
def alias(
    agency: str = typer.Argument(..., help="The agency, by any name the registry knows."),
    spelling: str = typer.Argument(..., help="Another way plans write its name."),
) -> None:
    """Teach the registry another spelling of an agency's name."""
    from bot.agencies.registry import add_alias

    found = _in_session(lambda session: add_alias(session, agency, spelling))
    _tell("agencies-alias-added", alias=spelling, name=found.name)


@app.command("merge")
def merge(
    old: str = typer.Argument(..., help="The agency that was merged away."),
    successor: str = typer.Argument(..., help="The agency it was merged into."),
) -> None:
    """Record a merger: OLD's tasks are followed up by SUCCESSOR's focal points."""
    from bot.agencies.registry import merge_agency
    from bot.db.models import Agency

    async def work(session: AsyncSession) -> tuple[str, str]:
        merged = await merge_agency(session, old, successor)
        target = await session.get(Agency, merged.successor_id)
        return merged.name, target.name if target else successor

    old_name, new_name = _in_session(work)
    _tell("agencies-merged", old=old_name, new=new_name)
