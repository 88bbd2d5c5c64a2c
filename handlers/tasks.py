"""/tasks: what my agency reports for now — first the past-due periods it still owes, each task
marked with the days late, then the current period with each task's last status — and the tasks
it only coordinates (read-only).

The list comes in pages of `PAGE_SIZE` tasks, each with its report buttons: "‹ 1/3 ›" under them
where there are buttons, numbered "Trang sau (2/3)" / "Trang trước (1/3)" lines elsewhere. A
page button carries its page (`bot.services.actions.tasks_page_action`); a forged value, or a
page the list no longer has, is refused. "/tasks 2" opens page 2 directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.channels.base import Choice, Outgoing
from bot.channels.capabilities import capabilities
from bot.db.models import StatusUpdate
from bot.i18n import format_date
from bot.periods.wording import due_text
from bot.services import obligations, tasks
from bot.services.actions import tasks_page_action, update_action
from bot.services.obligations import Obligation, PeriodDue
from bot.text import shorten
from handlers.context import Context
from handlers.forms.update import PAGE_SIZE, STATUS_IDS, scope
from handlers.owed import my_obligations, plan_work

CONTENT_CHARS = 80


@dataclass(frozen=True, slots=True)
class Row:
    """One task of the list, in order, before it is written: only the rows of the page shown
    become lines (`_entries`), and only theirs have their last status looked up."""

    item: Obligation | tasks.AssignmentView
    plan_number: str = ""  # empty: a task the agency only coordinates
    period: PeriodDue | None = None  # the period it is reported for; None: no report button
    missing: bool = False  # still missing in a past-due period: its button names the period


@dataclass(frozen=True, slots=True)
class Entry:
    """One task line of the list, under its section's heading, with its report button."""

    heading: str
    line: str
    choice: Choice | None = None
    wide: bool = False  # the button names its period


def period_heading(ctx: Context, plan_number: str, period: PeriodDue) -> str:
    due = format_date(period.due_date, ctx.locale)
    if period.overdue:
        return ctx.t(
            "tasks-plan-period-overdue",
            plan=plan_number,
            period=ctx.period(period.label),
            due=due_text(period.due_date, ctx.locale, inline=True),
            days=period.days_overdue,
        )
    return ctx.t("tasks-plan-period", plan=plan_number, period=ctx.period(period.label), due=due)


def _button(ctx: Context, item: Obligation, period: PeriodDue) -> Choice:
    label = (
        ctx.t("tasks-update-button-overdue", code=item.code, period=ctx.period(period.label))
        if period.overdue
        else ctx.t("tasks-update-button", code=item.code)
    )
    return Choice(update_action(item.assignment_id, period.id), label)


async def _rows(ctx: Context) -> list[Row]:
    """Every task of the list, in order: per plan its overdue periods, then the current one;
    the coordinated tasks last."""
    mine = await my_obligations(ctx)
    views = await tasks.agency_assignments(ctx.session, await scope(ctx))
    numbers = {view.plan_id: view.plan_number for view in views}
    rows: list[Row] = []
    for plan_id in dict.fromkeys(item.plan_id for item in mine):
        number = numbers[plan_id]
        work = await plan_work(ctx, plan_id)
        for period, missing in work.overdue:
            rows += [Row(item, number, period, missing=True) for item in missing]
        rows += [Row(item, number, work.current) for item in mine if item.plan_id == plan_id]
    rows += [Row(view) for view in views if not view.reportable]
    return rows


def _heading(ctx: Context, row: Row) -> str:
    if not row.plan_number:
        return ctx.t("tasks-coordinating")
    if row.period is None:
        return ctx.t("tasks-plan", plan=row.plan_number)
    return period_heading(ctx, row.plan_number, row.period)


async def _entries(ctx: Context, rows: list[Row]) -> list[Entry]:
    """The lines of `rows` (a page), the current period's tasks with their last status, looked
    up for these tasks only."""
    current = [
        (row.item, row.period)
        for row in rows
        if isinstance(row.item, Obligation) and row.period is not None and not row.missing
    ]
    latest = await obligations.latest_reports(
        ctx.session, [item for item, _ in current], {period.id for _, period in current}
    )
    entries: list[Entry] = []
    for row in rows:
        heading, line = _heading(ctx, row), _line(row.item)
        if row.period is None or not isinstance(row.item, Obligation):
            entries.append(Entry(heading, line))
            continue
        if not row.missing:
            update = latest.get((row.item.task_id, row.item.agency_id, row.period.id))
            line += " — " + _status(ctx, update)
        choice = _button(ctx, row.item, row.period)
        entries.append(Entry(heading, line, choice, wide=row.missing))
    return entries


def _status(ctx: Context, update: StatusUpdate | None) -> str:
    if update is None:
        return ctx.t("tasks-not-reported")
    return ctx.t(
        "tasks-last-status",
        status=ctx.t(STATUS_IDS[update.status]),
        percent=update.percent if update.percent is not None else "-",
        date=format_date(update.submitted_at.astimezone(ctx.app.clock.tz), ctx.locale),
    )


def _line(item: Obligation | tasks.AssignmentView) -> str:
    return f"• {item.code} · {shorten(item.content, CONTENT_CHARS)}"


def page_count(rows: list[Row]) -> int:
    return max(1, -(-len(rows) // PAGE_SIZE))


def _pager(ctx: Context, page: int, pages: int) -> list[Choice]:
    """ "‹", "2/3", "›" as buttons; "Trang trước (1/3)", "Trang sau (3/3)" as numbered lines."""
    if pages == 1:
        return []
    if capabilities(ctx.incoming.channel).buttons:
        pager = [Choice(tasks_page_action(page - 1), "‹")] if page > 1 else []
        pager.append(Choice(tasks_page_action(page), f"{page}/{pages}"))
        if page < pages:
            pager.append(Choice(tasks_page_action(page + 1), "›"))
        return pager
    pager = []
    if page < pages:
        label = ctx.t("tasks-page-next", page=page + 1, pages=pages)
        pager.append(Choice(tasks_page_action(page + 1), label))
    if page > 1:
        label = ctx.t("tasks-page-previous", page=page - 1, pages=pages)
        pager.append(Choice(tasks_page_action(page - 1), label))
    return pager


async def render_page(ctx: Context, rows: list[Row], page: int) -> Outgoing:
    """Page `page` (from 1, within range) of the list: its lines under their headings, their
    report buttons, and the pager."""
    pages = page_count(rows)
    shown = await _entries(ctx, rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    lines: list[str] = []
    heading = None
    for entry in shown:
        if entry.heading != heading:
            lines += ["", entry.heading]
            heading = entry.heading
        lines.append(entry.line)
    title = ctx.t("tasks-title")
    if pages > 1:
        title += "\n" + ctx.t("tasks-page", page=page, pages=pages, count=len(rows))
    pager = _pager(ctx, page, pages)
    choices = [entry.choice for entry in shown if entry.choice is not None] + pager
    wide = any(entry.wide for entry in shown)  # labels name the period
    return Outgoing(
        text=title + "\n" + "\n".join(lines).strip("\n"),
        choices=choices,
        columns=2 if wide else 4,
        last_row=len(pager),
    )


async def list_tasks(ctx: Context, args: str) -> list[Outgoing]:
    """/tasks, or "/tasks 2" for its second page (a page past the end shows the last)."""
    if ctx.agency_id is None:
        return [ctx.say("update-no-agency")]
    rows = await _rows(ctx)
    if not rows:
        return [ctx.say("tasks-none")]
    wanted = args.strip()
    page = int(wanted) if wanted.isascii() and wanted.isdigit() else 1
    return [await render_page(ctx, rows, max(1, min(page, page_count(rows))))]


async def show_page(ctx: Context, page: int) -> list[Outgoing]:
    """A page button: that page in place of the list it was pressed on, or a refusal when the
    list no longer has it (it shrank since)."""
    if ctx.agency_id is None:
        return [ctx.say("update-no-agency")]
    rows = await _rows(ctx)
    if not rows or page > page_count(rows):
        return [ctx.say("form-stale-choice")]
    answer = await render_page(ctx, rows, page)
    answer.edit_previous = True
    return [answer]
