"""/tasks: what my agency reports for now — first the past-due periods it still owes, each task
marked with the days late, then the current period with each task's last status — and the tasks
it only coordinates (read-only)."""

from __future__ import annotations

from bot.channels.base import Choice, Outgoing
from bot.i18n import format_date
from bot.services import obligations, tasks
from bot.services.actions import update_action
from bot.services.obligations import Obligation, PeriodDue
from handlers.context import Context
from handlers.forms.update import PAGE_SIZE, STATUS_IDS, scope
from handlers.owed import my_obligations, plan_work

CONTENT_CHARS = 80


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CONTENT_CHARS else text[: CONTENT_CHARS - 1].rstrip() + "…"


def period_heading(ctx: Context, plan_number: str, period: PeriodDue) -> str:
    due = format_date(period.due_date, ctx.locale)
    if period.overdue:
        return ctx.t(
            "tasks-plan-period-overdue",
            plan=plan_number,
            period=ctx.period(period.label),
            due=due,
            days=period.days_overdue,
        )
    return ctx.t("tasks-plan-period", plan=plan_number, period=ctx.period(period.label), due=due)


async def list_tasks(ctx: Context, args: str) -> list[Outgoing]:
    if ctx.agency_id is None:
        return [ctx.say("update-no-agency")]
    mine = await my_obligations(ctx)
    views = await tasks.agency_assignments(ctx.session, await scope(ctx))
    coordinating = [view for view in views if not view.reportable]
    if not mine and not coordinating:
        return [ctx.say("tasks-none")]
    numbers = {view.plan_id: view.plan_number for view in views}
    lines: list[str] = []
    buttons: list[tuple[Obligation, PeriodDue]] = []
    for plan_id in dict.fromkeys(item.plan_id for item in mine):
        work = await plan_work(ctx, plan_id)
        for period, missing in work.overdue:
            lines += ["", period_heading(ctx, numbers[plan_id], period)]
            lines += [f"• {item.code} · {_short(item.content)}" for item in missing]
            buttons += [(item, period) for item in missing]
        plan_items = [item for item in mine if item.plan_id == plan_id]
        current = work.current
        if current is None:
            lines += ["", ctx.t("tasks-plan", plan=numbers[plan_id])]
            lines += [f"• {item.code} · {_short(item.content)}" for item in plan_items]
            continue
        lines += ["", period_heading(ctx, numbers[plan_id], current)]
        latest = await obligations.latest_reports(ctx.session, plan_items, [current.id])
        for item in plan_items:
            update = latest.get((item.task_id, item.agency_id, current.id))
            status = (
                ctx.t(
                    "tasks-last-status",
                    status=ctx.t(STATUS_IDS[update.status]),
                    percent=update.percent if update.percent is not None else "-",
                    date=format_date(update.submitted_at.astimezone(ctx.app.clock.tz), ctx.locale),
                )
                if update
                else ctx.t("tasks-not-reported")
            )
            lines.append(f"• {item.code} · {_short(item.content)} — {status}")
            buttons.append((item, current))
    if coordinating:
        lines += ["", ctx.t("tasks-coordinating")]
        lines += [f"• {view.code} · {_short(view.content)}" for view in coordinating]
    choices = [
        Choice(
            update_action(item.assignment_id, period.id),
            ctx.t("tasks-update-button-overdue", code=item.code, period=ctx.period(period.label))
            if period.overdue
            else ctx.t("tasks-update-button", code=item.code),
        )
        for item, period in buttons[:PAGE_SIZE]
    ]
    wide = any(period.overdue for _, period in buttons[:PAGE_SIZE])  # labels name the period
    text = ctx.t("tasks-title") + "\n" + "\n".join(lines).strip("\n")
    return [Outgoing(text=text, choices=choices, columns=2 if wide else 4)]
