"""The `dondoc` command (also `python -m bot`); each group of subcommands has its own module."""

from __future__ import annotations

from bot.cli import agencies, db, imports, people, plans, reminders, report, run, web
from bot.cli.common import Typer

app = Typer(
    name="dondoc",
    help="dondoc: follow up the tasks of a provincial implementation plan over Telegram and Zalo.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
app.command("run")(run.run)
app.command("import")(imports.import_file)
app.add_typer(imports.export_app, name="export")
app.add_typer(agencies.app, name="agencies")
app.command("invite")(people.invite)
app.add_typer(people.app, name="people")
app.add_typer(plans.app, name="plans")
app.add_typer(reminders.app, name="reminders")
app.command("report")(report.report)
app.command("weekly")(report.weekly)
app.add_typer(db.app, name="db")
app.add_typer(web.app, name="web")


def main() -> None:
    app()
