"""One-time enrolment codes.

A code is shown once (to the admin who made it) and only its SHA-256 is stored. It expires, and it
can be used once: the first `/start <code>` binds the person to the code's agency and role.
Codes are short and unambiguous (no 0/O, 1/I/L) so they can be typed from a phone; the same code
works as the payload of a link that opens the bot with "/start <code>" (bot/channels/invites.py).
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Agency, Invite, Person, Role
from bot.services import audit, people
from bot.services.succession import effective_agency_map

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
DEFAULT_VALIDITY = timedelta(days=7)
_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Redemption(enum.StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


def parse_duration(text: str) -> timedelta:
    """ "7d", "12h", "30m", "2w" → timedelta; ValueError otherwise."""
    match = _DURATION.match(text or "")
    if not match or int(match.group(1)) == 0:
        raise ValueError(text)
    return timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})


def normalise_code(code: str) -> str:
    """What a person typed, as the code was issued: upper case, no spaces or dashes."""
    return re.sub(r"[\s\-_]", "", code or "").upper()


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


async def find_agency(session: AsyncSession, name: str) -> Agency | None:
    """The agency a name means (short names, aliases, abbreviations), the shipped registry
    loaded first so that invites work before any plan is imported. An agency merged in 2025
    gives its successor: people enrol with the agency that exists now."""
    from bot.agencies.registry import ensure_registry
    from bot.agencies.registry import find_agency as registry_find

    await ensure_registry(session)
    agency = await registry_find(session, name)
    if agency is None:
        return None
    effective = (await effective_agency_map(session)).get(agency.id, agency.id)
    return agency if effective == agency.id else await session.get(Agency, effective)


@dataclass(frozen=True, slots=True)
class NewInvite:
    code: str
    invite_id: int
    expires_at: datetime


async def create_invite(
    session: AsyncSession,
    *,
    agency_id: int | None,
    role: Role,
    now: datetime,
    valid_for: timedelta = DEFAULT_VALIDITY,
    created_by_id: int | None = None,
    actor_label: str = "cli",
) -> NewInvite:
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    invite = Invite(
        code_hash=hash_code(code),
        agency_id=agency_id,
        role=role,
        expires_at=now + valid_for,
        created_by_id=created_by_id,
        created_at=now,
    )
    await audit.record_new(
        session,
        invite,
        "invite.create",
        actor_id=created_by_id,
        actor_label=actor_label,
        details={"agency_id": agency_id, "role": role.value},
    )
    return NewInvite(code=code, invite_id=invite.id, expires_at=invite.expires_at)


@dataclass(frozen=True, slots=True)
class RedeemResult:
    outcome: Redemption
    person: Person | None = None


async def redeem(
    session: AsyncSession,
    code: str,
    *,
    channel: str,
    user_id: str,
    chat_id: str,
    display_name: str,
    language: str,
    now: datetime,
) -> RedeemResult:
    """Use a code: bind the person, mark the code used. A used, expired or revoked code binds
    nobody. The code is claimed with a conditional UPDATE, so two people racing for the same
    code cannot both win."""
    invite = await session.scalar(select(Invite).where(Invite.code_hash == hash_code(code)))
    if invite is None or invite.revoked:
        return RedeemResult(Redemption.UNKNOWN)
    if invite.used_at is not None:
        return RedeemResult(Redemption.USED)
    if invite.expires_at <= now:
        return RedeemResult(Redemption.EXPIRED)
    claimed = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], claimed).rowcount != 1:
        return RedeemResult(Redemption.USED)
    person = await people.upsert_person(
        session,
        channel=channel,
        user_id=user_id,
        chat_id=chat_id,
        display_name=display_name,
        role=invite.role,
        agency_id=invite.agency_id,
        language=language,
    )
    await session.execute(
        update(Invite)
        .where(Invite.id == invite.id)
        .values(used_by_id=person.id)
        .execution_options(synchronize_session=False)
    )
    await audit.record(
        session,
        "invite.redeem",
        actor_id=person.id,
        actor_label=f"{channel}:{user_id}",
        object_type="invite",
        object_id=invite.id,
    )
    return RedeemResult(Redemption.OK, person)
