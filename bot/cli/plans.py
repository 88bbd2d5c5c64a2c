"""`dondoc plans list|rule|close-period`: the imported plans, their reporting rules, and closing a
past period so that its missing reports are no longer chased."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bot.cli.common import Typer, console, fail, run_async, settings_or_exit, with_database
from bot.clock import Clock
from bot.i18n import t
from bot.text import clean

# The commands import the ORM, the periods and the rules (SQLAlchemy: heavy) when they run:
# `--help` needs none of them.
if TYPE_CHECKING:
    from bot.db.engine import Database

app = Typer(help="Plans and their reporting rules.", no_args_is_help=True)


@app.command("list")
def list_plans() -> None:
    """List plans with their number of tasks, reporting rules and next period."""
    from rich.table import Table
    from sqlalchemy import func, select

    from bot.db.models import Plan, ReportingRule, Task
    from bot.i18n import format_date
    from bot.periods.store import open_period
    from schedules.rules import describe_rule

    settings = settings_or_exit()
    locale = settings.default_locale
    today = Clock(settings.timezone).today()

    async def work(db: Database) -> None:
        async with db.session() as session:
            plans = list(await session.scalars(select(Plan).order_by(Plan.id)))
            if not plans:
                console.print(t(locale, "plans-list-empty"))
                return
            counts = dict(
                list(
                    (
                        await session.execute(
                            select(Task.plan_id, func.count(Task.id))
                            .where(Task.withdrawn.is_(False), Task.kind == "task")
                            .group_by(Task.plan_id)
                        )
                    ).tuples()
                )
            )
            table = Table(title=t(locale, "plans-list-title"))
            for column in ("number", "title", "tasks", "rules", "next"):
                table.add_column(t(locale, f"plans-col-{column}"))
            for plan in plans:
                rules = await session.scalars(
                    select(ReportingRule).where(
                        ReportingRule.plan_id == plan.id, ReportingRule.active.is_(True)
                    )
                )
                described = "\n".join(describe_rule(rule, locale) for rule in rules)
                period = await open_period(session, plan.id, today)
                upcoming = (
                    f"{period.label} ({format_date(period.due_date, locale)})" if period else ""
                )
                table.add_row(
                    plan.number,
                    (plan.title or "")[:60],
                    str(counts.get(plan.id, 0)),
                    described or t(locale, "plans-no-rule"),
                    upcoming or "-",
                )
        console.print(table)

    run_async(with_database(settings, work))


@app.command()
def rule(
    plan: str = typer.Argument(..., help='The plan number, e.g. "1600/KH-UBND".'),
    cadence: str = typer.Option(
        "yearly",
        "--cadence",
        help="yearly, six_monthly, quarterly, monthly, weekly, once, every_n_years.",
    ),
    due: str = typer.Option(
        None, "--due", help='Due day: "15/01" (yearly), "20" (day after the period), "30/06/2025".'
    ),
    every: int = typer.Option(1, "--every", min=1, help="For every_n_years: 5 for '05 năm/lần'."),
    first_year: int = typer.Option(
        None, "--first-year", help="For every_n_years: the first period's first year (2026)."
    ),
    lead: str = typer.Option("14,7,3,1,0", "--lead", help="Days before the deadline to remind."),
    hour: int = typer.Option(8, "--hour", min=0, max=23, help="Local hour of the reminders."),
    escalate_every: int = typer.Option(3, "--escalate-every", min=1, help="Days between digests."),
    cutoff: str = typer.Option(None, "--cutoff", help='Data cut-off, e.g. "14/12" (Decree 09).'),
    coordinator: str = typer.Option(
        None, "--coordinator", help="The coordinating agency, if not the plan's."
    ),
) -> None:
    """Set or change PLAN's reporting rule."""
    from sqlalchemy import select

    from bot.db.models import Cadence, Plan
    from bot.periods.store import open_period
    from schedules.rules import (
        RuleChange,
        RuleError,
        describe_rule,
        parse_day_month,
        parse_lead_days,
        set_rule,
    )

    settings = settings_or_exit()
    locale = settings.default_locale
    today = Clock(settings.timezone).today()
    if cadence not in {c.value for c in Cadence}:
        known = ", ".join(c.value for c in Cadence)
        fail(t(locale, "cli-plans-cadence-bad", value=cadence, known=known), code=2)
    try:
        change = RuleChange(
            cadence=Cadence(cadence),
            due=parse_day_month(due) if due else None,
            every_n=every,
            first_year=first_year,
            lead_days=parse_lead_days(lead),
            remind_hour=hour,
            escalation_every_days=escalate_every,
            cutoff=parse_day_month(cutoff) if cutoff else None,
        )
    except RuleError as exc:
        fail(exc.message(locale), code=2)

    async def work(db: Database) -> None:
        from bot.agencies.registry import find_agency
        from bot.services.coordination import plan_coordinating_agencies

        async with db.session() as session:
            found = await session.scalar(select(Plan).where(Plan.number == clean(plan)))
            if found is None:
                fail(t(locale, "plans-unknown", plan=plan))
            if coordinator:
                agency = await find_agency(session, coordinator)
                if agency is None:
                    fail(t(locale, "plans-bad-agency", value=coordinator))
                change.coordinating_agency_id = agency.id
            saved = await set_rule(session, found.id, change, today=today)
            followed = await plan_coordinating_agencies(session, found.id)
            period = await open_period(session, found.id, today)
            summary = describe_rule(saved, locale)
            if period is None:
                console.print(
                    t(locale, "plans-rule-saved-no-period", plan=found.number, rule=summary)
                )
            else:
                console.print(
                    t(
                        locale,
                        "plans-rule-saved",
                        plan=found.number,
                        rule=summary,
                        period=period.label,
                        due=period.due_date,
                    )
                )
            if not followed:  # nobody's /weekly, /overdue, /report or late digest has the plan
                console.print(t(locale, "plans-rule-no-coordinator", plan=found.number))

    run_async(with_database(settings, work))


@app.command("close-period")
def close_period(
    plan: str = typer.Argument(..., help='The plan number, e.g. "1600/KH-UBND".'),
    period: str = typer.Argument(..., help='The period\'s label, e.g. "Năm 2026".'),
    reopen: bool = typer.Option(
        False, "--reopen", help="Open a closed period again, so its missing reports are chased."
    ),
) -> None:
    """Close PLAN's PERIOD: its missing reports are no longer chased (a period stays open for
    late reports after its deadline until every agency has reported or it is closed)."""
    from sqlalchemy import select

    from bot.db.models import Plan
    from bot.periods.store import find_period, plan_periods, set_closed
    from bot.services import audit

    settings = settings_or_exit()
    locale = settings.default_locale
    now = Clock(settings.timezone).now()

    async def work(db: Database) -> None:
        async with db.session() as session:
            found = await session.scalar(select(Plan).where(Plan.number == clean(plan)))
            if found is None:
                fail(t(locale, "plans-unknown", plan=plan))
            row = await find_period(session, found.id, period)
            if row is None:
                known = ", ".join(p.label for p in await plan_periods(session, found.id)) or "-"
                fail(t(locale, "plans-unknown-period", period=period, known=known))
            set_closed(row, not reopen, now)
            await audit.record(
                session,
                "period.reopen" if reopen else "period.close",
                actor_label="cli",
                object_type="reporting_period",
                object_id=row.id,
                details={"plan": found.number, "label": row.label},
            )
            message = "plans-period-reopened" if reopen else "plans-period-closed"
            console.print(t(locale, message, plan=found.number, period=row.label))

    run_async(with_database(settings, work))
