"""The tables shared by the DOCX appendix and the XLSX sheets: task progress (one row per task
and lead agency, late reports with their days late) and the explanation requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from bot.i18n import t
from bot.reports.figures import Figures, report_days_late
from bot.reports.snapshot import Lead, Snapshot, TaskView
from bot.reports.wording import outcome_label, status_label
from bot.services.explanations import ExplanationView


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
    on_time: str  # "Đúng hạn", "Trễ hạn 3 ngày" or "Chưa báo cáo"
    days_late: int | None  # of the report for the period (None: not received)
    outcome: str


def agency_name(lead: Lead, locale: str) -> str:
    """The agency as the plan named it, with its successor when it was merged: "Sở Tài nguyên
    và Môi trường (nay là Sở Nông nghiệp và Môi trường)", both written names when the task named
    two predecessors of one successor."""
    if lead.merged:
        return t(locale, "reports-merged-into", old=lead.written_name, new=lead.agency.name)
    return lead.agency.name


@cache
def _on_time_text(locale: str, days_late: int | None) -> str:
    """ "Đúng hạn", "Trễ hạn 3 ngày", or "Chưa báo cáo" for a report not received."""
    if days_late is None:
        return t(locale, "reports-on-time-missing")
    if days_late == 0:
        return t(locale, "reports-on-time-yes")
    return t(locale, "reports-on-time-late-days", days=days_late)


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
                    None,
                    outcome,
                )
            )
        for lead in task.reporting_leads:
            update = lead.latest
            late = report_days_late(lead, snapshot, task)
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
                    on_time=_on_time_text(locale, late),
                    days_late=late,
                    outcome=outcome,
                )
            )
    return rows


@dataclass(frozen=True, slots=True)
class ExplanationRow:
    """One explanation request as the report's appendix shows it."""

    agency: str
    period: str
    requested_on: date
    answer_due: date
    answered_on: date | None  # None: not (yet, as of the report) explained
    reason: str
    expected_on: date | None


def explanation_rows(views: list[ExplanationView], as_of: date) -> list[ExplanationRow]:
    """The requests made by `as_of`, as they stood that day: an answer given later is not yet
    known to a report judged as of an earlier cut-off."""
    rows = []
    for view in views:
        if view.requested_on > as_of:
            continue
        answered = view.answered_on is not None and view.answered_on <= as_of
        rows.append(
            ExplanationRow(
                agency=view.agency_name,
                period=view.period_label,
                requested_on=view.requested_on,
                answer_due=view.answer_due,
                answered_on=view.answered_on if answered else None,
                reason=(view.reason or "") if answered else "",
                expected_on=view.expected_on if answered else None,
            )
        )
    return rows
