"""The status-update form: every step a focal point goes through, declared in `STEPS` below.

assignment → status → percent (skipped when done) → result (required) → obstacles (optional) →
proposals (optional) → attachment (optional file or photo) → summary (Submit / Edit a field /
Cancel). Started from a reminder's "update:<assignment_id>" button, the assignment is pre-selected.
Picking an assignment already reported for the period opens that report for editing: submitting
adds a new version. The one-line form "/update 1.2 70% Đã tổ chức 2 hội thảo" fills the draft and
shows the summary for confirmation.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.channels.base import Choice, Outgoing
from bot.db.models import ConversationStatus, UpdateStatus
from bot.i18n import format_date
from bot.periods.wording import due_text
from bot.services import obligations, tasks, updates
from bot.services.updates import MAX_RESULT_CHARS
from bot.text import shorten
from handlers.context import Context
from handlers.forms import engine
from handlers.forms.engine import Answer, Flow, Form, Goto, Question, Reask, Step
from handlers.owed import agency_scope, obligation_of, plan_periods, task_periods

FORM_NAME = "update"
PAGE_SIZE = 8
TASK_LABEL_CHARS = 60  # a task's button: its code, then the start of its content
KEEP_DRAFT = "switch:keep"
NEW_REPORT = "switch:new"
OTHER_PERIOD = "period:"
STATUS_IDS = {
    UpdateStatus.NOT_STARTED: "status-not-started",
    UpdateStatus.IN_PROGRESS: "status-in-progress",
    UpdateStatus.DONE: "status-done",
    UpdateStatus.BLOCKED: "status-blocked",
}
EDITABLE = ("status", "percent", "result", "obstacles", "proposals", "attachment")
_PERCENT = re.compile(r"^\s*(\d{1,3})\s*%?\s*$")
_ONE_LINE = re.compile(
    r"^(?P<code>[0-9IVXLCivxlc][\w.]*)\s+(?P<pct>\d{1,3})\s*%\s*(?P<result>.+)$", re.S
)


# --------------------------------------------------------------------------- helpers


async def scope(ctx: Context) -> set[int]:
    """The agencies whose lead tasks this person reports on (theirs and merged predecessors)."""
    assert ctx.agency_id is not None
    return await agency_scope(ctx, ctx.agency_id)


async def lead_assignments(ctx: Context) -> list[tasks.AssignmentView]:
    if "lead" not in ctx.cache:
        ctx.cache["lead"] = await tasks.agency_assignments(
            ctx.session, await scope(ctx), lead_only=True
        )
    return ctx.cache["lead"]


def _status_label(ctx: Context, status: str) -> str:
    return ctx.t(STATUS_IDS[UpdateStatus(status)])


async def select_assignment(
    ctx: Context,
    draft: dict[str, Any],
    view: tasks.AssignmentView,
    period_id: int | None = None,
) -> str:
    """Put the task and the period to report for in the draft: `period_id` when it is one the
    task can be reported for now, else the oldest overdue period still missing this task's
    report, else the current one; the others stay one tap away. When the agency already reported
    on it for that period, the report is loaded for editing and the summary comes next."""
    obligation = await obligation_of(ctx, view.task_id)
    periods = (await task_periods(ctx, obligation)).periods if obligation else []
    if period_id is not None and all(period.id != period_id for period in periods):
        past, current = await plan_periods(ctx, view.plan_id)
        known = [*past, *([current] if current else [])]
        periods += [obligations.period_due(row, ctx.today) for row in known if row.id == period_id]
    chosen = next((p for p in periods if p.id == period_id), periods[0] if periods else None)
    for key in ("status", "percent", "result", "obstacles", "proposals", "attachment"):
        draft.pop(key, None)
    draft.update(
        assignment=view.assignment_id,
        task=view.task_id,
        code=view.code,
        content=shorten(view.content, 200),
        period_id=chosen.id if chosen else None,
        period_label=chosen.label if chosen else None,
        period_due=chosen.due_date.isoformat() if chosen else None,
        period_overdue=chosen.days_overdue if chosen else 0,
        deadline=view.deadline.isoformat() if view.deadline else None,
        _other_periods=[[p.id, p.label] for p in periods if chosen and p.id != chosen.id],
    )
    previous = None
    if obligation is not None and chosen is not None:
        reports = await obligations.latest_reports(ctx.session, [obligation], [chosen.id])
        previous = reports.get((obligation.task_id, obligation.agency_id, chosen.id))
    elif chosen is None:
        previous = await updates.latest_update(ctx.session, view.assignment_id, None)
    if previous is None:
        return "status"
    draft.update(
        assignment=previous.assignment_id,  # a new version supersedes the one reported
        status=previous.status.value,
        percent=previous.percent,
        result=previous.result,
        obstacles=previous.obstacles,
        proposals=previous.proposals,
        attachment=previous.attachments[0] if previous.attachments else None,
        _previous=format_date(previous.submitted_at.astimezone(ctx.app.clock.tz), ctx.locale),
    )
    return "summary"


def period_line(ctx: Context, draft: dict[str, Any]) -> str | None:
    """ "Anh/chị đang báo cáo cho kỳ Năm 2026 (hạn 15/01/2027, đã quá hạn 2 ngày)." """
    if not draft.get("period_label"):
        return None
    deadline = date.fromisoformat(draft["period_due"])
    if draft.get("period_overdue"):  # days late count from the working day a day off moves it to
        return ctx.t(
            "update-period-overdue",
            period=ctx.period(draft["period_label"]),
            due=due_text(deadline, ctx.locale, inline=True),
            days=draft["period_overdue"],
        )
    due = format_date(deadline, ctx.locale)
    return ctx.t("update-period-current", period=ctx.period(draft["period_label"]), due=due)


def other_period_choices(ctx: Context, draft: dict[str, Any]) -> list[Choice]:
    return [
        Choice(f"{OTHER_PERIOD}{period_id}", ctx.t("update-other-period", period=ctx.period(label)))
        for period_id, label in draft.get("_other_periods") or []
    ]


async def switch_period(ctx: Context, draft: dict[str, Any], value: str) -> Flow:
    """One tap to report the same task for its other open period (checked against the draft's
    own list: a forged value is asked again)."""
    wanted = value.removeprefix(OTHER_PERIOD)
    offered = {str(period_id) for period_id, _ in draft.get("_other_periods") or []}
    if wanted not in offered:
        raise Reask("form-pick-one")
    view = await tasks.reportable_assignment(ctx.session, draft["assignment"], await scope(ctx))
    if view is None:
        raise Reask("update-not-yours")
    return Goto(await select_assignment(ctx, draft, view, int(wanted)))


# --------------------------------------------------------------------------- steps


async def ask_assignment(ctx: Context, draft: dict[str, Any]) -> Question:
    views = await lead_assignments(ctx)
    pages = max(1, -(-len(views) // PAGE_SIZE))
    page = max(0, min(int(draft.get("_page", 0)), pages - 1))
    shown = views[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    choices = [
        Choice(f"a:{v.assignment_id}", f"{v.code} · {shorten(v.content, 60)}") for v in shown
    ]
    if page > 0:
        choices.append(Choice(f"page:{page - 1}", ctx.t("form-page-previous")))
    if page < pages - 1:
        choices.append(Choice(f"page:{page + 1}", ctx.t("form-page-next")))
    text = ctx.t("update-ask-assignment", page=page + 1, pages=pages, count=len(views))
    return Question(text, choices)


async def take_assignment(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    value = answer.value or ""
    if value.startswith("page:"):
        page = value.removeprefix("page:")
        if not (page.isascii() and page.isdigit()):
            raise Reask("form-stale-choice")  # a forged or garbled button
        draft["_page"] = int(page)
        return Goto("assignment")
    if not value.startswith("a:") or not value[2:].isdigit():
        raise Reask("form-pick-one")
    view = await tasks.reportable_assignment(ctx.session, int(value[2:]), await scope(ctx))
    if view is None:
        raise Reask("update-not-yours")
    return Goto(await select_assignment(ctx, draft, view))


async def ask_status(ctx: Context, draft: dict[str, Any]) -> Question:
    choices = [Choice(f"s:{status.value}", ctx.t(STATUS_IDS[status])) for status in UpdateStatus]
    text = ctx.t("update-ask-status", code=draft["code"], content=draft["content"])
    period = period_line(ctx, draft)
    if period and (draft.get("period_overdue") or draft.get("_other_periods")):
        text = period + "\n\n" + text
    return Question(text, choices + other_period_choices(ctx, draft))


async def take_status(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    if (answer.value or "").startswith(OTHER_PERIOD):
        return await switch_period(ctx, draft, answer.value or "")
    value = (answer.value or "").removeprefix("s:")
    if value not in {status.value for status in UpdateStatus}:
        raise Reask("form-pick-one")
    was_done = draft.get("status") == UpdateStatus.DONE
    draft["status"] = value
    if value == UpdateStatus.DONE:
        draft["percent"] = 100
    elif was_done:
        draft.pop("percent", None)  # 100 came with "done": ask how far it really is
    return None


def _not_done(draft: dict[str, Any]) -> bool:
    return draft.get("status") != UpdateStatus.DONE


def parse_percent(text: str | None) -> int | None:
    """ "70", "70%", "70 %" → 70; None when it is not a whole number from 0 to 100."""
    match = _PERCENT.match(text or "")
    if not match or int(match.group(1)) > 100:
        return None
    return int(match.group(1))


async def ask_percent(ctx: Context, draft: dict[str, Any]) -> Question:
    return Question(ctx.t("update-ask-percent"))


async def take_percent(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    percent = parse_percent(answer.value)
    if percent is None:
        raise Reask("update-percent-invalid", given=shorten(answer.value or "", 30))
    draft["percent"] = percent
    return None


def _text_taker(key: str):  # type: ignore[no-untyped-def]
    async def take(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
        text = (answer.value or "").strip()
        if not text:
            raise Reask("form-need-text")
        if len(text) > MAX_RESULT_CHARS:
            raise Reask("update-too-long", limit=MAX_RESULT_CHARS, length=len(text))
        draft[key] = text
        return None

    take.__name__ = f"take_{key}"
    return take


async def ask_result(ctx: Context, draft: dict[str, Any]) -> Question:
    return Question(ctx.t("update-ask-result", limit=MAX_RESULT_CHARS))


async def ask_obstacles(ctx: Context, draft: dict[str, Any]) -> Question:
    return Question(ctx.t("update-ask-obstacles"))


async def ask_proposals(ctx: Context, draft: dict[str, Any]) -> Question:
    return Question(ctx.t("update-ask-proposals"))


async def ask_attachment(ctx: Context, draft: dict[str, Any]) -> Question:
    return Question(ctx.t("update-ask-attachment"))


def summary_text(ctx: Context, draft: dict[str, Any]) -> str:
    lines = [ctx.t("update-summary-title", code=draft["code"], content=draft["content"])]
    if draft.get("period_label"):
        lines.append(period_line(ctx, draft) or "")
    lines.append(ctx.t("update-summary-status", status=_status_label(ctx, draft["status"])))
    if draft.get("percent") is not None:
        lines.append(ctx.t("update-summary-percent", percent=draft["percent"]))
    lines.append(ctx.t("update-summary-result", text=draft["result"]))
    none = ctx.t("update-summary-none")
    lines.append(ctx.t("update-summary-obstacles", text=draft.get("obstacles") or none))
    lines.append(ctx.t("update-summary-proposals", text=draft.get("proposals") or none))
    attached = engine.attachment_line(ctx, draft.get("attachment"))
    return "\n".join([*lines, attached] if attached else lines)


async def ask_summary(ctx: Context, draft: dict[str, Any]) -> Question:
    text = summary_text(ctx, draft)
    previous = draft.pop("_previous", None)
    if previous:
        text = ctx.t("update-already-reported", date=previous) + "\n\n" + text
    choices = engine.confirm_choices(ctx)
    choices += other_period_choices(ctx, draft)
    return Question(text + "\n\n" + ctx.t("update-ask-confirm"), choices)


async def take_summary(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    if (answer.value or "").startswith(OTHER_PERIOD):
        return await switch_period(ctx, draft, answer.value or "")
    return await engine.take_confirm(ctx, draft, answer, submit)


async def ask_edit(ctx: Context, draft: dict[str, Any]) -> Question:
    fields = [f for f in EDITABLE if f != "percent" or _not_done(draft)]
    choices = [Choice(f"field:{f}", ctx.t(f"update-field-{f}")) for f in fields]
    return Question(ctx.t("update-ask-edit"), choices, columns=2)


async def take_edit(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    return engine.take_field(draft, answer, EDITABLE)


async def ask_switch(ctx: Context, draft: dict[str, Any]) -> Question:
    choices = [
        Choice(KEEP_DRAFT, ctx.t("update-switch-keep", code=draft["code"])),
        Choice(NEW_REPORT, ctx.t("update-switch-new", code=draft["_switch_code"])),
    ]
    text = ctx.t("update-switch-ask", code=draft["code"], other=draft["_switch_code"])
    return Question(text, choices)


async def take_switch(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    """Continue the unfinished draft where it was, or drop it for the task the reminder named."""
    if answer.value == KEEP_DRAFT:
        resume = draft.pop("_resume_step")
        for key in ("_switch_to", "_switch_code", "_switch_period", "_edit"):
            draft.pop(key, None)
        return Goto(resume, ctx.t("update-draft-resumed"))
    if answer.value != NEW_REPORT:
        raise Reask("form-pick-one")
    view = await tasks.reportable_assignment(ctx.session, draft["_switch_to"], await scope(ctx))
    if view is None:
        raise Reask("update-not-yours")
    period_id = draft.get("_switch_period")
    draft.clear()
    return Goto(await select_assignment(ctx, draft, view, period_id))


STEPS = (
    # Reached only when a reminder's button names another task while a draft is unfinished;
    # first, so that it has no Back (there is nothing before the question).
    Step("switch", "choice", ask_switch, take_switch, applies=engine.never),
    Step("assignment", "choice", ask_assignment, take_assignment),
    Step("status", "choice", ask_status, take_status),
    Step("percent", "text", ask_percent, take_percent, applies=_not_done, takes_numbers=True),
    Step("result", "text", ask_result, _text_taker("result")),
    Step("obstacles", "text", ask_obstacles, _text_taker("obstacles"), optional=True),
    Step("proposals", "text", ask_proposals, _text_taker("proposals"), optional=True),
    Step("attachment", "file", ask_attachment, engine.take_attachment, optional=True),
    Step("summary", "choice", ask_summary, take_summary),
    Step("edit", "choice", ask_edit, take_edit, applies=engine.never),
)
UPDATE_FORM = Form(FORM_NAME, STEPS, summary_step="summary")


async def _begin(
    ctx: Context, draft: dict[str, Any], step: str, note: str | None = None
) -> list[Outgoing]:
    """This form's `engine.begin`."""
    return await engine.begin(ctx, UPDATE_FORM, draft, step, note)


# --------------------------------------------------------------------------- submitting


async def submit(ctx: Context, draft: dict[str, Any]) -> list[Outgoing]:
    """Store the draft as a new version. The assignment is checked again: the person may have
    changed agency or been revoked since the form began."""
    if ctx.agency_id is None:
        return [ctx.say("update-no-agency")]
    view = await tasks.reportable_assignment(ctx.session, draft["assignment"], await scope(ctx))
    if view is None:
        return [ctx.say("update-not-yours")]
    stored = await updates.submit_update(
        ctx.session,
        assignment_id=view.assignment_id,
        period_id=draft.get("period_id"),
        status=UpdateStatus(draft["status"]),
        percent=draft.get("percent"),
        result=draft["result"],
        obstacles=draft.get("obstacles"),
        proposals=draft.get("proposals"),
        attachments=[draft["attachment"]] if draft.get("attachment") else [],
        person_id=ctx.person_id,
        channel=ctx.incoming.channel,
        now=ctx.now,
        today=ctx.today,
        period_due=_date(draft.get("period_due")),
        task_deadline=_date(draft.get("deadline")),
    )
    if stored.is_late:
        period = ctx.period(draft.get("period_label") or "")
        return [
            ctx.say(
                "update-saved-late-days",
                code=view.code,
                version=stored.version,
                period=period,
                days=stored.days_late,
            )
        ]
    return [ctx.say("update-saved", code=view.code, version=stored.version)]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --------------------------------------------------------------------------- starting


async def start(
    ctx: Context,
    args: str = "",
    assignment_id: int | None = None,
    period_id: int | None = None,
) -> list[Outgoing]:
    """/update, /update 1.2, /update 1.2 70% <result>, or a reminder's update:<id>:<period>
    button."""
    if ctx.agency_id is None:
        return [ctx.say("update-no-agency")]
    agencies = await scope(ctx)
    draft: dict[str, Any] = {}
    if assignment_id is not None:
        view = await tasks.reportable_assignment(ctx.session, assignment_id, agencies)
        if view is None:
            return [ctx.say("update-not-yours")]
        if unfinished_draft(ctx) is not None:
            return await _keep_or_switch(ctx, view, period_id)
        step = await select_assignment(ctx, draft, view, period_id)
        return await _begin(ctx, draft, step)
    if args:
        return await _start_with_args(ctx, args, agencies, draft)
    state = ctx.state
    if state is not None and state.form == FORM_NAME and state.draft.get("assignment"):
        resumed = dict(state.draft)
        resumed.pop("_edit", None)
        return await _begin(ctx, resumed, state.step, ctx.t("update-draft-resumed"))
    views = await lead_assignments(ctx)
    if not views:
        return [ctx.say("update-no-tasks")]
    if len(views) == 1:
        return await _begin(ctx, draft, await select_assignment(ctx, draft, views[0]))
    return await _begin(ctx, draft, "assignment")


def unfinished_draft(ctx: Context) -> dict[str, Any] | None:
    """The update draft this chat left unfinished (in progress or expired), if a task was picked."""
    state = ctx.state
    if state is None or state.form != FORM_NAME or state.status == ConversationStatus.FINISHED:
        return None
    return state.draft if state.draft.get("assignment") else None


async def _keep_or_switch(
    ctx: Context, view: tasks.AssignmentView, period_id: int | None
) -> list[Outgoing]:
    """A reminder's button pressed with a draft unfinished: never drop the draft silently. On the
    same task the draft simply continues; on another, the person chooses."""
    state = ctx.state
    assert state is not None
    draft = dict(state.draft)
    resume = draft.pop("_resume_step", state.step)
    for key in ("_switch_to", "_switch_code", "_switch_period", "_edit"):
        draft.pop(key, None)
    same_period = period_id is None or draft.get("period_id") == period_id
    same_task = draft.get("task") == view.task_id or draft["assignment"] == view.assignment_id
    if same_task and same_period:
        return await _begin(ctx, draft, resume, ctx.t("update-draft-resumed"))
    draft.update(
        _resume_step=resume,
        _switch_to=view.assignment_id,
        _switch_code=view.code,
        _switch_period=period_id,
    )
    return await _begin(ctx, draft, "switch")


async def _start_with_args(
    ctx: Context, args: str, agencies: set[int], draft: dict[str, Any]
) -> list[Outgoing]:
    one_line = _ONE_LINE.match(args.strip())
    code = one_line.group("code") if one_line else args.split()[0]
    found = await tasks.find_by_code(ctx.session, agencies, code)
    if not found:
        return [ctx.say("update-unknown-code", code=shorten(code, 20))]
    if len(args.split()) > 1 and one_line is None:
        return [ctx.say("update-one-line-usage")]
    step = await select_assignment(ctx, draft, found[0])
    if one_line is None:
        return await _begin(ctx, draft, step)
    percent = parse_percent(one_line.group("pct"))
    result = one_line.group("result").strip()
    if percent is None:
        return [ctx.say("update-percent-invalid", given=one_line.group("pct"))]
    if len(result) > MAX_RESULT_CHARS:
        return [ctx.say("update-too-long", limit=MAX_RESULT_CHARS, length=len(result))]
    draft.pop("_previous", None)
    status = UpdateStatus.DONE if percent == 100 else UpdateStatus.IN_PROGRESS
    draft.update(status=status.value, percent=percent, result=result)
    draft.update(obstacles=None, proposals=None, attachment=None)
    return await _begin(ctx, draft, "summary")
