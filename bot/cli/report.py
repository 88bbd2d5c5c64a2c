"""`dondoc report`: write a plan's period report (DOCX, XLSX, chart) to a folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import console, fail, run_async, settings_or_exit, with_database
from bot.clock import Clock
from bot.i18n import format_number, t

# The commands import the reports (docxtpl, XlsxWriter, matplotlib, SQLAlchemy: heavy) when they
# run: `--help` needs none of them.
if TYPE_CHECKING:
    from rich.table import Table

    from bot.db.engine import Database
    from bot.reports import PeriodReport


def _figures_table(result: PeriodReport, locale: str) -> Table:
    from rich.table import Table

    from bot.reports.wording import percent_text

    keys = ("name", "expected", "received", "rate", "on-time", "on-time-rate", "late", "done")
    table = Table(*(t(locale, f"reports-xlsx-agency-{key}") for key in keys))
    for item in result.figures.agencies:
        table.add_row(
            item.agency.name,
            format_number(item.expected, locale),
            format_number(item.received, locale),
            percent_text(item.reporting_rate, locale),
            format_number(item.on_time, locale),
            percent_text(item.on_time_rate, locale),
            format_number(item.late, locale),
            format_number(item.done, locale),
        )
    return table


def cut_off(value: str, locale: str) -> date:
    """A dd/mm/yyyy date typed on the command line (one clear line and exit 1 otherwise)."""
    from bot.reports.selection import parse_day  # with the command's other imports, not --help

    try:
        return parse_day(value)
    except ValueError:
        fail(t(locale, "reports-cli-as-of-invalid", value=value))


def report(
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            help="The plan's number, such as 457/KH-UBND (default: the only plan there is).",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            help='The period\'s label, such as "Năm 2025" (default: the most recent period whose'
            " deadline has passed, else the current one)."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The cut-off date dd/mm/yyyy the report is judged on and states (default: today);"
            " reports sent after it do not count.",
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Only the updates submitted from this day dd/mm/yyyy (with --to; default: today).",
        ),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="…up to this day dd/mm/yyyy, included.")
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option(help='Only the tasks this agency leads, such as "Sở Y tế".'),
    ] = None,
    out: Annotated[Path, typer.Option(help="The folder to write the files to.")] = Path("."),
    locale: Annotated[
        str | None, typer.Option(help="vi or en (default: DEFAULT_LOCALE from the settings).")
    ] = None,
) -> None:
    """Write the period report of a plan: a Word document, a workbook and a chart.

    With --from/--to, over the updates submitted in those days; with --agency, over that agency's
    tasks; the same layout either way.
    """
    from bot.reports import ReportError, find_plan, period_report, sole_plan
    from bot.reports.selection import Selection, lead_agencies
    from bot.services.agency_lookup import agency_among

    settings = settings_or_exit()
    language = locale or settings.default_locale
    today = Clock(settings.timezone).today()
    judged_on = cut_off(as_of, language) if as_of is not None else None
    if end is not None and start is None:
        fail(t(language, "reports-cli-to-without-from"))
    first = cut_off(start, language) if start is not None else None
    last = cut_off(end, language) if end is not None else (today if first else None)
    if first is not None and last is not None and last < first:
        fail(t(language, "report-range-invalid", range=f"{start}-{end}"))

    async def work(db: Database) -> PeriodReport:
        async with db.session() as session:
            found = await find_plan(session, plan) if plan is not None else await sole_plan(session)
            named = None
            if agency is not None:
                leads = await lead_agencies(session, found.id)
                named = await agency_among(session, leads, agency)
                if named is None:
                    agencies = ", ".join(leads.values()) or "-"
                    raise ReportError(
                        "report-agency-unknown", name=agency, plan=found.number, agencies=agencies
                    )
            days = (first, last) if first is not None and last is not None else None
            selection = Selection.of(days, named)
            return await period_report(
                session,
                found.id,
                period,
                today=today,
                locale=language,
                as_of=judged_on,
                selection=selection,
            )

    try:
        result = run_async(with_database(settings, work))
    except ReportError as exc:
        fail(exc.message(language))
    out.mkdir(parents=True, exist_ok=True)
    for suffix, data in (("docx", result.docx), ("xlsx", result.xlsx), ("png", result.chart_png)):
        path = out / f"{result.file_stem}.{suffix}"
        path.write_bytes(data)
        console.print(t(language, "reports-cli-wrote", path=str(path)), highlight=False)
    console.print(result.summary_text, highlight=False)
    if result.figures.agencies:
        console.print(_figures_table(result, language))


def weekly() -> None:
    """Queue this week's summary now for every coordinator who has not opted out.

    `dondoc run` does this by itself at WEEKLY_SUMMARY_DAY / WEEKLY_SUMMARY_TIME; either way each
    coordinator gets it once a week.
    """
    from bot.reports import queue_weekly_summaries

    settings = settings_or_exit()
    clock = Clock(settings.timezone)

    async def work(db: Database) -> int:
        async with db.session() as session:
            return await queue_weekly_summaries(session, today=clock.today(), now=clock.now())

    count = run_async(with_database(settings, work))
    console.print(t(settings.default_locale, "reports-cli-weekly-queued", count=count))
