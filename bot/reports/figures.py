"""Compliance figures of a plan for a period, computed from a `Snapshot` (no further queries).

- Reporting rate: reports received / reports expected, where one report is expected per live task
  and effective lead agency for the period (`Lead`; generic groups cannot report and are not
  counted). A late report counts: the period stays open for it.
- On-time rate: reports whose first version arrived by the deadline / reports expected; a late
  report is received but not on time. The deadline is the period's due date (with no period: the
  task's own deadline, when it has one), and one that falls on a day off runs to the next working
  day (Civil Code art. 148, `deadline_runs_to`), as for the days late stored with each report.
- Tasks split the Government Office's way: done on time, done late, not done and still within the
  deadline, not done and overdue, judged as of the snapshot's day. A task is done when every
  lead's latest status is "done"; its deadline is its own end date, else the period's due date.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from bot.db.models import UpdateStatus
from bot.periods.calendar import deadline_runs_to
from bot.reports.snapshot import AgencyInfo, Lead, Snapshot, TaskView

NO_REPORT = "none"


class Outcome(enum.StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    PENDING_IN_TIME = "pending_in_time"
    PENDING_OVERDUE = "pending_overdue"


DONE_OUTCOMES = frozenset({Outcome.DONE_ON_TIME, Outcome.DONE_LATE})


def rate(part: int, whole: int) -> float | None:
    """part / whole, or None when nothing was expected."""
    return part / whole if whole else None


class ReportRates:
    """The rates of a count of reports expected, received and received on time; shared by the
    period figures, the weekly totals and the dashboard's rows, so they are computed one way."""

    __slots__ = ()
    expected: int
    received: int
    on_time: int

    @property
    def reporting_rate(self) -> float | None:
        return rate(self.received, self.expected)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.expected)

    @property
    def late(self) -> int:
        """Reports received after the deadline."""
        return self.received - self.on_time


@dataclass(slots=True)
class AgencyFigures(ReportRates):
    agency: AgencyInfo
    expected: int = 0
    received: int = 0
    on_time: int = 0
    done: int = 0
    progress_total: int = 0  # sum of the leads' percentages, for the average

    @property
    def average_progress(self) -> float:
        return self.progress_total / self.expected if self.expected else 0.0


@dataclass(slots=True)
class Figures(ReportRates):
    task_count: int
    agencies: list[AgencyFigures]
    expected: int
    received: int
    on_time: int
    outcomes: dict[Outcome, int]
    by_status: dict[str, int]  # UpdateStatus values and NO_REPORT, over lead assignments
    never_reported: list[AgencyInfo]
    silent: list[AgencyInfo]  # expected to report this period, sent nothing
    task_outcomes: dict[int, Outcome] = field(default_factory=dict)


@lru_cache(maxsize=4096)
def last_day(deadline: date) -> date:
    """The last day that is still within `deadline` (cached: a report repeats a few dates)."""
    return deadline_runs_to(deadline)


def past(deadline: date | None, day: date) -> bool:
    """Whether `day` is after the deadline (never, without one)."""
    return deadline is not None and day > last_day(deadline)


def report_days_late(lead: Lead, snapshot: Snapshot, task: TaskView) -> int | None:
    """Days this lead's report for the period arrived after its deadline (0: on time; None: not
    received). The same count the update service stores as `StatusUpdate.days_late`."""
    if lead.reported_on is None:
        return None
    deadline = snapshot.period.due_date if snapshot.period is not None else task.deadline
    if deadline is None:
        return 0
    return max(0, (lead.reported_on - last_day(deadline)).days)


def reported_on_time(lead: Lead, snapshot: Snapshot, task: TaskView) -> bool | None:
    """Whether this lead's report for the period arrived by its deadline (None: not received)."""
    late = report_days_late(lead, snapshot, task)
    return None if late is None else late == 0


def task_done_on(task: TaskView) -> date | None:
    """The day the task became done (its last lead reporting done), or None if it is not done."""
    leads = task.reporting_leads
    if not leads or any(
        lead.latest is None or lead.latest.status != UpdateStatus.DONE for lead in leads
    ):
        return None
    return max(lead.latest.submitted_on for lead in leads if lead.latest is not None)


def task_outcome(task: TaskView, as_of: date) -> Outcome:
    done_on = task_done_on(task)
    if done_on is not None:
        return Outcome.DONE_LATE if past(task.deadline, done_on) else Outcome.DONE_ON_TIME
    return Outcome.PENDING_OVERDUE if past(task.deadline, as_of) else Outcome.PENDING_IN_TIME


def overdue_tasks(snapshot: Snapshot, figures: Figures | None = None) -> list[TaskView]:
    """The snapshot's tasks not done and past their deadline (`Outcome.PENDING_OVERDUE`): the
    period report's "chưa hoàn thành và đã quá hạn", and what /overdue and the weekly summary
    list, so the three count one way. `figures`: `compute_figures(snapshot)`, when known."""
    outcomes = (figures or compute_figures(snapshot)).task_outcomes
    return [task for task in snapshot.tasks if outcomes[task.id] == Outcome.PENDING_OVERDUE]


def compute_figures(snapshot: Snapshot) -> Figures:
    per_agency: dict[int, AgencyFigures] = {}
    by_status: Counter[str] = Counter({status.value: 0 for status in UpdateStatus})
    by_status[NO_REPORT] = 0
    outcomes: Counter[Outcome] = Counter({outcome: 0 for outcome in Outcome})
    task_outcomes: dict[int, Outcome] = {}

    for task in snapshot.tasks:
        outcome = task_outcome(task, snapshot.as_of)
        outcomes[outcome] += 1
        task_outcomes[task.id] = outcome
        for lead in task.expected_leads:
            figures = per_agency.setdefault(lead.agency.id, AgencyFigures(lead.agency))
            figures.expected += 1
            by_status[lead.latest.status.value if lead.latest else NO_REPORT] += 1
            if lead.latest is not None:
                figures.progress_total += lead.latest.progress
                figures.done += lead.latest.status == UpdateStatus.DONE
            on_time = reported_on_time(lead, snapshot, task)
            if on_time is not None:
                figures.received += 1
                figures.on_time += on_time

    agencies = sorted(per_agency.values(), key=lambda item: item.agency.name)
    return Figures(
        task_count=len(snapshot.tasks),
        agencies=agencies,
        expected=sum(item.expected for item in agencies),
        received=sum(item.received for item in agencies),
        on_time=sum(item.on_time for item in agencies),
        outcomes=dict(outcomes),
        by_status=dict(by_status),
        never_reported=[
            item.agency for item in agencies if item.agency.id not in snapshot.reported_ever
        ],
        silent=[item.agency for item in agencies if item.received == 0],
        task_outcomes=task_outcomes,
    )
