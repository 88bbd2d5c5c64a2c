"""The answer to an explanation request (yêu cầu giải trình), declared in `STEPS`:
reason (required) → expected completion date (dd/mm/yyyy, today or later) → a file (optional) →
summary (Send / Edit). Opened by the request's "explain:<id>" button or by /explain."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from bot.channels.base import Choice, Outgoing
from bot.i18n import format_date, t
from bot.periods.cadence import period_label
from bot.services import explanations, tasks
from bot.services.explanations import ExplanationView
from bot.services.updates import MAX_RESULT_CHARS
from handlers.context import Context
from handlers.forms import engine
from handlers.forms.engine import Answer, Flow, Form, Question, Reask, Step
from handlers.owed import own_agency

FORM_NAME = "explain"
FOCAL = "focal"
EDITABLE = ("reason", "expected", "attachment")
_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2}|\d{4}))?\s*$")


def parse_day(text: str, today: date) -> date | None:
    """ "30/01/2027", "30/1/27", "30/01" (the next such day) → a date from `today` on; None
    when it is not a date or lies in the past."""
    found = _DATE.match(text or "")
    if not found:
        return None
    day, month = int(found.group(1)), int(found.group(2))
    year_text = found.group(3)
    year = (2000 + int(year_text) if len(year_text) == 2 else int(year_text)) if year_text else None
    try:
        value = date(year or today.year, month, day)
        if year is None and value < today:
            value = date(today.year + 1, month, day)
    except ValueError:
        return None
    return value if value >= today else None


def _example(ctx: Context) -> str:
    return format_date(ctx.today + timedelta(days=14), ctx.locale)


async def ask_reason(ctx: Context, draft: dict[str, Any]) -> Question:
    text = ctx.t(
        "explain-ask-reason", period=draft["period"], plan=draft["plan"], limit=MAX_RESULT_CHARS
    )
    return Question(text)


async def take_reason(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    text = (answer.value or "").strip()
    if not text:
        raise Reask("form-need-text")
    if len(text) > MAX_RESULT_CHARS:
        raise Reask("update-too-long", limit=MAX_RESULT_CHARS, length=len(text))
    draft["reason"] = text
    return None


async def ask_expected(ctx: Context, draft: dict[str, Any]) -> Question:
    return Question(ctx.t("explain-ask-expected", example=_example(ctx)))


async def take_expected(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    value = parse_day(answer.value or "", ctx.today)
    if value is None:
        given = " ".join((answer.value or "").split())[:30]
        raise Reask("explain-bad-date", given=given, example=_example(ctx))
    draft["expected"] = value.isoformat()
    return None


async def ask_attachment(ctx: Context, draft: dict[str, Any]) -> Question:
    return Question(ctx.t("explain-ask-attachment"))


def summary_text(ctx: Context, draft: dict[str, Any]) -> str:
    text = ctx.t(
        "explain-summary",
        period=draft["period"],
        plan=draft["plan"],
        reason=draft["reason"],
        expected=format_date(date.fromisoformat(draft["expected"]), ctx.locale),
    )
    attached = engine.attachment_line(ctx, draft.get("attachment"))
    return f"{text}\n{attached}" if attached else text


async def ask_summary(ctx: Context, draft: dict[str, Any]) -> Question:
    choices = engine.confirm_choices(ctx)
    text = summary_text(ctx, draft) + "\n\n" + ctx.t("explain-ask-confirm")
    return Question(text, choices)


async def take_summary(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    return await engine.take_confirm(ctx, draft, answer, submit)


async def ask_edit(ctx: Context, draft: dict[str, Any]) -> Question:
    choices = [Choice(f"field:{f}", ctx.t(f"explain-field-{f}")) for f in EDITABLE]
    return Question(ctx.t("update-ask-edit"), choices)


async def take_edit(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    return engine.take_field(draft, answer, EDITABLE)


STEPS = (
    Step("reason", "text", ask_reason, take_reason),
    Step("expected", "text", ask_expected, take_expected),
    Step("attachment", "file", ask_attachment, engine.take_attachment, optional=True),
    Step("summary", "choice", ask_summary, take_summary),
    Step("edit", "choice", ask_edit, take_edit, applies=engine.never),
)
EXPLAIN_FORM = Form(FORM_NAME, STEPS, summary_step="summary")


async def submit(ctx: Context, draft: dict[str, Any]) -> list[Outgoing]:
    """Store the answer (checked again: the person may have changed agency meanwhile) and tell
    the coordinators who asked."""
    request = await explanations.get_request(ctx.session, draft["request"])
    if request is None or not await answer_allowed(ctx, request):
        return [ctx.say("explain-not-yours")]
    answered = await explanations.answer_explanation(
        ctx.session,
        request.id,
        reason=draft["reason"],
        expected_on=date.fromisoformat(draft["expected"]),
        attachments=[draft["attachment"]] if draft.get("attachment") else [],
        by_person_id=ctx.person_id,
        now=ctx.now,
    )
    assert answered is not None  # it was just read in this transaction
    await tell_coordinators(ctx, answered)
    return [ctx.say("explain-saved", period=ctx.period(request.period_label))]


async def answer_allowed(ctx: Context, request: ExplanationView) -> bool:
    """Only a focal point of the agency asked may answer."""
    if ctx.role != FOCAL or ctx.agency_id is None:
        return False
    agency = await own_agency(ctx, ctx.agency_id)
    return agency == request.agency_id


async def tell_coordinators(ctx: Context, answered: ExplanationView) -> None:
    """The plan's coordinators get the answer in their own language."""
    numbers = await tasks.plan_numbers(ctx.session, {answered.plan_id})
    messages = []
    for person in await explanations.plan_coordinators(ctx.session, answered.plan_id):
        text = t(
            person.language,
            "explain-answered",
            agency=answered.agency_name,
            period=period_label(answered.period_label, person.language),
            plan=numbers[answered.plan_id],
            reason=answered.reason or "",
            expected=format_date(answered.expected_on, person.language)
            if answered.expected_on
            else "-",
        )
        messages.append((person, Outgoing(text=text)))
    explanations.queue_notices(ctx.session, answered, messages, now=ctx.now, what="answer")
