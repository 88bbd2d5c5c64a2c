"""A focal point's leave (/away): reading it from what they typed, keeping it on the person, and
who is away on a given day (the reminder planner and the send-time re-check skip them).

A leave is two local calendar days, both included (`Person.away_from`, `Person.away_until`); the
person is back the day after the last one. Dates are typed dd/mm or dd/mm/yyyy: "05/01-12/01",
"05/01/2027-12/01/2027", "nghỉ phép từ 05/01 đến 12/01". Without a year the leave is the next
one to come, in the order written (`parse_leave`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Person, Role
from bot.services import audit
from bot.services.succession import followed_by
from bot.text import fold

MAX_DAYS = 366
_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?!\d)")
_SENTENCE = re.compile(r"^(toi |em |xin )?(nghi phep|nghi|on leave|away)\b")
OFF_WORDS = frozenset({"off", "tat", "huy", "ket thuc", "end", "stop", "cancel"})


@dataclass(frozen=True, slots=True)
class Leave:
    first: date
    last: date  # included

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def back(self) -> date:
        return self.last + timedelta(days=1)


class LeaveError(ValueError):
    """What was typed is not a leave: `reason` names the message to answer with."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def leave_of(person: Person) -> Leave | None:
    if person.away_from is None or person.away_until is None:
        return None
    return Leave(person.away_from, person.away_until)


def current_leave(person: Person, today: date) -> Leave | None:
    """The leave the person is on today or will be on; None once it is over."""
    leave = leave_of(person)
    return leave if leave is not None and leave.last >= today else None


def is_away(person: Person, day: date) -> bool:
    leave = leave_of(person)
    return leave is not None and leave.covers(day)


def is_off(text: str) -> bool:
    return fold(text).strip(" .!") in OFF_WORDS


def looks_like_leave(text: str) -> bool:
    """A sentence announcing a leave ("nghỉ phép từ 05/01 đến 12/01"), typed without /away."""
    return bool(_SENTENCE.match(fold(text).strip())) and bool(_DATE.search(text))


def _day(day: int, month: int, year: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise LeaveError("away-bad-date") from None


def _crosses_new_year(first: tuple[int, int], last: tuple[int, int]) -> bool:
    """Whether (month, day) `first` to `last`, typed without years, is read across the new year:
    an end before the start only when the start is in October–December and the end in
    January–March ("28/12-03/01"). Any other end before its start ("10/01-05/01") is taken as
    typed backwards, not as a leave of most of a year; a longer leave across the new year is
    typed with its years."""
    return first > last and first[0] >= 10 and last[0] <= 3


def _next_years(today: date, d1: int, m1: int, d2: int, m2: int, across: int) -> tuple[date, date]:
    """The first leave `d1/m1` (year Y) to `d2/m2` (year Y + `across`) whose last day is today
    or later; a 29/02 waits for a leap year."""
    for year in range(today.year - across, today.year + 9):
        try:
            first, last = date(year, m1, d1), date(year + across, m2, d2)
        except ValueError:
            continue
        if last >= today:
            return first, last
    raise LeaveError("away-bad-date")


def parse_leave(text: str, today: date) -> Leave:
    """The leave `text` names (one date: a one-day leave). Raises `LeaveError`.

    Without years the dates are taken in the order written, as the next such leave: the first
    one whose last day is today or later (so a leave starting today, or one already begun, is
    the current one; "05/01-12/01" typed on 13/01 is next year's). An end before the start is
    refused ("away-backwards") unless it plainly runs across the new year (`_crosses_new_year`).
    With one year given, the other date is read in the same year (or the one next to it, across
    the new year)."""
    found = [(int(d), int(m), int(y) if y else None) for d, m, y in _DATE.findall(text)]
    if not found or len(found) > 2:
        raise LeaveError("away-usage")
    (d1, m1, y1), (d2, m2, y2) = found[0], found[-1]
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        raise LeaveError("away-bad-date")
    if y1 and y2:
        first, last = _day(d1, m1, y1), _day(d2, m2, y2)
    else:
        across = int(_crosses_new_year((m1, d1), (m2, d2)))
        if not across and (m1, d1) > (m2, d2):
            raise LeaveError("away-backwards")
        if y1:
            first, last = _day(d1, m1, y1), _day(d2, m2, y1 + across)
        elif y2:
            first, last = _day(d1, m1, y2 - across), _day(d2, m2, y2)
        else:
            first, last = _next_years(today, d1, m1, d2, m2, across)
    if first > last:
        raise LeaveError("away-backwards")
    if last < today:
        raise LeaveError("away-past")
    if (last - first).days >= MAX_DAYS:
        raise LeaveError("away-too-long")
    return Leave(first, last)


async def set_leave(session: AsyncSession, person: Person, leave: Leave) -> None:
    person.away_from, person.away_until = leave.first, leave.last
    await _audit(session, "person.away", person, leave)


async def _audit(session: AsyncSession, action: str, person: Person, leave: Leave) -> None:
    details = {"from": leave.first.isoformat(), "until": leave.last.isoformat()}
    await audit.record(
        session,
        action,
        actor_id=person.id,
        object_type="person",
        object_id=person.id,
        details=details,
    )


async def end_leave(session: AsyncSession, person: Person, today: date) -> Leave | None:
    """End the person's leave today (they are back today), or drop one not begun yet; the
    leave as it was, or None when there was none."""
    leave = current_leave(person, today)
    if leave is None:
        return None
    if leave.first < today:
        person.away_until = today - timedelta(days=1)
    else:
        person.away_from = person.away_until = None
    await _audit(session, "person.back", person, leave)
    return leave


@dataclass(frozen=True, slots=True)
class Absence:
    """A focal point away on some day, as their colleagues' reminders name them."""

    person_id: int
    name: str
    agency_id: int  # effective
    until: date


# Built once, the agencies and the day bound: the outbox sender asks on every batch, and building
# the statement and its cache key took ~0.3 ms.
_ABSENT = (
    select(Person.id, Person.display_name, Person.agency_id, Person.away_until)
    .where(
        Person.role == Role.FOCAL,
        Person.active.is_(True),
        Person.agency_id.in_(bindparam("agency_ids", expanding=True)),
        Person.away_from <= bindparam("day"),
        Person.away_until >= bindparam("day"),
    )
    .order_by(Person.id)
)


async def absences(
    session: AsyncSession, agency_ids: set[int], day: date, effective: dict[int, int]
) -> dict[int, list[Absence]]:
    """{effective agency id: its active focal points away on `day`}, for a few agencies."""
    if not agency_ids:
        return {}
    wanted = list(followed_by(effective, agency_ids))  # the agencies and their predecessors
    rows = await session.execute(_ABSENT, {"agency_ids": wanted, "day": day})
    found: dict[int, list[Absence]] = defaultdict(list)
    for person_id, name, agency_id, until in rows.tuples():
        if agency_id is None or until is None:  # excluded by the query; for the type checker
            continue
        agency = effective.get(agency_id, agency_id)
        found[agency].append(Absence(person_id, name, agency, until))
    return dict(found)
