"""`dondoc import FILE` and `dondoc export tasks`: a plan's task table in and out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from bot.cli.common import Typer, console, fail, run_async, settings_or_exit, with_database
from bot.i18n import t

# The commands import the importer and the exporter (openpyxl, python-docx, SQLAlchemy: heavy)
# when they run: `--help` needs none of them.
if TYPE_CHECKING:
    from bot.db.engine import Database
    from bot.importing.preview import ImportPreview

export_app = Typer(help="Export stored tasks.", no_args_is_help=True)


def _mappings(values: list[str], locale: str) -> dict[str, str]:
    mappings = {}
    for value in values:
        written, sep, agency = value.partition("=")
        if not sep or not written.strip() or not agency.strip():
            fail(t(locale, "import-map-bad", value=value), code=2)
        mappings[written.strip()] = agency.strip()
    return mappings


def import_file(
    file: Annotated[Path, typer.Argument(help="XLSX, CSV, DOCX or TXT file of the plan.")],
    plan: str | None = typer.Option(None, "--plan", help="Plan number, e.g. 457/KH-UBND."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the preview only."),
    yes: bool = typer.Option(
        False,
        "--yes",
        "-y",
        help="Apply without asking; create unknown agencies as unverified (a near-duplicate "
        "of a known agency is mapped to it).",
    ),
    mapping: list[str] = typer.Option(  # noqa: B008
        [],
        "--map",
        metavar="NAME=AGENCY",
        help='Map a name as written to a registry agency: "name=Agency" (repeatable).',
    ),
    new: list[str] = typer.Option(  # noqa: B008
        [],
        "--new",
        metavar="NAME",
        help="Create this name as a new agency even if it looks like a known one (repeatable).",
    ),
    duties_as_tasks: bool = typer.Option(
        False,
        "--duties-as-tasks",
        help="Follow up the agencies' general duties ('Tổ chức thực hiện') as tasks too.",
    ),
) -> None:
    """Import a plan's task assignments: preview first, then apply when confirmed."""
    from bot.importing.errors import ImportFailed
    from bot.importing.preview import format_gaps, format_preview
    from bot.importing.service import run_import

    settings = settings_or_exit()
    locale = settings.default_locale
    try:
        data = file.read_bytes()
    except OSError:
        fail(t(locale, "import-file-missing", file=str(file)), code=2)
    mappings = _mappings(mapping, locale)

    async def attempt(db: Database, apply: bool) -> ImportPreview:
        async with db.session() as session:
            return await run_import(
                session,
                data,
                file.name,
                settings=settings,
                plan_number=plan,
                mappings=mappings,
                accept_unknown=yes,
                create=new,
                duties_as_tasks=duties_as_tasks,
                apply=apply,
            )

    try:
        preview = run_async(with_database(settings, lambda db: attempt(db, False)))
        console.print(escape(format_preview(preview, locale)), highlight=False)
        if dry_run:
            return
        if preview.needs_plan_number:
            fail(t(locale, "import-needs-number"), code=2)
        if not preview.can_apply(accept_unknown=yes):
            fail(t(locale, "import-not-applied-unresolved"), code=1)
        if not yes and not typer.confirm(t(locale, "import-confirm"), default=False):
            console.print(t(locale, "import-cancelled"))
            raise typer.Exit(1)
        applied = run_async(with_database(settings, lambda db: attempt(db, True)))
    except ImportFailed as exc:
        fail(escape(exc.message(locale)), code=1)
    console.print(
        t(
            locale,
            "import-result-applied",
            created=applied.created,
            updated=applied.updated,
            unchanged=applied.unchanged,
            withdrawn=applied.withdrawn,
        ),
        highlight=False,
    )
    if applied.taken_as_near:
        taken = "; ".join(f"{written} → {agency}" for written, agency in applied.taken_as_near)
        console.print(escape(t(locale, "import-taken-as-near", names=taken)), highlight=False)
    if applied.new_agencies:
        names = "; ".join(applied.new_agencies)
        console.print(escape(t(locale, "import-new-agencies", names=names)), highlight=False)
    for line in format_gaps(applied, locale):  # said again where the admin reads last
        console.print(escape(line), highlight=False)


@export_app.command("tasks")
def export_tasks_command(
    plan: str = typer.Option(..., "--plan", help="Plan number."),
    file_format: str = typer.Option("json", "--format", help="json, csv or xlsx."),
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Export a plan's tasks with their resolved agencies."""
    from bot.importing.export import FORMATS, PlanNotFound, export_tasks, render

    settings = settings_or_exit()
    locale = settings.default_locale
    if file_format not in FORMATS:
        fail(t(locale, "export-format-bad", format=file_format), code=2)

    async def read(db: Database) -> list[dict[str, object]]:
        async with db.session() as session:
            return await export_tasks(session, plan)

    try:
        records = run_async(with_database(settings, read))
    except PlanNotFound:
        fail(t(locale, "export-plan-missing", number=plan), code=1)
    content = render(records, file_format)
    if out is None:
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    out.write_bytes(content)
    console.print(t(locale, "export-written", count=len(records), file=str(out)), highlight=False)
