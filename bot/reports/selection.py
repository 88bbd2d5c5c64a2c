"""Which part of a plan a period report covers, beyond its period: the updates submitted between
two days, and one agency's tasks. The report keeps its layout; the selection narrows what
`load_snapshot` reads (the dates) and what the snapshot keeps (the agency), and is stated in the
report's heading."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Assignment, StatusUpdate, Task
from bot.i18n import t
from bot.reports.snapshot import Snapshot, load_agencies, local_midnight, plan_leads

if TYPE_CHECKING:
    from bot.services.explanations import ExplanationView

DAY = r"\d{1,2}/\d{1,2}/\d{4}"
RANGE = re.compile(
    rf"(?:\b(?:từ|tu|from)\s+)?(?<![\d/])({DAY})\s*(?:-|–|—|\.\.|\bđến\b|\bden\b|\bto\b)\s*"
    rf"({DAY})(?![\d/])",
    re.IGNORECASE,
)


def parse_day(text: str) -> date:
    """A dd/mm/yyyy date; ValueError otherwise."""
    return datetime.strptime(text.strip(), "%d/%m/%Y").date()


def take_range(text: str) -> tuple[tuple[date, date] | None, str]:
    """'01/01/2026-30/06/2026 Sở Y tế' (or "từ 01/01/2026 đến 30/06/2026 …") → ((1 Jan, 30 Jun),
    'Sở Y tế'). ValueError, with the range as typed, for a day that does not exist or an end
    before the start."""
    match = RANGE.search(text)
    if match is None:
        return None, text
    try:
        start, end = parse_day(match.group(1)), parse_day(match.group(2))
    except ValueError:
        raise ValueError(match.group(0)) from None
    if end < start:
        raise ValueError(match.group(0))
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    return (start, end), " ".join(rest.split())


@dataclass(frozen=True, slots=True)
class Selection:
    """Updates submitted on `days` (the first and last local day, both included), and/or the
    tasks the agency `agency_id` leads (an effective agency, after mergers), named
    `agency_name`."""

    days: tuple[date, date] | None = None
    agency_id: int | None = None
    agency_name: str = ""

    @classmethod
    def of(cls, days: tuple[date, date] | None, agency: tuple[int, str] | None) -> Selection | None:
        """Updates submitted on `days` (first, last) and/or the tasks `agency` (id, name) leads;
        None when neither narrows the report."""
        if days is None and agency is None:
            return None
        agency_id, agency_name = agency if agency is not None else (None, "")
        return cls(days, agency_id, agency_name)

    def submitted(self, tz: ZoneInfo) -> ColumnElement[bool] | None:
        """The updates in the date range, in SQL (None: no range)."""
        if self.days is None:
            return None
        first, last = self.days
        after = local_midnight(last + timedelta(days=1), tz)
        return and_(
            StatusUpdate.submitted_at >= local_midnight(first, tz),
            StatusUpdate.submitted_at < after,
        )

    def narrow(self, snapshot: Snapshot) -> Snapshot:
        """The snapshot with only the agency's leads, and only the tasks it leads."""
        if self.agency_id is None:
            return replace(snapshot, selection=self)
        tasks = []
        for task in snapshot.tasks:
            leads = [lead for lead in task.leads if lead.agency.id == self.agency_id]
            if leads:
                tasks.append(replace(task, leads=leads))
        reported = snapshot.reported_ever & {self.agency_id}
        return replace(snapshot, tasks=tasks, reported_ever=reported, selection=self)

    def keeps(self, request: ExplanationView) -> bool:
        """Whether an explanation request belongs in the report: the agency's, asked in range."""
        if self.agency_id is not None and request.agency_id != self.agency_id:
            return False
        if self.days is not None:
            first, last = self.days
            return first <= request.requested_on <= last
        return True

    def heading(self, locale: str) -> str:
        """ "Báo cáo gửi từ 01/01/2026 đến 30/06/2026; cơ quan: Sở Y tế" (empty: everything)."""
        parts = []
        if self.days is not None:
            first, last = self.days
            parts.append(t(locale, "reports-selection-range", start=first, end=last))
        if self.agency_id is not None:
            parts.append(t(locale, "reports-selection-agency", agency=self.agency_name))
        return "; ".join(parts)

    def period_line(self, line: str, has_period: bool, locale: str) -> str:
        """The report's line about its period, with the selection: a range replaces "every update
        to date" (a report without a period), else it is added."""
        heading = self.heading(locale)
        if not heading:
            return line
        if self.days is not None and not has_period:
            return heading
        return f"{line}; {heading}"

    def slug_words(self) -> list[str]:
        """What the selection adds to a file name."""
        words = []
        if self.days is not None:
            words += [day.strftime("%d%m%Y") for day in self.days]
        if self.agency_id is not None:
            words.append(self.agency_name)
        return words


async def lead_agencies(session: AsyncSession, plan_id: int) -> dict[int, str]:
    """{agency id: name} of the agencies that lead the plan's live tasks now (after mergers): the
    agencies a report can be narrowed to (`bot.services.agency_lookup.agency_among`)."""
    agencies, effective = await load_agencies(session)
    named = await session.scalars(
        select(Assignment.agency_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, plan_leads())
        .distinct()
    )
    leads = {effective.get(agency_id, agency_id) for agency_id in named}
    return {
        agency_id: agencies[agency_id].name
        for agency_id in sorted(leads, key=lambda agency_id: agencies[agency_id].name)
        if not agencies[agency_id].is_group
    }
