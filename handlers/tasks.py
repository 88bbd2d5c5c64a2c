"""/tasks: my agency's assignments for the open period with their last status, then the tasks it
only coordinates (read-only)."""

from __future__ import annotations

from bot.channels.base import Choice, Outgoing
from bot.i18n import format_date
from bot.services import tasks, updates
from handlers.context import Context
from handlers.forms.update import PAGE_SIZE, STATUS_IDS, scope

CONTENT_CHARS = 80


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CONTENT_CHARS else text[: CONTENT_CHARS - 1].rstrip() + "…"


async def list_tasks(ctx: Context, args: str) -> list[Outgoing]:
    if ctx.agency_id is None:
        return [ctx.say("update-no-agency")]
    views = await tasks.agency_assignments(ctx.session, await scope(ctx))
    if not views:
        return [ctx.say("tasks-none")]
    periods = await tasks.open_periods(ctx.session, {v.plan_id for v in views}, ctx.today)
    latest = await updates.latest_updates(
        ctx.session,
        [(v.assignment_id, p.id if (p := periods[v.plan_id]) else None) for v in views],
    )
    lines: list[str] = []
    current_plan: int | None = None
    read_only_started = False
    for view in views:
        if not view.reportable and not read_only_started:
            read_only_started = True
            current_plan = None
            lines += ["", ctx.t("tasks-coordinating")]
        if view.plan_id != current_plan and view.reportable:
            current_plan = view.plan_id
            period = periods[view.plan_id]
            heading = (
                ctx.t(
                    "tasks-plan-period",
                    plan=view.plan_number,
                    period=period.label,
                    due=format_date(period.due_date, ctx.locale),
                )
                if period
                else ctx.t("tasks-plan", plan=view.plan_number)
            )
            lines += ["", heading]
        line = f"• {view.code} · {_short(view.content)}"
        if view.reportable:
            period = periods[view.plan_id]
            update = latest.get((view.assignment_id, period.id if period else None))
            line += " — " + (
                ctx.t(
                    "tasks-last-status",
                    status=ctx.t(STATUS_IDS[update.status]),
                    percent=update.percent if update.percent is not None else "-",
                    date=format_date(update.submitted_at.astimezone(ctx.app.clock.tz), ctx.locale),
                )
                if update
                else ctx.t("tasks-not-reported")
            )
        lines.append(line)
    reportable = [v for v in views if v.reportable][:PAGE_SIZE]
    choices = [
        Choice(f"update:{v.assignment_id}", ctx.t("tasks-update-button", code=v.code))
        for v in reportable
    ]
    text = ctx.t("tasks-title") + "\n" + "\n".join(lines).strip("\n")
    return [Outgoing(text=text, choices=choices, columns=4)]
