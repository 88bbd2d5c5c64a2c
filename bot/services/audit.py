"""The audit trail: who did what (imports, invites, enrolments, submissions, revocations)."""

from __future__ import annotations

from typing import Any, Protocol, cast

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditLog

# One statement built once (a Core insert: no unit of work at the commit for an audit row).
_INSERT = insert(cast(Table, AuditLog.__table__))


async def record(
    session: AsyncSession,
    action: str,
    *,
    actor_id: int | None = None,
    actor_label: str = "",
    object_type: str | None = None,
    object_id: object = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Add one audit row in the caller's transaction (so it is kept exactly when the work is)."""
    await session.execute(
        _INSERT,
        {
            "actor_id": actor_id,
            "actor_label": actor_label,
            "action": action,
            "object_type": object_type,
            "object_id": None if object_id is None else str(object_id),
            "details": details or {},
        },
    )


class _Row(Protocol):
    __tablename__: str

    @property
    def id(self) -> int: ...


async def record_new(
    session: AsyncSession,
    row: _Row,
    action: str,
    *,
    actor_id: int | None,
    actor_label: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Add a new row, flushed so that it has its id, and record its creation against it."""
    session.add(row)
    await session.flush()
    await record(
        session,
        action,
        actor_id=actor_id,
        actor_label=actor_label,
        object_type=row.__tablename__,
        object_id=row.id,
        details=details,
    )
