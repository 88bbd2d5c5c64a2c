"""Summaries and reports for coordinators (contract 6).

- `weekly_summary` — the weekly chat message (fits the platform's size) and a chart;
- `period_report` — the period report as DOCX (Decree 30 layout, from a Word template), XLSX, chart
  and a short text;
- `overdue_summary` — the /overdue text;
- `can_see_plan_reports` — whether a person may see them (the plan's coordinators and admins);
- `queue_weekly_summaries` — Monday's summary for every coordinator who has not opted out.
"""

from bot.reports.access import can_see_plan_reports
from bot.reports.delivery import queue_weekly_summaries
from bot.reports.overdue import overdue_summary
from bot.reports.period import PeriodReport, period_report
from bot.reports.periods import ReportError, find_plan, sole_plan
from bot.reports.weekly import WeeklySummary, weekly_summary

__all__ = [
    "PeriodReport",
    "ReportError",
    "WeeklySummary",
    "can_see_plan_reports",
    "find_plan",
    "overdue_summary",
    "period_report",
    "queue_weekly_summaries",
    "sole_plan",
    "weekly_summary",
]
