"""The period report as a Word document (Decree 30/2020 layout), rendered with docxtpl from
`templates/report_template.docx`, which coordinators may edit in Word.

`report_context` builds every value the template can use; the phrases are in reports.ftl
(`reports-docx-*`, available in the template as `L.<name>`).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date
from types import SimpleNamespace
from typing import Any

from docx.oxml.ns import nsmap
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import Template, TemplateError
from lxml import etree

from bot.db.models import UpdateStatus
from bot.i18n import t
from bot.periods.cadence import period_label
from bot.reports.figures import Figures, Outcome
from bot.reports.snapshot import Snapshot, UpdateView
from bot.reports.table import ExplanationRow, ProgressRow, agency_name
from bot.reports.wording import TEMPLATES_DIR, date_text, percent_text, status_label
from bot.services.succession import issuing_body_on

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
    "explanations-title",
    "explanations-none",
    "col-explaining-agency",
    "col-period",
    "col-requested",
    "col-answered",
    "col-reason",
    "col-expected",
)
_ISSUER_PREFIX = re.compile(
    r"^(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x1f]")
_BODY_START = re.compile(r"^<w:body[^>]*>")
_PARAGRAPH = re.compile(r"<w:p([ >])")
_TAG = re.compile(r"<[^>]+>")


class ReportTemplate(DocxTemplate):
    """docxtpl, trimmed of four passes that cost most of the time on a 5,000-task report and do
    nothing for this template:

    - the "listing" pass rewrites every paragraph of the rendered XML with regular expressions to
      turn \\n, \\t, \\a and \\f inside values into Word breaks; every value here goes through
      `one_line` (see `word_safe`), which leaves none of those characters;
    - the table fix counts the cells of every row to widen tables grown by {%tc %} column loops,
      which this template does not use (so a template edited in Word must not use them either);
    - moving the rendered body into the template's document re-checks the namespaces of every
      node; instead the whole document element is parsed once, with the rendered body inside;
    - the line break put before every paragraph (so that an error names a line of the template)
      is taken out of the 10 MB of rendered XML with plain replacements, not a regular
      expression, and docxtpl's escapes ("{_{" …) are replaced only when there are any.
    """

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
        """docxtpl's `render_xml_part`, its regular-expression pass over the rendered XML
        (undoing the line breaks put before "<w:p " and "<w:p>") done with `str.replace`:
        values hold no "<" (escaped), so the only "\\n<w:p" left are those line breaks."""
        src_xml = _PARAGRAPH.sub(r"\n<w:p\1", src_xml)
        self.current_rendering_part = part
        try:
            template = jinja_env.from_string(src_xml) if jinja_env else Template(src_xml)
            dst_xml = template.render(context)
        except TemplateError as exc:
            if getattr(exc, "lineno", None) is not None:
                first = max(exc.lineno - 4, 0)  # type: ignore[attr-defined]
                exc.docx_context = [  # type: ignore[attr-defined]
                    _TAG.sub("", line) for line in src_xml.splitlines()[first : first + 7]
                ]
            raise
        dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        for escaped, plain in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            if escaped in dst_xml:
                dst_xml = dst_xml.replace(escaped, plain)
        return self.resolve_listing(dst_xml)

    def resolve_listing(self, xml: str) -> str:
        return xml

    def fix_tables(self, xml: str) -> Any:
        document = self.docx
        template = etree.tostring(document._element, encoding="unicode")
        head, _, rest = template.partition("<w:body")
        tail = rest[rest.index("</w:body>") + len("</w:body>") :]
        # the body was serialised alone, so it repeats the document's namespace declarations
        body = _BODY_START.sub("<w:body>", xml, count=1)
        element = parse_xml(head + body + tail)
        document._part._element = element
        document._element = element
        return element.body

    def fix_docpr_ids(self, tree: Any) -> None:
        """docxtpl's renumbering of drawing ids (images repeated by loops would clash), through
        lxml's own xpath: the body is now a python-docx element, whose xpath takes no namespaces."""
        for element in etree._Element.xpath(tree, "//wp:docPr", namespaces=nsmap):
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree: Any) -> None:
        """Nothing to do: `fix_tables` already put the rendered body in place."""


@dataclass(frozen=True, slots=True)
class Quoted:
    agency: str
    tasks: str
    text: str


def one_line(text: str | None) -> str:
    """Text for a Word run: no control characters, line breaks as "; ", tabs as spaces."""
    if not text:
        return ""
    if not _CONTROL.search(text):
        return text
    lines = (part for part in text.splitlines() if part.strip())
    return _CONTROL.sub("", "; ".join(lines).replace("\t", " "))


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


def latest_line(task_code: str, update: UpdateView | None, locale: str) -> str:
    if update is None:
        return t(locale, "reports-docx-lead-missing")
    percent = f", {update.percent}%" if update.percent is not None else ""
    return t(
        locale,
        "reports-docx-lead-line",
        code=task_code,
        date=date_text(update.submitted_on, locale),
        status=status_label(locale, update.status.value) + percent,
        result=one_line(update.result) or "-",
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


@dataclass(slots=True)
class _AgencyInGroup:
    tasks: int = 0
    done: int = 0
    latest: UpdateView | None = None
    latest_code: str = ""


def _groups(snapshot: Snapshot, figures: Figures, locale: str) -> list[dict[str, Any]]:
    """Results by task group: the group's four-way split, then each lead agency's task count and
    its latest update in the group (every task's own progress is in the appendix)."""
    groups: dict[str, tuple[Counter[Outcome], dict[str, _AgencyInGroup]]] = {}
    for task in snapshot.tasks:
        title = task.section_title or t(locale, "reports-docx-no-section")
        outcomes, agencies = groups.setdefault(title, (Counter(), {}))
        outcomes[figures.task_outcomes[task.id]] += 1
        for lead in task.reporting_leads:
            entry = agencies.setdefault(agency_name(lead, locale), _AgencyInGroup())
            entry.tasks += 1
            update = lead.latest
            if update is None:
                continue
            entry.done += update.status == UpdateStatus.DONE
            if entry.latest is None or update.submitted_at > entry.latest.submitted_at:
                entry.latest, entry.latest_code = update, task.code
    return [
        {
            "title": title,
            "summary": t(
                locale,
                "reports-docx-group-summary",
                tasks=sum(outcomes.values()),
                doneontime=outcomes[Outcome.DONE_ON_TIME],
                donelate=outcomes[Outcome.DONE_LATE],
                intime=outcomes[Outcome.PENDING_IN_TIME],
                overdue=outcomes[Outcome.PENDING_OVERDUE],
            ),
            "leads": [
                {
                    "agency": name,
                    "text": t(locale, "reports-docx-lead-tasks", tasks=entry.tasks, done=entry.done)
                    + "; "
                    + latest_line(entry.latest_code, entry.latest, locale),
                }
                for name, entry in sorted(agencies.items())
            ],
        }
        for title, (outcomes, agencies) in groups.items()
    ]


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
    if figures.late:
        lines.append(t(locale, "reports-docx-general-late", count=figures.late))
    if figures.never_reported:
        names = ", ".join(agency.name for agency in figures.never_reported)
        lines.append(
            t(locale, "reports-docx-general-never", count=len(figures.never_reported), names=names)
        )
    return lines


def _appendix_rows(rows: list[ProgressRow], locale: str) -> list[dict[str, str]]:
    return [
        {
            "no": str(number),
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


def _explanation_rows(rows: list[ExplanationRow], locale: str) -> list[dict[str, str]]:
    pending = t(locale, "reports-explanation-pending")
    return [
        {
            "no": str(number),
            "agency": row.agency,
            "period": period_label(row.period, locale),
            "requested": date_text(row.requested_on, locale),
            "answered": date_text(row.answered_on, locale) if row.answered_on else pending,
            "reason": one_line(row.reason),
            "expected": date_text(row.expected_on, locale),
        }
        for number, row in enumerate(rows, start=1)
    ]


def report_context(
    snapshot: Snapshot,
    figures: Figures,
    rows: list[ProgressRow],
    explanations: list[ExplanationRow],
    *,
    today: date,
    locale: str,
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
            period=period_label(period.label, locale),
            start=period.start,
            end=period.end,
            due=period.due_date,
        )
    else:
        period_line = t(locale, "reports-docx-period-all", date=snapshot.as_of)
    if snapshot.selection is not None:
        period_line = snapshot.selection.period_line(period_line, bool(snapshot.period), locale)
    coordinating = snapshot.coordinating_agency
    # a report on every update already says up to which day; a period report states it apart
    as_of_line = t(locale, "reports-as-of", date=snapshot.as_of) if snapshot.period else ""
    # The report is issued under the province as it is on its date (Quảng Nam → Đà Nẵng).
    issuer = issuing_body_on(plan.issuer, today)
    return {
        "L": {label.replace("-", "_"): t(locale, f"reports-docx-{label}") for label in LABELS},
        "issuer_upper": (issuer or "…").upper(),
        "body_upper": coordinating.name.upper() if coordinating else "…",
        "number_line": t(locale, "reports-docx-number"),
        "place_date": place_and_date(issuer, today, locale),
        "subtitle": subtitle,
        "period_line": period_line,
        "as_of_line": as_of_line,
        "appendix_subtitle": " – ".join(
            part for part in (subtitle, period_line, as_of_line) if part
        ),
        "general": _general(snapshot, figures, locale),
        "received": figures.received,
        "groups": _groups(snapshot, figures, locale),
        "obstacles": quoted(snapshot, "obstacles", locale),
        "proposals": quoted(snapshot, "proposals", locale),
        "recipients": [
            t(locale, "reports-docx-recipient-issuer", issuer=issuer or "…"),
            t(locale, "reports-docx-recipient-agencies"),
            t(locale, "reports-docx-recipient-archive"),
        ],
        "signer_title": t(locale, "reports-docx-signer-title"),
        "signer_name": "…",
        "rows": _appendix_rows(rows, locale),
        "explanations": _explanation_rows(explanations, locale),
    }


def word_safe(value: Any) -> Any:
    """The context with every string made `one_line` (what `ReportTemplate` relies on), and every
    mapping below the top turned into an object: Jinja reads `row.agency` from an object directly,
    but from a dict only after a failed attribute lookup, which dominated rendering 5,000 rows."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, dict):
        return SimpleNamespace(**{key: word_safe(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return [word_safe(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return replace(
            value, **{item.name: word_safe(getattr(value, item.name)) for item in fields(value)}
        )
    return value


def render_docx(context: dict[str, Any]) -> bytes:
    template = ReportTemplate(TEMPLATE)
    safe = {key: word_safe(value) for key, value in context.items()}
    template.render(safe, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
