"""People: who is enrolled, with which role and agency, and their preferences."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from bot.db.models import Agency, Person, Role, WebLoginLink, WebSession
from bot.services import audit

_PERSON = cast(Table, Person.__table__)


@dataclass(frozen=True, slots=True)
class Caller:
    """The person behind an incoming message as the per-message query reads them: a plain row,
    every column of `Person`, outside the ORM's identity map and unit of work (loading an ORM
    object cost about as much again as the query, bench/bench_forms.py). `attach` makes the ORM
    `Person` of it, without a query, for the few commands that change the person."""

    id: int
    channel: str
    platform_user_id: str
    chat_id: str
    display_name: str
    language: str
    role: Role
    agency_id: int | None
    active: bool
    reachable: bool
    mute_early_reminders: bool
    snoozed_until: datetime | None
    away_from: date | None
    away_until: date | None
    weekly_summary: bool
    created_at: datetime
    last_seen_at: datetime | None


CALLER_FIELDS = tuple(field.name for field in fields(Caller))
CALLER_COLUMNS = tuple(_PERSON.c[name] for name in CALLER_FIELDS)  # in `Caller`'s order


def caller_of(person: Person) -> Caller:
    """The `Caller` of an ORM `Person` (one just enrolled, or a web request's)."""
    return Caller(*(getattr(person, name) for name in CALLER_FIELDS))


def attach(session: AsyncSession, caller: Caller) -> Person:
    """The ORM `Person` of `caller` in `session`, as if loaded by a query (no query is made):
    the one the session already holds, or one made of the row's values, whose changes the
    session then writes as it writes any loaded object's."""
    known = session.identity_map.get(identity_key(Person, caller.id))
    if known is not None:
        return cast(Person, known)
    person = Person(**{name: getattr(caller, name) for name in CALLER_FIELDS})
    make_transient_to_detached(person)  # no pending changes: the values are what is stored
    session.add(person)
    return person


async def find_person(session: AsyncSession, channel: str, user_id: str) -> Person | None:
    """The person (active or not) behind a platform user id, with their agency loaded."""
    return await session.scalar(
        select(Person)
        .options(joinedload(Person.agency))
        .where(Person.channel == channel, Person.platform_user_id == user_id)
    )


async def upsert_person(
    session: AsyncSession,
    *,
    channel: str,
    user_id: str,
    chat_id: str,
    display_name: str,
    role: Role,
    agency_id: int | None,
    language: str,
) -> Person:
    """Bind a platform user to a role and agency (re-activating someone who left)."""
    person = await find_person(session, channel, user_id)
    if person is None:
        person = Person(
            channel=channel,
            platform_user_id=user_id,
            chat_id=chat_id,
            display_name=display_name,
            language=language,
            role=role,
            agency_id=agency_id,
        )
        session.add(person)
    else:
        person.chat_id = chat_id
        person.display_name = display_name or person.display_name
        person.role = role
        person.agency_id = agency_id
        person.active = True
        person.reachable = True
    await session.flush()
    await session.refresh(person, ["agency"])
    return person


async def end_web_access(session: AsyncSession, person_id: int) -> None:
    """Sign the person out of the dashboard everywhere, and void their unused links."""
    await session.execute(delete(WebSession).where(WebSession.person_id == person_id))
    await session.execute(delete(WebLoginLink).where(WebLoginLink.person_id == person_id))


async def leave(session: AsyncSession, person: Person) -> None:
    person.active = False
    await end_web_access(session, person.id)
    await audit.record(
        session, "person.leave", actor_id=person.id, object_type="person", object_id=person.id
    )


async def revoke(
    session: AsyncSession, person_id: int, *, actor_id: int | None, actor_label: str
) -> Person | None:
    """Deactivate a person; None when there is no such active person."""
    person = await session.get(Person, person_id)
    if person is None or not person.active:
        return None
    person.active = False
    await end_web_access(session, person.id)
    await audit.record(
        session,
        "person.revoke",
        actor_id=actor_id,
        actor_label=actor_label,
        object_type="person",
        object_id=person.id,
    )
    return person


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    channel: str
    display_name: str
    role: str
    agency: str | None
    active: bool
    last_seen_at: datetime | None


async def list_people(session: AsyncSession, *, include_inactive: bool = False) -> list[PersonRow]:
    query = (
        select(Person, Agency.name)
        .outerjoin(Agency, Agency.id == Person.agency_id)
        .order_by(Agency.name, Person.display_name, Person.id)
    )
    if not include_inactive:
        query = query.where(Person.active.is_(True))
    rows = await session.execute(query)
    return [
        PersonRow(
            id=person.id,
            channel=person.channel,
            display_name=person.display_name,
            role=person.role.value,
            agency=agency,
            active=person.active,
            last_seen_at=person.last_seen_at,
        )
        for person, agency in rows.all()
    ]


async def languages(session: AsyncSession, person_ids: set[int]) -> dict[int, str]:
    """{person id: language} for a batch of people (one query)."""
    if not person_ids:
        return {}
    rows = await session.execute(
        select(Person.id, Person.language).where(Person.id.in_(person_ids))
    )
    return dict(rows.tuples().all())


def reachable(role: Role) -> tuple[ColumnElement[bool], ...]:
    """The conditions on the people of `role` the bot writes to: active, and not known to have
    blocked it (`select(Person).where(*reachable(Role.FOCAL), …)`)."""
    return (Person.role == role, Person.active.is_(True), Person.reachable.is_(True))


async def mark_seen(
    session: AsyncSession,
    person: Caller,
    *,
    now: datetime,
    chat_id: str,
    private: bool,
    every: timedelta,
) -> Caller:
    """Record activity (at most once per `every`, to keep the per-message path write-light), and
    the private chat to write to when the person writes from a new one. Someone who blocked the bot
    (a 403 marked them unreachable) and writes to it privately again has unblocked it: reachable.
    A message in a group says nothing of the private chat, so it leaves that mark alone.

    One UPDATE of the columns that change, when any does; returns `person` as it now is."""
    changes: dict[str, Any] = {}
    if person.last_seen_at is None or now - person.last_seen_at > every:
        changes["last_seen_at"] = now
    if private and person.chat_id != chat_id:
        changes["chat_id"] = chat_id
    if private and not person.reachable:
        changes["reachable"] = True
    if not changes:
        return person
    statement = _SEEN.get(tuple(changes))
    if statement is None:  # one of the few shapes, built on first use
        statement = _SEEN[tuple(changes)] = (
            update(_PERSON)
            .where(_PERSON.c.id == bindparam("b_id"))
            .values({name: bindparam(f"b_{name}") for name in changes})
        )
    await session.execute(
        statement, {"b_id": person.id} | {f"b_{name}": value for name, value in changes.items()}
    )
    return replace(person, **changes)


_SEEN: dict[tuple[str, ...], Any] = {}  # mark_seen's UPDATE per set of changed columns


def snooze(person: Person, until: datetime) -> None:
    person.snoozed_until = until


def mute_early(person: Person) -> None:
    person.mute_early_reminders = True


def set_weekly_summary(person: Person, wanted: bool) -> None:
    person.weekly_summary = wanted


def set_language(person: Person, language: str) -> None:
    person.language = language


def role_of(person: Person | Caller | None, *, configured_admin: bool, local: bool) -> str | None:
    """The role a person acts in, or None for a stranger; the one rule for chat and web.

    Admins are whoever the settings name now (`configured_admin`); a stored admin row counts only
    on a local channel, for the console demo's admin persona, so someone dropped from the settings
    is no admin any more. Anyone else acts in their stored role while active."""
    if configured_admin:
        return Role.ADMIN.value
    if person is None or not person.active:
        return None
    if person.role == Role.ADMIN:
        return Role.ADMIN.value if local else None
    return person.role.value
