"""Coordinators' commands: /overdue, /weekly, /report, /nudge, and everyone's /deadlines.

Here: who may ask about which plan, and which plan is meant. The content comes from the reports
(`bot.reports`) and reminders (`schedules`) parts, imported when first needed.
"""

from __future__ import annotations

import re

from bot.channels.base import Choice, OutFile, Outgoing
from bot.channels.capabilities import capabilities, delivers_files
from bot.i18n import format_date
from bot.reports import ReportError, overdue_summary, period_report, weekly_summary
from bot.services import people, tasks
from bot.services.actions import ask_explanation_action
from bot.text import fold
from handlers.context import Context
from handlers.report_request import ReportRequest, match_plan, read_report, unknown_plan
from schedules.deadlines import coming_deadlines, nudge_missing

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain; charset=utf-8"


async def plans_for(ctx: Context) -> list[tasks.PlanView]:
    """Admins see every plan; a coordinator the plans their department coordinates."""
    if ctx.role == "admin":
        return await tasks.all_plans(ctx.session)
    return await tasks.coordinated_plans(ctx.session, ctx.agency_id)


PLAN_ONLY = frozenset({"overdue", "weekly", "nudge"})  # nothing but a plan after the command


async def pick_plan(
    ctx: Context, command: str, args: str
) -> tuple[tasks.PlanView | None, str, list[Outgoing]]:
    """(the plan meant, the rest of the arguments, or the question to ask instead). Words that
    name no plan where only a plan can follow (`PLAN_ONLY`: "/nudge 999"), or that look like a
    plan number ("/report 457/KH-UBND"), are answered "no such plan" with the plans there are,
    never taken as the one plan there is."""
    plans = await plans_for(ctx)
    if not plans:
        return None, args, [ctx.say("plans-none")]
    plan, rest = match_plan(plans, args)
    if plan is not None:
        return plan, rest, []
    number = unknown_plan(args) or (rest if command in PLAN_ONLY else None)
    if number:
        known = ", ".join(plan.number for plan in plans)
        return None, args, [ctx.say("reports-error-unknown-plan", plan=number, known=known)]
    if len(plans) == 1:
        return plans[0], args.strip(), []
    choices = [Choice(f"plan:{command}:{plan.id}", plan.number) for plan in plans]
    return None, args, [ctx.say("plans-pick", choices=choices)]


async def plan_by_id(ctx: Context, plan_id: int) -> tasks.PlanView | None:
    return next((plan for plan in await plans_for(ctx) if plan.id == plan_id), None)


MAX_EXPLAIN_BUTTONS = 12  # more late agencies than that: /explain AGENCY


async def overdue(ctx: Context, plan: tasks.PlanView, rest: str) -> list[Outgoing]:
    """Who is late for which period, with a button per late agency to ask it to explain."""
    limit = capabilities(ctx.incoming.channel).summary_chars
    summary = await overdue_summary(
        ctx.session, plan.id, today=ctx.today, locale=ctx.locale, max_chars=limit
    )
    late = [
        (entry, agency)
        for entry in reversed(summary.periods)  # the most recent period first
        for agency in entry.agencies
    ]
    several = len(summary.periods) > 1
    choices = [
        Choice(
            ask_explanation_action(entry.period.id, agency.agency_id),
            ctx.t("explain-ask-button", agency=agency.name)
            + (f" ({ctx.period(entry.period.label)})" if several else ""),
        )
        for entry, agency in late[:MAX_EXPLAIN_BUTTONS]
    ]
    text = summary.text
    if late and len(late) > MAX_EXPLAIN_BUTTONS:
        text += "\n\n" + ctx.t("explain-usage")
    return [Outgoing(text=text, choices=choices)]


async def weekly(ctx: Context, plan: tasks.PlanView, rest: str) -> list[Outgoing]:
    limit = capabilities(ctx.incoming.channel).summary_chars
    summary = await weekly_summary(
        ctx.session, plan.id, today=ctx.today, locale=ctx.locale, max_chars=limit
    )
    messages = [Outgoing(text=summary.text)]
    if summary.truncated and sends_documents(ctx):
        # The message had to be cut to the platform's size: the whole text goes as a file.
        full = OutFile(f"{_file_stem(plan)}.txt", summary.full_text.encode("utf-8"), TEXT)
        messages.append(Outgoing(text=ctx.t("weekly-full-text"), document=full))
    if summary.chart_png:
        chart = OutFile(f"{_file_stem(plan)}.png", summary.chart_png, "image/png")
        messages.append(Outgoing(text="", image=chart))
    return messages


def weekly_subscription(ctx: Context, wanted: bool) -> list[Outgoing]:
    """/weekly off (tắt) or on (bật): whether the Monday summary comes by itself."""
    assert ctx.person is not None  # only enrolled coordinators and admins get here
    people.set_weekly_summary(ctx.person, wanted)
    return [ctx.say("weekly-on" if wanted else "weekly-off")]


def sends_documents(ctx: Context) -> bool:
    """Whether the person's channel delivers a file: a channel that cannot attach one links it,
    and only when a public files address is configured."""
    return delivers_files(ctx.incoming.channel, ctx.app.settings)


def _file_stem(plan: tasks.PlanView) -> str:
    """weekly-1600-KH-UBND: the plan number made safe for a file name."""
    return "weekly-" + re.sub(r"[^\w-]+", "-", fold(plan.number)).strip("-")


async def report(ctx: Context, plan: tasks.PlanView, rest: str) -> list[Outgoing]:
    """/report [plan] [period] [dd/mm/yyyy-dd/mm/yyyy] [agency]: the files and the chart."""
    asked = await read_report(ctx, plan, rest)
    if not isinstance(asked, ReportRequest):
        return asked
    try:
        result = await period_report(
            ctx.session,
            plan.id,
            asked.period,
            today=ctx.today,
            locale=ctx.locale,
            selection=asked.selection,
        )
    except ReportError as problem:  # an unknown period label: the message lists the known ones
        return [Outgoing(text=problem.message(ctx.locale))]
    docx = OutFile(f"{result.file_stem}.docx", result.docx, DOCX)
    xlsx = OutFile(f"{result.file_stem}.xlsx", result.xlsx, XLSX)
    chart = OutFile(f"{result.file_stem}.png", result.chart_png, "image/png")
    return [
        Outgoing(text=result.summary_text, document=docx),
        Outgoing(text="", document=xlsx),
        Outgoing(text="", image=chart),
    ]


async def nudge(ctx: Context, plan: tasks.PlanView, rest: str) -> list[Outgoing]:
    done = await nudge_missing(
        ctx.session,
        plan.id,
        now=ctx.now,
        actor_person_id=ctx.person_id,
    )
    if not done.agencies and not done.unreached and not done.away:
        return [ctx.say("nudge-nothing-missing", plan=plan.number)]
    lines = []
    if done.agencies:
        lines.append(
            ctx.t("nudge-queued", agencies=done.agencies, people=done.people, plan=plan.number)
        )
    if done.unreached:
        names = ", ".join(done.unreached)
        lines.append(ctx.t("nudge-unreached", count=len(done.unreached), names=names))
        lines += [ctx.t("nudge-invite", agency=name) for name in done.unreached]
    lines += [
        ctx.t("nudge-away", agency=agency, person=person, back=format_date(back, ctx.locale))
        for agency, person, back in done.away
    ]
    return [Outgoing(text="\n".join(lines))]


async def explain_for(ctx: Context, plan: tasks.PlanView, rest: str) -> list[Outgoing]:
    """/explain after "which plan?": the plan's late agencies, each with its ask button."""
    if ctx.role not in ("admin", "coordinator"):
        return [ctx.say("not-allowed")]
    return await overdue(ctx, plan, rest)


PLAN_COMMANDS = {
    "overdue": overdue,
    "weekly": weekly,
    "report": report,
    "nudge": nudge,
    "explain": explain_for,
}


WEEKLY_SWITCH = {"off": False, "tat": False, "on": True, "bat": True}


async def run_plan_command(ctx: Context, command: str, args: str) -> list[Outgoing]:
    if command == "weekly" and fold(args.strip()) in WEEKLY_SWITCH:
        return weekly_subscription(ctx, WEEKLY_SWITCH[fold(args.strip())])
    plan, rest, ask = await pick_plan(ctx, command, args)
    if plan is None and command == "report" and args.strip() and ask[0].choices:
        return await report_of_some_plan(ctx, args)
    if plan is None:
        return ask
    return await PLAN_COMMANDS[command](ctx, plan, rest)


async def report_of_some_plan(ctx: Context, args: str) -> list[Outgoing]:
    """/report with arguments but no plan, for someone who follows several: the one plan they
    fit (its period or lead agency), else "which plan?" with the typed command to use (a
    button carries the plan only)."""
    plans = await plans_for(ctx)
    fitting = [p for p in plans if isinstance(await read_report(ctx, p, args), ReportRequest)]
    if len(fitting) == 1:
        return await report(ctx, fitting[0], args)
    shown = fitting or plans
    choices = [Choice(f"plan:report:{plan.id}", plan.number) for plan in shown]
    typed = f"/report {shown[0].number} {args.strip()}"
    text = ctx.t("plans-pick") + "\n" + ctx.t("report-pick-typed", example=typed)
    return [Outgoing(text=text, choices=choices)]


async def run_for_plan(ctx: Context, command: str, plan_id: int) -> list[Outgoing]:
    """A plan picked from the choices `pick_plan` offered (checked again: choices can be forged)."""
    plan = await plan_by_id(ctx, plan_id)
    if plan is None or command not in PLAN_COMMANDS:
        return [ctx.say("not-allowed")]
    return await PLAN_COMMANDS[command](ctx, plan, "")


async def deadlines(ctx: Context, args: str) -> list[Outgoing]:
    assert ctx.person is not None
    found = await coming_deadlines(ctx.session, ctx.person.id, today=ctx.today)
    if not found:
        return [ctx.say("deadlines-none")]
    lines = [ctx.t("deadlines-title")]
    for deadline in found:
        lines.append(
            ctx.t(
                "deadlines-line",
                date=format_date(deadline.due_date, ctx.locale),
                plan=deadline.plan_number,
                what=deadline.label if deadline.task_code else ctx.period(deadline.label),
            )
        )
    return [Outgoing(text="\n".join(lines))]
