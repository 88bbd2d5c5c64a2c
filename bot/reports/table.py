"""The task progress table (one row per task and lead agency), shared by the DOCX appendix and
the XLSX sheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from bot.i18n import t
from bot.reports.figures import Figures, reported_on_time
from bot.reports.snapshot import Lead, Snapshot, TaskView
from bot.reports.wording import outcome_label, status_label


@dataclass(frozen=True, slots=True)
class ProgressRow:
    task: TaskView
    lead: Lead | None
    agency: str
    status: str
    percent: int | None
    result: str
    obstacles: str
    proposals: str
    updated_on: date | None
    on_time: str
    outcome: str


def agency_name(lead: Lead, locale: str) -> str:
    """The agency as the plan named it, with its successor when it was merged."""
    if lead.merged:
        return t(locale, "reports-merged-into", old=lead.written_name, new=lead.agency.name)
    return lead.agency.name


@cache
def _on_time_text(locale: str, flag: bool | None) -> str:
    key = {None: "missing", True: "yes", False: "no"}[flag]
    return t(locale, f"reports-on-time-{key}")


def on_time_label(lead: Lead, snapshot: Snapshot, task: TaskView, locale: str) -> str:
    return _on_time_text(locale, reported_on_time(lead, snapshot, task))


def progress_rows(snapshot: Snapshot, figures: Figures, locale: str) -> list[ProgressRow]:
    rows: list[ProgressRow] = []
    for task in snapshot.tasks:
        outcome = outcome_label(locale, figures.task_outcomes[task.id])
        if not task.leads:
            rows.append(
                ProgressRow(
                    task,
                    None,
                    "",
                    status_label(locale, None),
                    None,
                    "",
                    "",
                    "",
                    None,
                    _on_time_text(locale, None),
                    outcome,
                )
            )
        for lead in task.reporting_leads:
            update = lead.latest
            rows.append(
                ProgressRow(
                    task=task,
                    lead=lead,
                    agency=agency_name(lead, locale),
                    status=status_label(locale, update.status.value if update else None),
                    percent=update.percent if update else None,
                    result=update.result if update else "",
                    obstacles=update.obstacles if update else "",
                    proposals=update.proposals if update else "",
                    updated_on=update.submitted_on if update else None,
                    on_time=on_time_label(lead, snapshot, task, locale),
                    outcome=outcome,
                )
            )
    return rows
