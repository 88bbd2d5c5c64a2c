"""What the weekly summary says, read from the same `Snapshot` and `Figures` as the period report
and the dashboard, so the three count one way.

The summary shows the current period's reporting status (the figures' totals and silent
agencies), this week's updates (each lead's latest, when sent this week), the tasks completed
this week and the overdue ones. The one question the snapshot cannot answer is whether a task
done now had been reported done before the week began (then it is not "completed this week");
that is one query over the candidates' assignments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Plan, ReportingPeriod, StatusUpdate, UpdateStatus
from bot.reports.figures import Figures, compute_figures, overdue_tasks, task_done_on
from bot.reports.snapshot import (
    AgencyInfo,
    Lead,
    Snapshot,
    TaskView,
    UpdateView,
    load_agencies,
    load_snapshot,
    local_midnight,
)


@dataclass(slots=True)
class WeekTask:
    task: TaskView
    agencies: str  # the labels of its reporting leads

    @property
    def code(self) -> str:
        return self.task.code

    @property
    def content(self) -> str:
        return self.task.content

    @property
    def deadline(self) -> date | None:
        return self.task.deadline


@dataclass(slots=True)
class Week:
    as_of: date
    since: date  # the first day of the week
    snapshot: Snapshot
    figures: Figures
    updates: dict[int, UpdateView]  # lead (first assignment id) → its latest, when of this week
    completed: list[WeekTask]
    overdue: list[WeekTask]  # by deadline, then position
    effective_agency: dict[int, AgencyInfo]  # named agency id → who reports now

    @property
    def totals(self) -> Figures | None:
        """The period's reports expected, received and on time (None: the plan has no period)."""
        return self.figures if self.snapshot.period is not None else None

    @property
    def leads(self) -> list[Lead]:
        """Every lead, in report order: by task, then lead."""
        return [lead for task in self.snapshot.tasks for lead in task.leads]

    @property
    def silent(self) -> list[AgencyInfo]:
        """Agencies that sent nothing for the period (without one: that never reported)."""
        if self.snapshot.period is None:
            return self.figures.never_reported
        return self.figures.silent


async def _done_before(session: AsyncSession, assignment_ids: list[int], since: date) -> set[int]:
    """Which of these assignments had already reported "done" before the week began."""
    if not assignment_ids:
        return set()
    rows = await session.execute(
        select(StatusUpdate.assignment_id)
        .distinct()
        .where(
            StatusUpdate.assignment_id.in_(assignment_ids),
            StatusUpdate.status == UpdateStatus.DONE,
            StatusUpdate.submitted_at < local_midnight(since),
        )
    )
    return set(rows.scalars())


def _line(task: TaskView) -> WeekTask:
    return WeekTask(task, ", ".join(lead.agency.label for lead in task.reporting_leads))


async def load_week(
    session: AsyncSession, plan: Plan, period: ReportingPeriod | None, *, today: date, since: date
) -> Week:
    """What the weekly summary of `plan` for the week from `since` to `today` shows, with the
    reporting status of `period` (the current one)."""
    agencies, effective = await load_agencies(session)
    snapshot = await load_snapshot(
        session, plan, period, today=today, with_sections=False, registry=(agencies, effective)
    )
    figures = compute_figures(snapshot)
    updates = {
        lead.assignment_id: lead.latest
        for task in snapshot.tasks
        for lead in task.leads
        if lead.latest is not None and lead.latest.submitted_on >= since
    }
    # done now and its last "done" arrived this week: unless every lead had said so before
    candidates = [
        task
        for task in snapshot.tasks
        if (done_on := task_done_on(task)) is not None and done_on >= since
    ]
    done_before = await _done_before(
        session,
        [
            item
            for task in candidates
            for lead in task.reporting_leads
            for item in lead.assignment_ids
        ],
        since,
    )
    completed = [
        _line(task)
        for task in candidates
        if not all(
            any(item in done_before for item in lead.assignment_ids)
            for lead in task.reporting_leads
        )
    ]
    overdue = sorted(
        (_line(task) for task in overdue_tasks(snapshot, figures)),
        key=lambda line: (line.deadline or today, line.task.position),
    )
    return Week(
        as_of=snapshot.as_of,
        since=since,
        snapshot=snapshot,
        figures=figures,
        updates=updates,
        completed=completed,
        overdue=overdue,
        effective_agency={
            named_id: agencies[effective.get(named_id, named_id)] for named_id in agencies
        },
    )
