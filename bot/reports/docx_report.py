"""The period report as a Word document (Decree 30/2020 layout), rendered with docxtpl from
`templates/report_template.docx`, which coordinators may edit in Word.

`report_context` builds every value the template can use; the phrases are in reports.ftl
(`reports-docx-*`, available in the template as `L.<name>`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from docxtpl import DocxTemplate

from bot.i18n import format_number, t
from bot.reports.figures import Figures, Outcome
from bot.reports.snapshot import Lead, Snapshot
from bot.reports.table import ProgressRow, agency_name
from bot.reports.wording import TEMPLATES_DIR, date_text, percent_text, status_label

TEMPLATE = TEMPLATES_DIR / "report_template.docx"
LABELS = (
    "motto",
    "motto-line",
    "title",
    "part-general",
    "part-results",
    "part-obstacles",
    "part-proposals",
    "nothing-received",
    "no-obstacles",
    "no-proposals",
    "closing",
    "recipients",
    "signature-hint",
    "appendix-title",
    "col-no",
    "col-task",
    "col-agency",
    "col-status",
    "col-percent",
    "col-result",
    "col-date",
    "col-on-time",
)
_ISSUER_PREFIX = re.compile(
    r"^(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Quoted:
    agency: str
    tasks: str
    text: str


def one_line(text: str | None) -> str:
    """Text for a Word run: no control characters, line breaks as "; "."""
    return _CONTROL.sub("", "; ".join(part for part in (text or "").splitlines() if part.strip()))


def place_of(issuer: str | None) -> str:
    """ "UBND tỉnh Quảng Nam" → "Quảng Nam" (the place in "Quảng Nam, ngày … tháng … năm …")."""
    return _ISSUER_PREFIX.sub("", issuer or "").strip() or "…"


def place_and_date(issuer: str | None, day: date, locale: str) -> str:
    # Decree 30: days below 10 and months below 3 are written with a leading zero.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return t(
        locale,
        "reports-docx-place-date",
        place=place_of(issuer),
        day=f"{day.day:02d}",
        month=month,
        year=str(day.year),
        date=day,
    )


def lead_line(lead: Lead, locale: str) -> str:
    update = lead.latest
    if update is None:
        return t(locale, "reports-docx-lead-missing")
    percent = f", {update.percent}%" if update.percent is not None else ""
    result = one_line(update.result) or "-"
    return t(
        locale,
        "reports-docx-lead-line",
        status=status_label(locale, update.status.value) + percent,
        result=result,
        date=date_text(update.submitted_on, locale),
    )


def quoted(snapshot: Snapshot, field: str, locale: str) -> list[Quoted]:
    """Every agency's obstacles (or proposals) as reported, identical texts merged per agency."""
    found: dict[tuple[str, str], list[str]] = {}
    for task in snapshot.tasks:
        for lead in task.reporting_leads:
            text = one_line(getattr(lead.latest, field, "") if lead.latest else "")
            if text:
                found.setdefault((agency_name(lead, locale), text), []).append(task.code)
    return [
        Quoted(agency, ", ".join(codes), text)
        for (agency, text), codes in sorted(found.items(), key=lambda item: item[0][0])
    ]


def _groups(snapshot: Snapshot, locale: str) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for task in snapshot.tasks:
        title = task.section_title or t(locale, "reports-docx-no-section")
        group = groups.setdefault(title, {"title": title, "tasks": []})
        group["tasks"].append(
            {
                "heading": f"{task.code}. {one_line(task.content)}",
                "leads": [
                    {"agency": agency_name(lead, locale), "text": lead_line(lead, locale)}
                    for lead in task.reporting_leads
                ],
            }
        )
    return list(groups.values())


def _general(snapshot: Snapshot, figures: Figures, locale: str) -> list[str]:
    outcomes = figures.outcomes
    lines = [
        t(
            locale,
            "reports-docx-general-tasks",
            tasks=figures.task_count,
            agencies=len(figures.agencies),
            expected=figures.expected,
        ),
        t(
            locale,
            "reports-docx-general-rate",
            received=figures.received,
            expected=figures.expected,
            rate=percent_text(figures.reporting_rate, locale),
            ontime=figures.on_time,
            ontimerate=percent_text(figures.on_time_rate, locale),
        ),
        t(
            locale,
            "reports-docx-general-outcomes",
            doneontime=outcomes[Outcome.DONE_ON_TIME],
            donelate=outcomes[Outcome.DONE_LATE],
            intime=outcomes[Outcome.PENDING_IN_TIME],
            overdue=outcomes[Outcome.PENDING_OVERDUE],
        ),
    ]
    if figures.never_reported:
        names = ", ".join(agency.name for agency in figures.never_reported)
        lines.append(
            t(locale, "reports-docx-general-never", count=len(figures.never_reported), names=names)
        )
    return lines


def _appendix_rows(rows: list[ProgressRow], locale: str) -> list[dict[str, str]]:
    return [
        {
            "no": format_number(number, locale),
            "task": f"{row.task.code}. {one_line(row.task.content)}",
            "agency": row.agency,
            "status": row.status,
            "percent": "" if row.percent is None else f"{row.percent}%",
            "result": one_line(row.result),
            "date": date_text(row.updated_on, locale),
            "on_time": row.on_time,
        }
        for number, row in enumerate(rows, start=1)
    ]


def report_context(
    snapshot: Snapshot, figures: Figures, rows: list[ProgressRow], *, today: date, locale: str
) -> dict[str, Any]:
    plan = snapshot.plan
    subtitle = t(locale, "reports-docx-subtitle", number=plan.number)
    if plan.issue_date is not None:
        subtitle += " " + t(locale, "reports-docx-subtitle-date", date=plan.issue_date)
    if plan.issuer:
        subtitle += " " + t(locale, "reports-docx-subtitle-issuer", issuer=plan.issuer)
    if snapshot.period is not None:
        period = snapshot.period
        period_line = t(
            locale,
            "reports-docx-period",
            period=period.label,
            start=period.start,
            end=period.end,
            due=period.due_date,
        )
    else:
        period_line = t(locale, "reports-docx-period-all", date=snapshot.as_of)
    coordinating = snapshot.coordinating_agency
    return {
        "L": {label.replace("-", "_"): t(locale, f"reports-docx-{label}") for label in LABELS},
        "issuer_upper": (plan.issuer or "…").upper(),
        "body_upper": coordinating.name.upper() if coordinating else "…",
        "number_line": t(locale, "reports-docx-number"),
        "place_date": place_and_date(plan.issuer, today, locale),
        "subtitle": subtitle,
        "period_line": period_line,
        "appendix_subtitle": subtitle + " – " + period_line,
        "general": _general(snapshot, figures, locale),
        "received": figures.received,
        "groups": _groups(snapshot, locale),
        "obstacles": quoted(snapshot, "obstacles", locale),
        "proposals": quoted(snapshot, "proposals", locale),
        "recipients": [
            t(locale, "reports-docx-recipient-issuer", issuer=plan.issuer or "…"),
            t(locale, "reports-docx-recipient-agencies"),
            t(locale, "reports-docx-recipient-archive"),
        ],
        "signer_title": t(locale, "reports-docx-signer-title"),
        "signer_name": "…",
        "rows": _appendix_rows(rows, locale),
    }


def render_docx(context: dict[str, Any]) -> bytes:
    template = DocxTemplate(TEMPLATE)
    template.render(context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
