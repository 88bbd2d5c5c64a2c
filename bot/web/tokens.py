"""One-time dashboard links and browser sessions. Only SHA-256 digests of tokens are stored:
a copy of the database lets nobody in.

A link (from `/dashboard` or `dondoc web link`) is valid `LINK_MINUTES` and exchanged once for a
session; a session lasts `SESSION_HOURS` and ends sooner when the person is revoked or leaves
(`bot.services.people` deletes the rows) or is no longer active (checked on every request).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Person, WebLoginLink, WebSession

LINK_MINUTES = 15
SESSION_HOURS = 12
TOKEN_BYTES = 32


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_token(session_token: str) -> str:
    """The form token of a session: derived from its secret cookie, so nothing more is stored
    and another site, which cannot read the cookie, cannot forge it."""
    return hmac.new(session_token.encode(), b"dondoc-csrf", hashlib.sha256).hexdigest()


async def create_link(session: AsyncSession, person_id: int, *, now: datetime) -> str:
    """A fresh one-time link token for the person (shown once, in the link)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        WebLoginLink(
            token_hash=digest(token),
            person_id=person_id,
            created_at=now,
            expires_at=now + timedelta(minutes=LINK_MINUTES),
        )
    )
    await session.flush()
    return token


def link_url(base_url: str, token: str) -> str:
    return f"{base_url}/login/{token}"


@dataclass(frozen=True, slots=True)
class Opened:
    token: str  # the cookie's value
    person: Person
    expires_at: datetime


async def open_session(session: AsyncSession, person: Person, *, via: str, now: datetime) -> Opened:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires = now + timedelta(hours=SESSION_HOURS)
    session.add(
        WebSession(
            token_hash=digest(token),
            person_id=person.id,
            via=via,
            created_at=now,
            expires_at=expires,
        )
    )
    await session.execute(delete(WebSession).where(WebSession.expires_at < now))
    await session.flush()
    return Opened(token, person, expires)


async def exchange_link(session: AsyncSession, token: str, *, now: datetime) -> Opened | None:
    """The session a link opens, or None when the link is unknown, used, expired or its person
    is no longer active. Marking it used is one conditional UPDATE: of two browsers racing with
    the same link, one wins."""
    used = await session.execute(
        update(WebLoginLink)
        .where(
            WebLoginLink.token_hash == digest(token),
            WebLoginLink.used_at.is_(None),
            WebLoginLink.expires_at > now,
        )
        .values(used_at=now)
        .returning(WebLoginLink.person_id)
    )
    person_id = used.scalar_one_or_none()
    if person_id is None:
        return None
    person = await session.get(Person, person_id)
    if person is None or not person.active:
        return None
    return await open_session(session, person, via="link", now=now)


async def session_person(session: AsyncSession, token: str, *, now: datetime) -> Person | None:
    """The active person signed in with this cookie, or None."""
    return await session.scalar(
        select(Person)
        .join(WebSession, WebSession.person_id == Person.id)
        .where(
            WebSession.token_hash == digest(token),
            WebSession.expires_at > now,
            Person.active.is_(True),
        )
    )


async def close_session(session: AsyncSession, token: str) -> str | None:
    """End the session; how it was opened ("link", or the web app's channel), or None (unknown)."""
    closed = await session.execute(
        delete(WebSession).where(WebSession.token_hash == digest(token)).returning(WebSession.via)
    )
    return closed.scalar_one_or_none()
