"""Explanation requests in chat: a coordinator asks a late agency to explain (the /overdue
button "askexplain:<period>:<agency>", or `/explain AGENCY [PERIOD]` where there are no buttons);
the agency's focal points get the request with a button that opens the answer form
(`handlers.forms.explain`), and the coordinators get the answer.

Who may do what is checked here each time: a coordinator only for plans their department
coordinates, a focal point only for requests to their own agency.
"""

from __future__ import annotations

from datetime import date

from bot.channels.base import Choice, Outgoing
from bot.db.models import Person
from bot.i18n import format_date, format_datetime, t
from bot.periods.cadence import period_label
from bot.periods.store import period_plan
from bot.periods.wording import due_text
from bot.reports.overdue import MissingAgency, OverduePeriod, overdue_periods
from bot.services import explanations, tasks
from bot.services.actions import explain_action
from bot.services.agency_lookup import agency_among
from bot.services.explanations import ExplanationView
from bot.text import clean, fold
from handlers.context import Context
from handlers.coordination import pick_plan, plans_for
from handlers.forms.engine import begin
from handlers.forms.explain import EXPLAIN_FORM, FOCAL, answer_allowed
from handlers.forms.explain import FORM_NAME as EXPLAIN_FORM_NAME
from handlers.owed import own_agency


def _day(value: date | None, locale: str) -> str:
    return format_date(value, locale) if value else "-"


async def command(ctx: Context, args: str) -> list[Outgoing]:
    """/explain: a focal point answers their agency's open request; a coordinator asks."""
    if ctx.role == FOCAL:
        return await _focal_requests(ctx)
    plan, rest, question = await pick_plan(ctx, "explain", args)
    if plan is None:
        return question
    name, label = _split_agency(rest)
    if not name:
        return [ctx.say("explain-usage")]
    periods = await overdue_periods(ctx.session, plan.id, ctx.today)
    if not periods:
        return [ctx.say("explain-no-overdue", plan=plan.number)]
    if label:
        chosen = [entry for entry in periods if fold(entry.period.label) == fold(label)]
        if not chosen:
            known = ", ".join(ctx.period(entry.period.label) for entry in periods)
            return [ctx.say("explain-period-unknown", period=label, known=known)]
        periods = chosen
    found = await _find_agency(ctx, periods, name)
    if found is None:
        return [ctx.say("explain-unknown-agency", name=name, plan=plan.number)]
    entry, agency = found
    return await _ask(ctx, plan.number, entry, agency)


def _split_agency(rest: str) -> tuple[str, str]:
    """'"Sở Y tế" Năm 2026' → ("Sở Y tế", "Năm 2026"); 'Sở Y tế' → ("Sở Y tế", "")."""
    rest = clean(rest)
    for quote_open, quote_close in (('"', '"'), ("“", "”")):
        if rest.startswith(quote_open) and quote_close in rest[1:]:
            name, _, label = rest[1:].partition(quote_close)
            return name.strip(), label.strip()
    return rest, ""


async def _find_agency(
    ctx: Context, periods: list[OverduePeriod], name: str
) -> tuple[OverduePeriod, MissingAgency] | None:
    """The most recent overdue period in which the agency a name means is missing, the name read
    as /report reads it (abbreviations, old names, successors)."""
    latest = {  # a later period overwrites an earlier one
        agency.agency_id: (entry, agency) for entry in periods for agency in entry.agencies
    }
    names = {agency_id: agency.name for agency_id, (_, agency) in latest.items()}
    found = await agency_among(ctx.session, names, name)
    return latest[found[0]] if found is not None else None


async def ask(ctx: Context, *, period_id: int, agency_id: int) -> list[Outgoing]:
    """The /overdue button: checked again (buttons can be forged or stale)."""
    plan_id = await period_plan(ctx.session, period_id)
    plan = next((p for p in await plans_for(ctx) if p.id == plan_id), None)
    if plan is not None:
        for entry in await overdue_periods(ctx.session, plan.id, ctx.today):
            if entry.period.id != period_id:
                continue
            agency = next((a for a in entry.agencies if a.agency_id == agency_id), None)
            if agency is None:  # it has reported meanwhile
                name = await tasks.agency_name(ctx.session, agency_id) or "-"
                period = ctx.period(entry.period.label)
                return [ctx.say("explain-nothing-missing", agency=name, period=period)]
            return await _ask(ctx, plan.number, entry, agency)
    return [ctx.say("form-stale-choice")]


async def _ask(
    ctx: Context, plan_number: str, entry: OverduePeriod, agency: MissingAgency
) -> list[Outgoing]:
    request, created = await explanations.request_explanation(
        ctx.session,
        plan_id=entry.period.plan_id,
        period_id=entry.period.id,
        agency_id=agency.agency_id,
        by_person_id=ctx.person_id,
        now=ctx.now,
        answer_days=ctx.app.settings.explanation_answer_days,
    )
    name, period = agency.name, ctx.period(entry.period.label)
    due = _day(request.answer_due, ctx.locale)
    if not created:
        last = await explanations.last_notice_at(ctx.session, request, ctx.now)
        if last is not None:  # a double tap, or the command typed again: one notice is enough
            when = format_datetime(last, ctx.app.clock.tz, ctx.locale)
            return [ctx.say("explain-just-sent", agency=name, period=period, time=when, due=due)]
    recipients = await explanations.focal_points(ctx.session, agency.agency_id)
    coordinator = await _coordinator_name(ctx)
    messages = [
        (person, _notice(person, request, entry, agency, plan_number, coordinator))
        for person in recipients
    ]
    explanations.queue_notices(ctx.session, request, messages, now=ctx.now, what="request")
    if not recipients:
        return [ctx.say("explain-nobody", agency=name, period=period)]
    count = len(recipients)
    if created:
        return [ctx.say("explain-sent", agency=name, period=period, people=count, due=due)]
    asked = _day(request.requested_on, ctx.locale)
    return [
        ctx.say("explain-resent", agency=name, period=period, people=count, due=due, date=asked)
    ]


async def _coordinator_name(ctx: Context) -> str:
    if ctx.agency_id is None:
        return ctx.t("explain-coordinating-department")
    agency = await tasks.agency_name(ctx.session, ctx.agency_id)
    return agency or ctx.t("explain-coordinating-department")


def _notice(
    person: Person,
    request: ExplanationView,
    entry: OverduePeriod,
    agency: MissingAgency,
    plan_number: str,
    coordinator: str,
) -> Outgoing:
    locale = person.language
    text = t(
        locale,
        "explain-notice",
        coordinator=coordinator,
        agency=agency.name,
        period=period_label(entry.period.label, locale),
        plan=plan_number,
        due=due_text(entry.period.due_date, locale, inline=True),
        days=entry.period.days_overdue,
        codes=", ".join(agency.codes),
        answer=_day(request.answer_due, locale),
    )
    button = Choice(explain_action(request.id), t(locale, "explain-answer-button"))
    return Outgoing(text=text, choices=[button])


async def _focal_requests(ctx: Context) -> list[Outgoing]:
    if ctx.agency_id is None:
        return [ctx.say("update-no-agency")]
    agency = await own_agency(ctx, ctx.agency_id)
    waiting = await explanations.open_request_for(ctx.session, {agency})
    if not waiting:
        return [ctx.say("explain-none-open")]
    if len(waiting) == 1:
        return await answer_request(ctx, waiting[0].id)
    numbers = await tasks.plan_numbers(ctx.session, {view.plan_id for view in waiting})
    choices = [
        Choice(
            explain_action(view.id),
            ctx.t(
                "explain-pick-line",
                plan=numbers[view.plan_id],
                period=ctx.period(view.period_label),
            ),
        )
        for view in waiting
    ]
    return [ctx.say("explain-pick", count=len(waiting), choices=choices)]


async def answer_request(ctx: Context, request_id: int) -> list[Outgoing]:
    """The request's button: the answer form, for a focal point of the agency asked."""
    request = await explanations.get_request(ctx.session, request_id)
    if request is None or not await answer_allowed(ctx, request):
        return [ctx.say("explain-not-yours")]
    numbers = await tasks.plan_numbers(ctx.session, {request.plan_id})
    draft = {
        "request": request.id,
        "period": ctx.period(request.period_label),
        "plan": numbers[request.plan_id],
    }
    state = ctx.state
    same = state is not None and state.form == EXPLAIN_FORM_NAME
    if state is not None and same and state.draft.get("request") == request.id:
        return await begin(ctx, EXPLAIN_FORM, dict(state.draft), state.step)
    return await begin(ctx, EXPLAIN_FORM, draft, "reason")
