"""The Monday weekly summary for every coordinator who has not opted out (Person.weekly_summary).

`queue_weekly_summaries` renders each plan's summary once per language and channel size and puts
one outbox row per coordinator and plan, which the outbox sender delivers under the platforms' rate
limits (the row carries the message itself, so nothing needs re-rendering at send time). Its
dedupe key holds the ISO week, so running it twice in a week queues nothing more. The chart and
the full text as a file stay for /weekly, since outbox rows carry no files.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import Outgoing
from bot.channels.capabilities import capabilities
from bot.db.models import OutboxMessage, Person, Plan, ReportingRule, Role
from bot.i18n import normalise_locale
from bot.reports.weekly import weekly_summary
from bot.services.outbox import ready_message
from bot.services.people import reachable
from bot.services.succession import effective_agency_map

WEEKLY_KIND = "weekly"


async def weekly_recipients(session: AsyncSession) -> list[tuple[Person, Plan]]:
    """(coordinator, plan) for every active, reachable coordinator who wants the summary and
    every plan their agency (after mergers) coordinates, directly or through a reporting rule."""
    effective = await effective_agency_map(session)
    coordinators = (
        await session.scalars(
            select(Person).where(
                *reachable(Role.COORDINATOR),
                Person.weekly_summary.is_(True),
                Person.agency_id.is_not(None),
            )
        )
    ).all()
    plans = {plan.id: plan for plan in (await session.scalars(select(Plan))).all()}
    coordinated: dict[int, set[int]] = {}  # effective agency id → plan ids
    for plan in plans.values():
        if plan.coordinating_agency_id is not None:
            agency = effective.get(plan.coordinating_agency_id, plan.coordinating_agency_id)
            coordinated.setdefault(agency, set()).add(plan.id)
    rules = await session.execute(
        select(ReportingRule.plan_id, ReportingRule.coordinating_agency_id).where(
            ReportingRule.coordinating_agency_id.is_not(None)
        )
    )
    for plan_id, agency_id in rules:
        coordinated.setdefault(effective.get(agency_id, agency_id), set()).add(plan_id)
    recipients: list[tuple[Person, Plan]] = []
    for person in coordinators:
        agency_id = person.agency_id or 0  # the query keeps only people with an agency
        for plan_id in sorted(coordinated.get(effective.get(agency_id, agency_id), ())):
            recipients.append((person, plans[plan_id]))
    return recipients


def weekly_dedupe_key(plan_id: int, person_id: int, today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"{WEEKLY_KIND}:{plan_id}:{person_id}:{year}-W{week:02d}"


async def queue_weekly_summaries(session: AsyncSession, *, today: date, now: datetime) -> int:
    """Queue this week's summary for every recipient not yet served this week; how many."""
    recipients = await weekly_recipients(session)
    keys = {weekly_dedupe_key(plan.id, person.id, today) for person, plan in recipients}
    queued = (
        set(
            (
                await session.scalars(
                    select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys))
                )
            ).all()
        )
        if keys
        else set()
    )
    texts: dict[tuple[int, str, int], str] = {}
    count = 0
    for person, plan in recipients:
        key = weekly_dedupe_key(plan.id, person.id, today)
        if key in queued:
            continue
        limit = capabilities(person.channel).summary_chars
        locale = normalise_locale(person.language)
        text_key = (plan.id, locale, limit)
        if text_key not in texts:
            summary = await weekly_summary(
                session,
                plan.id,
                today=today,
                locale=person.language,
                max_chars=limit,
                with_chart=False,
            )
            texts[text_key] = summary.text
        session.add(
            ready_message(
                person,
                Outgoing(text=texts[text_key]),
                kind=WEEKLY_KIND,
                dedupe_key=key,
                due_at=now,
                plan_id=plan.id,
            )
        )
        queued.add(key)
        count += 1
    await session.flush()
    return count
