"""What an import would do, as data (`ImportPreview`) and as plain text (`format_preview`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from bot.agencies.registry import AgencyRef
from bot.db.models import AssignmentRole, Cadence
from bot.i18n import format_date, t
from bot.importing.facts import ReportingClause
from bot.importing.gaps import PlanGaps
from bot.importing.parsed import Notice
from bot.importing.resolution import Row, UnresolvedName
from bot.text import shorten


@dataclass
class SectionCount:
    path: str
    title: str
    tasks: int


@dataclass
class ResolvedAgency:
    name: str
    is_group: bool
    successor: str | None = None  # "Sở Tài chính" for "Sở Kế hoạch và Đầu tư"
    written_as: list[str] = field(default_factory=list)
    leads: int = 0
    coordinates: int = 0


@dataclass
class DutyLine:
    """One general duty as the preview lists it: its code, lead agencies (name, successor)."""

    code: str
    agencies: list[tuple[str, str | None]]
    content: str


@dataclass
class ImportPreview:
    file_name: str
    file_format: str
    plan_number: str | None
    plan_title: str | None = None
    plan_exists: bool = False
    issuer: str | None = None
    issue_date: date | None = None
    task_count: int = 0
    sections: list[SectionCount] = field(default_factory=list)
    resolved: list[ResolvedAgency] = field(default_factory=list)
    unresolved: list[UnresolvedName] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    reporting: list[ReportingClause] = field(default_factory=list)
    coordinating_agency: str | None = None
    gaps: PlanGaps | None = None  # what the plan will lack to be followed up
    duties: list[DutyLine] = field(default_factory=list)
    plan_body_only: bool = False
    applied: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    new_agencies: list[str] = field(default_factory=list)
    taken_as_near: list[tuple[str, str]] = field(default_factory=list)  # (as written, agency)
    duties_written: int = 0  # general duties new or changed

    @property
    def needs_plan_number(self) -> bool:
        return not self.plan_number

    def can_apply(self, accept_unknown: bool = False) -> bool:
        return not self.needs_plan_number and (
            accept_unknown or all(entry.decided for entry in self.unresolved)
        )


def resolved_agencies(rows: list[Row]) -> list[ResolvedAgency]:
    """The agencies the tasks name, with how many they lead and support and how the file wrote
    them (counted first, built once per agency: a plan names a few agencies many times)."""
    refs: dict[int, AgencyRef] = {}
    written: dict[int, dict[str, None]] = {}  # insertion-ordered set per agency
    counts: Counter[tuple[int, bool]] = Counter()
    for row in rows:
        if row.duty:
            continue
        for item in row.named:
            ref = item.ref
            if ref is None:
                continue
            if ref.id not in refs:
                refs[ref.id], written[ref.id] = ref, {}
            counts[ref.id, item.role is AssignmentRole.LEAD] += 1
            if item.written != ref.name:
                written[ref.id][item.written] = None
    agencies = [
        ResolvedAgency(
            ref.name,
            ref.is_group,
            ref.successor,
            list(written[agency_id]),
            leads=counts[agency_id, True],
            coordinates=counts[agency_id, False],
        )
        for agency_id, ref in refs.items()
    ]
    return sorted(agencies, key=lambda agency: (agency.is_group, -agency.leads, agency.name))


def section_counts(rows: list[Row]) -> list[SectionCount]:
    sections: dict[str, SectionCount] = {}
    for row in rows:
        if row.duty:
            continue
        titles = row.parsed.section_titles
        entry = sections.setdefault(
            row.parsed.section_path,
            SectionCount(row.parsed.section_path, titles[-1] if titles else "", 0),
        )
        entry.tasks += 1
    return list(sections.values())


def duty_lines(rows: list[Row]) -> list[DutyLine]:
    return [
        DutyLine(
            row.parsed.code,
            [
                (item.ref.name, item.ref.successor) if item.ref else (item.written, None)
                for item in row.named
                if item.role == AssignmentRole.LEAD
            ],
            row.parsed.content,
        )
        for row in rows
        if row.duty
    ]


# --------------------------------------------------------------------------- the preview as text


def _cadence_text(locale: str, clause: ReportingClause) -> str:
    text = t(locale, f"import-cadence-{clause.cadence.value.replace('_', '-')}", n=clause.every_n)
    if clause.due_day and clause.due_month:
        text += " " + t(
            locale,
            "import-due-day-month",
            day=f"{clause.due_day:02d}",
            month=f"{clause.due_month:02d}",
        )
    elif clause.due_day:
        text += " " + t(locale, "import-due-day", day=f"{clause.due_day:02d}")
    if clause.agency_name:
        text += " " + t(locale, "import-via", agency=clause.agency_name)
    return text


def format_preview(preview: ImportPreview, locale: str, *, chat: bool = False) -> str:
    """The preview as plain text for the terminal, or (`chat`) for the file a chat attaches,
    which names no command-line option: the chat asks its own questions instead."""
    lines = [_plan_line(preview, locale)]
    if preview.plan_title:
        lines.append(preview.plan_title)
    if preview.issuer or preview.issue_date:
        issued = preview.issuer or ""
        if preview.issue_date:
            on = t(locale, "import-issued-on", date=format_date(preview.issue_date, locale))
            issued = f"{issued} {on}"
        lines.append(issued.strip())
    if preview.plan_body_only:
        lines.append(t(locale, "import-body-only"))
    else:
        lines.append(t(locale, "import-preview-tasks", count=preview.task_count))
        for section in preview.sections:
            label = (
                f"{section.path}. {section.title}".strip(". ") if section.path else section.title
            )
            lines.append(f"  • {label or '—'}: {section.tasks}")
        agencies = [agency for agency in preview.resolved if not agency.is_group]
        groups = [agency for agency in preview.resolved if agency.is_group]
        lines.append(
            t(locale, "import-preview-agencies", agencies=len(agencies), groups=len(groups))
        )
        for agency in agencies:
            written = f" ({'; '.join(agency.written_as)})" if agency.written_as else ""
            lines.append(
                "  • "
                + t(
                    locale,
                    "import-agency-line",
                    name=named_with_successor(locale, agency.name, agency.successor),
                    leads=agency.leads,
                    coordinates=agency.coordinates,
                )
                + written
            )
        if groups:
            lines.append(
                t(locale, "import-preview-groups", names="; ".join(g.name for g in groups))
            )
    if preview.duties:
        lines.append(t(locale, "import-preview-duties", count=len(preview.duties)))
        for duty in preview.duties:
            names = "; ".join(named_with_successor(locale, *agency) for agency in duty.agencies)
            lines.append(f"  • {duty.code}: {names} — {_snippet(duty.content)}")
        if preview.plan_body_only and not chat:  # the body names an appendix not in this file
            lines.append(t(locale, "import-duties-hint"))
    for clause in preview.reporting:
        lines.append(t(locale, "import-preview-reporting", rule=_cadence_text(locale, clause)))
    if preview.coordinating_agency:
        lines.append(t(locale, "import-preview-coordinator", agency=preview.coordinating_agency))
    lines.extend(format_gaps(preview, locale))
    if preview.unresolved:
        lines.append(t(locale, "import-preview-unresolved", count=len(preview.unresolved)))
        for entry in preview.unresolved:
            where = "; ".join(place.describe(locale) for place in entry.places[:3])
            near = ", ".join(f"{name} ({score:.0f})" for name, score in entry.suggestions)
            line = t(
                locale,
                "import-unresolved-line",
                name=entry.name,
                places=where,
                suggestions=near or "—",
            )
            if entry.near:
                line = t(
                    locale,
                    "import-unresolved-near-chat" if chat else "import-unresolved-near",
                    name=entry.name,
                    places=where,
                    agency=entry.near,
                )
            lines.append("  • " + line)
        if not chat:
            lines.append(t(locale, "import-unresolved-help"))
    for notice in preview.warnings:
        where = notice.place.describe(locale) if notice.place else ""
        text = t(locale, notice.message_id, detail=notice.detail)
        lines.append("  ⚠ " + (f"{where}: {text}" if where else text))
    if preview.needs_plan_number and not chat:
        lines.append(t(locale, "import-needs-number"))
    lines.extend(format_outcome(preview, locale))
    return "\n".join(lines)


def _plan_line(preview: ImportPreview, locale: str) -> str:
    return t(
        locale,
        "import-preview-plan",
        file=preview.file_name,
        number=preview.plan_number or t(locale, "import-no-number"),
        exists=t(locale, "import-plan-exists" if preview.plan_exists else "import-plan-new"),
    )


def format_outcome(preview: ImportPreview, locale: str) -> list[str]:
    """What the import does (would do, before it is applied): tasks created, updated, kept and
    withdrawn; duties written; names taken as a known agency; agencies created."""
    outcome = "import-result-applied" if preview.applied else "import-result-preview"
    lines = [
        t(
            locale,
            outcome,
            created=preview.created,
            updated=preview.updated,
            unchanged=preview.unchanged,
            withdrawn=preview.withdrawn,
        )
    ]
    if preview.duties_written:
        lines.append(t(locale, "import-result-duties", count=preview.duties_written))
    if preview.taken_as_near:
        taken = "; ".join(f"{written} → {agency}" for written, agency in preview.taken_as_near)
        lines.append(t(locale, "import-taken-as-near", names=taken))
    if preview.new_agencies:
        lines.append(t(locale, "import-new-agencies", names="; ".join(preview.new_agencies)))
    return lines


def format_gaps(preview: ImportPreview, locale: str) -> list[str]:
    """What the plan will lack to be followed up (no coordinating department, no dated
    reporting rule: bot.importing.gaps), and the one command that sets both."""
    gaps = preview.gaps
    if gaps is None or not gaps.any:
        return []
    lines = []
    if gaps.no_coordinator:
        lines.append("⚠ " + t(locale, "import-gap-coordinator"))
    if gaps.no_rule:
        lines.append("⚠ " + t(locale, "import-gap-rule"))
    command = rule_command(preview.plan_number, gaps, locale)
    lines.append("  " + t(locale, "import-gap-command", command=command))
    return lines


def rule_command(plan_number: str | None, gaps: PlanGaps, locale: str) -> str:
    """`dondoc plans rule 1600/KH-UBND --due 15/01 --coordinator "…"`: what the file and the
    stored plan give already, capitals for what the admin fills in. The command replaces the
    plan's rule of its cadence, so it repeats the rule's cadence and due date."""
    number = plan_number or t(locale, "import-gap-number")
    words = ["dondoc plans rule", f'"{number}"' if " " in number else number]
    if gaps.cadence is not Cadence.YEARLY:
        words.append(f"--cadence {gaps.cadence.value}")
    if gaps.every_n > 1:
        words.append(f"--every {gaps.every_n}")
    due = gaps.due or (t(locale, "import-gap-due") if gaps.no_rule else None)
    if due:
        words.append(f"--due {due}")
    if gaps.no_coordinator:
        words.append(f'--coordinator "{t(locale, "import-gap-agency")}"')
    return " ".join(words)


def named_with_successor(locale: str, name: str, successor: str | None) -> str:
    """ "Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)" for a body merged in 2025."""
    return t(locale, "agency-with-successor", name=name, successor=successor) if successor else name


def _snippet(text: str, length: int = 90) -> str:
    return shorten(text, length)


SUMMARY_SECTIONS = 6  # sections listed on the chat's one screen; the file lists them all
SUMMARY_LEADS = 5


def format_summary(preview: ImportPreview, locale: str) -> str:
    """The preview on one chat screen: the plan, tasks per section, the agencies leading most,
    and what needs the admin's decision. The whole preview goes along as a file."""
    lines = [_plan_line(preview, locale)]
    if preview.plan_title:
        lines.append(_snippet(preview.plan_title, 160))
    if not preview.plan_body_only:
        lines.append(t(locale, "import-preview-tasks", count=preview.task_count))
        for section in preview.sections[:SUMMARY_SECTIONS]:
            label = f"{section.path}. {section.title}" if section.path else section.title
            lines.append(f"  • {_snippet(label.strip('. '), 60) or '—'}: {section.tasks}")
        if len(preview.sections) > SUMMARY_SECTIONS:
            more = len(preview.sections) - SUMMARY_SECTIONS
            lines.append("  " + t(locale, "import-summary-more-sections", count=more))
        leads = sorted(
            (agency for agency in preview.resolved if not agency.is_group and agency.leads),
            key=lambda agency: -agency.leads,
        )[:SUMMARY_LEADS]
        if leads:
            names = "; ".join(f"{agency.name} ({agency.leads})" for agency in leads)
            lines.append(t(locale, "import-summary-leads", names=names))
    if preview.duties:
        lines.append(t(locale, "import-preview-duties", count=len(preview.duties)))
    lines.extend(format_outcome(preview, locale))
    lines.extend(format_gaps(preview, locale))
    undecided = sum(1 for entry in preview.unresolved if not entry.decided)
    if undecided:
        lines.append(t(locale, "import-summary-undecided", count=undecided))
    if preview.warnings:
        lines.append(t(locale, "import-summary-warnings", count=len(preview.warnings)))
    return "\n".join(lines)
