"""Status updates: an agency's word on one assignment for one period, kept as versions.

An edit never overwrites: it adds a version pointing at the one it replaces (`supersedes_id`), so
the history of what was reported, when and by whom, stays readable; each submission is also in
the audit log. An update after its period's deadline is accepted and marked late, with the days
late (`lateness`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Assignment, StatusUpdate, UpdateStatus
from bot.periods.calendar import days_late
from bot.services import audit

MAX_RESULT_CHARS = 1000


def _newest(*columns: Any) -> dict[bool, Select[Any]]:
    """The newest version on an assignment, in a period (True) or outside any (False), built
    once with bound parameters: the status form runs it on the task picked and on submitting."""
    return {
        in_period: select(*columns)
        .where(
            StatusUpdate.assignment_id == bindparam("b_assignment"),
            StatusUpdate.period_id == bindparam("b_period")
            if in_period
            else StatusUpdate.period_id.is_(None),
        )
        .order_by(StatusUpdate.version.desc())
        .limit(1)
        for in_period in (True, False)
    }


_NEWEST = _newest(StatusUpdate)
_NEWEST_VERSION = _newest(StatusUpdate.id, StatusUpdate.version)  # what a new version needs


async def latest_update(
    session: AsyncSession, assignment_id: int, period_id: int | None
) -> StatusUpdate | None:
    """The newest version reported on the assignment for the period (None: outside any
    period)."""
    return await session.scalar(
        _NEWEST[period_id is not None], {"b_assignment": assignment_id, "b_period": period_id}
    )


async def latest_updates(
    session: AsyncSession, pairs: Iterable[tuple[int, int | None]]
) -> dict[tuple[int, int | None], StatusUpdate]:
    """The latest version for each (assignment, period) pair, in one query."""
    wanted = set(pairs)
    if not wanted:
        return {}
    rows = await session.scalars(
        select(StatusUpdate).where(StatusUpdate.assignment_id.in_({a for a, _ in wanted}))
    )
    latest: dict[tuple[int, int | None], StatusUpdate] = {}
    for row in rows:
        key = (row.assignment_id, row.period_id)
        if key in wanted and (key not in latest or row.version > latest[key].version):
            latest[key] = row
    return latest


def lateness(today: date, period_due: date | None, task_deadline: date | None) -> int:
    """Days a report sent `today` is late: against its period's due date, or the task's own
    deadline for a report outside any period (a deadline on a day off runs to the next working
    day)."""
    deadline = period_due or task_deadline
    return days_late(deadline, today) if deadline is not None else 0


_ASSIGNMENTS = cast(Table, Assignment.__table__)
_UPDATES = cast(Table, StatusUpdate.__table__)
# Built once, with bound parameters: a submission runs these every time.
_LOCK_ASSIGNMENT = (
    update(_ASSIGNMENTS).where(_ASSIGNMENTS.c.id == bindparam("b_id")).values(id=_ASSIGNMENTS.c.id)
)
_INSERT_UPDATE = insert(_UPDATES)


async def submit_update(
    session: AsyncSession,
    *,
    assignment_id: int,
    period_id: int | None,
    status: UpdateStatus,
    result: str,
    percent: int | None = None,
    obstacles: str | None = None,
    proposals: str | None = None,
    attachments: list[dict[str, Any]] | None = None,
    person_id: int | None = None,
    channel: str | None = None,
    now: datetime,
    today: date,
    period_due: date | None = None,
    task_deadline: date | None = None,
) -> StatusUpdate:
    """Store a new version of the assignment's status for the period (in the caller's
    transaction) and return it. `today` is the local date against which lateness is judged.

    The assignment row is written first (a no-op UPDATE: a row lock on PostgreSQL, the write lock
    on SQLite, where a SELECT … FOR UPDATE would lock nothing), so two focal points of one agency
    submitting at once make versions 1 and 2, never two version 1s. The statements are Core ones
    (a form's last step runs them): the rows read and returned are not kept by the session."""
    await session.execute(_LOCK_ASSIGNMENT, {"b_id": assignment_id})
    previous = (
        await session.execute(
            _NEWEST_VERSION[period_id is not None],
            {"b_assignment": assignment_id, "b_period": period_id},
        )
    ).first()
    late = lateness(today, period_due, task_deadline)
    values: dict[str, Any] = {
        "assignment_id": assignment_id,
        "period_id": period_id,
        "status": status,
        "percent": 100 if status == UpdateStatus.DONE else percent,
        "result": result,
        "obstacles": obstacles or None,
        "proposals": proposals or None,
        "attachments": attachments or [],
        "person_id": person_id,
        "channel": channel or None,
        "submitted_at": now,
        "is_late": late > 0,
        "days_late": late,
        "version": previous.version + 1 if previous else 1,
        "supersedes_id": previous.id if previous else None,
    }
    inserted = await session.execute(_INSERT_UPDATE, values)
    stored = StatusUpdate(id=inserted.inserted_primary_key[0], **values)  # type: ignore[attr-defined]
    await audit.record(
        session,
        "update.submit",
        actor_id=person_id,
        actor_label=channel or "",
        object_type="status_update",
        object_id=stored.id,
        details={"assignment_id": assignment_id, "version": stored.version},
    )
    return stored
