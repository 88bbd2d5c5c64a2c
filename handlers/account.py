"""Enrolment and the person's own settings: /start, /help, /whoami, /lang, /leave, /cancel,
and the reminder buttons "snooze:1d" and "mute:early"."""

from __future__ import annotations

from datetime import timedelta

from bot.channels.base import Outgoing
from bot.db.models import ConversationStatus, Person, Role
from bot.i18n import LOCALES, format_datetime, normalise_locale
from bot.services import conversations, invites, people
from bot.services.tasks import coordinated_plans
from handlers.context import Context

SNOOZE = {"1d": timedelta(days=1)}


def stranger(ctx: Context) -> list[Outgoing]:
    """The one short answer a stranger gets."""
    return [ctx.say("stranger")]


async def start(ctx: Context, args: str) -> list[Outgoing]:
    code = args.strip()
    if not code:
        if ctx.role is None:
            return stranger(ctx)
        return [ctx.say("start-again", name=ctx.incoming.display_name or "")]
    if ctx.incoming.is_group:
        return [ctx.say("start-in-private")]
    incoming = ctx.incoming
    result = await invites.redeem(
        ctx.session,
        code,
        channel=incoming.channel,
        user_id=incoming.user_id,
        chat_id=incoming.chat_id,
        display_name=incoming.display_name,
        language=ctx.locale,
        now=ctx.now,
    )
    if result.outcome != invites.Redemption.OK or result.person is None:
        return [ctx.say(f"start-code-{result.outcome.value}")]
    person = result.person
    ctx.person = person
    ctx.locale = person.language
    agency = await _agency_name(person)
    welcome = "start-welcome"
    if person.role == Role.COORDINATOR:
        # /weekly, /overdue, /report and /nudge answer only for plans the agency coordinates.
        followed = await coordinated_plans(ctx.session, person.agency_id)
        welcome = "start-welcome-coordinator" if followed else "start-welcome-coordinator-no-plan"
    return [ctx.say(welcome, role=ctx.t(f"role-{person.role.value}"), agency=agency)]


async def _agency_name(person: Person) -> str:
    """The person's agency, loaded when asked: the per-message query reads the person alone."""
    agency = await person.awaitable_attrs.agency
    return agency.name if agency else "-"


async def whoami(ctx: Context, args: str) -> list[Outgoing]:
    person = ctx.person
    agency = await _agency_name(person) if person else "-"
    return [
        ctx.say(
            "whoami",
            name=(person.display_name if person else "") or ctx.incoming.display_name or "-",
            role=ctx.t(f"role-{ctx.role}"),
            agency=agency,
            language=ctx.t(f"language-{ctx.locale}"),
        )
    ]


async def lang(ctx: Context, args: str) -> list[Outgoing]:
    wanted = args.strip().lower()
    if wanted not in LOCALES or ctx.person is None:
        return [ctx.say("lang-usage", current=ctx.t(f"language-{ctx.locale}"))]
    people.set_language(ctx.person, wanted)
    ctx.locale = normalise_locale(wanted)
    return [ctx.say("lang-set", language=ctx.t(f"language-{ctx.locale}"))]


async def leave(ctx: Context, args: str) -> list[Outgoing]:
    if ctx.person is None or not ctx.person.active:
        return [ctx.say("leave-not-enrolled")]
    await people.leave(ctx.session, ctx.person)
    if ctx.state is not None and ctx.state.status == ConversationStatus.ACTIVE:
        await conversations.finish(ctx.session, ctx.state, ctx.now)
    return [ctx.say("leave-done")]


async def cancel(ctx: Context, args: str) -> list[Outgoing]:
    state = ctx.state
    if state is None or state.status != ConversationStatus.ACTIVE:
        return [ctx.say("cancel-nothing")]
    await conversations.finish(ctx.session, state, ctx.now)
    return [ctx.say("form-cancelled")]


async def snooze(ctx: Context, span: str) -> list[Outgoing]:
    if ctx.person is None or span not in SNOOZE:
        return [ctx.say("not-understood")]
    until = ctx.now + SNOOZE[span]
    people.snooze(ctx.person, until)
    return [ctx.say("snoozed", until=format_datetime(until, ctx.app.clock.tz, ctx.locale))]


async def mute(ctx: Context, what: str) -> list[Outgoing]:
    if ctx.person is None or what != "early":
        return [ctx.say("not-understood")]
    people.mute_early(ctx.person)
    return [ctx.say("muted-early")]
