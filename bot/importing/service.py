"""Importing a plan's task assignments: a preview first, then one transaction that applies it.

`run_import` serves the CLI (`dondoc import`) and the chat's /import alike; what it returns is a
plain `ImportPreview`. Applying it writes the plan, its tasks and their assignments set-based
(bulk inserts and updates, a handful of queries whatever the number of tasks). Re-importing
updates tasks in place by code, marks tasks gone from the file withdrawn and never deletes a
status update. Unknown agency names are never created silently: they are listed with the
closest registry entries, resolved by `mappings` or created unverified with `accept_unknown`;
a spelling one variant or typo away from a known agency ("Sở Tài chánh") is offered as that
agency and taken with `accept_unknown`, created only when named in `create`. An agency's general
duties (beside a task table) are stored as tasks of kind "duty" and shown apart.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.agencies.names import name_key
from bot.agencies.registry import AgencyIndex, AgencyRef, ensure_registry
from bot.db.models import (
    Agency,
    AgencyAlias,
    AgencyKind,
    Assignment,
    AssignmentRole,
    AuditLog,
    Base,
    Plan,
    ReportingRule,
    StatusUpdate,
    Task,
    TaskKind,
    utcnow,
)
from bot.i18n import format_date, t
from bot.importing.bulk import CHUNK, BulkInsert
from bot.importing.collector import collector_paused
from bot.importing.document import ParsedDocument, parse_document
from bot.importing.errors import ImportFailed, Place
from bot.importing.facts import ReportingClause, title_key
from bot.importing.parsed import Notice, ParsedTask
from bot.importing.readers import read_document
from bot.importing.splitter import split_agencies, split_prose_agencies
from bot.importing.subjects import SentenceReader
from bot.importing.timeframes import Timeframe, parse_timeframe
from bot.settings import Settings
from bot.text import clean, fold

__all__ = ["ImportFailed", "ImportPreview", "UnresolvedName", "format_preview", "run_import"]

_KIND_BY_FIRST_WORDS = (
    (("so",), AgencyKind.DEPARTMENT),
    (("ban", "bql"), AgencyKind.BOARD),
    (("ubnd", "uy ban"), AgencyKind.COMMITTEE),
    (("truong", "dai hoc", "hoc vien", "cao dang"), AgencyKind.EDUCATION),
    (("hoi", "lien hiep", "lien doan", "doan", "hiep hoi"), AgencyKind.ORGANISATION),
    (("bao", "dai"), AgencyKind.MEDIA),
    (("cong ty", "tong cong ty", "doanh nghiep"), AgencyKind.ENTERPRISE),
    (
        ("cuc", "chi cuc", "kho bac", "ngan hang", "cong an", "bo chi huy"),
        AgencyKind.CENTRAL_BRANCH,
    ),
)


@dataclass
class UnresolvedName:
    """An agency name the registry does not know, where it appears, and the closest entries."""

    name: str
    places: list[Place] = field(default_factory=list)
    suggestions: list[tuple[str, float]] = field(default_factory=list)
    near: str | None = None  # the known agency this spelling is a variant or typo of
    create: bool = False  # the admin asked for it as a new agency (--new)


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
            accept_unknown or all(entry.create for entry in self.unresolved)
        )


@dataclass
class _Named:
    """An agency named on a task: resolved (ref) or not yet (None)."""

    written: str
    role: AssignmentRole
    ref: AgencyRef | None


@dataclass
class _Row:
    parsed: ParsedTask
    timeframe: Timeframe
    named: list[_Named]

    @property
    def duty(self) -> bool:
        return self.parsed.duty


class _Resolver:
    """Names → agencies, through the admin's mappings first, then the registry."""

    def __init__(self, index: AgencyIndex, mappings: dict[str, tuple[str, AgencyRef]]) -> None:
        self.index = index
        self.mappings = mappings  # key → (name as written, agency)
        self.mapped = {key: ref for key, (_, ref) in mappings.items()}
        self._cache: dict[str, AgencyRef | None] = {}

    def resolve(self, name: str) -> AgencyRef | None:
        if name not in self._cache:
            self._cache[name] = self.mapped.get(name_key(name)) or self.index.resolve(name)
        return self._cache[name]

    def resolve_known(self, name: str) -> AgencyRef | None:
        """Only what the registry or the admin knows by name (no generic categories)."""
        mapped = self.mapped.get(name_key(name)) if self.mapped else None
        return mapped or self.index.resolve_known(name)

    def spelled(self, name: str) -> bool:
        return name_key(name) in self.mapped or self.index.spelled(name)

    def known(self, name: str) -> bool:
        """Whether the registry or the admin knows the name. Generic categories do not count:
        "các trung tâm nghiên cứu, các trường đại học" is two groups, and only names known
        exactly may guide where a cell is cut."""
        return self.resolve_known(name) is not None


def _mappings(
    index: AgencyIndex, mappings: dict[str, str] | None, file_name: str
) -> dict[str, tuple[str, AgencyRef]]:
    """The admin's "name as written" → agency choices; a target the registry does not know is
    bad input (named), not a silent new agency."""
    mapped: dict[str, tuple[str, AgencyRef]] = {}
    for written, target in (mappings or {}).items():
        ref = index.resolve(clean(target))
        if ref is None:
            raise ImportFailed("import-error-map-target", file_name, name=clean(target))
        mapped[name_key(clean(written))] = (clean(written), ref)
    return mapped


def _rows(parsed: ParsedDocument, resolver: _Resolver, notices: list[Notice]) -> list[_Row]:
    rows = []
    splits: dict[str, list[str]] = {}  # plans repeat the same cells many times
    sentences = SentenceReader(
        resolver.resolve_known, resolver.resolve, resolver.index.near_duplicate, resolver.spelled
    )
    for task in [*parsed.tasks, *parsed.duties]:
        named: list[_Named] = []
        if task.in_sentences:
            read = sentences.read(task.content, task.leads)
            if not read.leads:  # an item about the plan, not an agency's ("Kinh phí …")
                notices.append(Notice("import-notice-prose-no-agency", task.place, task.code))
                continue
            for role, names in (
                (AssignmentRole.LEAD, read.leads),
                (AssignmentRole.COORDINATE, read.coordinators),
            ):
                named.extend(_Named(name, role, resolver.resolve(name)) for name in names)
            rows.append(_Row(task, parse_timeframe(task.timeframe), named))
            continue
        for role, text in (
            (AssignmentRole.LEAD, task.leads),
            (AssignmentRole.COORDINATE, task.coordinators),
        ):
            if task.prose:
                names, left_out = split_prose_agencies(text, resolver.known)
                notices.extend(
                    Notice("import-notice-narrative", task.place, part) for part in left_out
                )
            else:
                if text not in splits:
                    splits[text] = split_agencies(text, resolver.known)
                names = splits[text]
            named.extend(_Named(name, role, resolver.resolve(name)) for name in names)
        if not any(item.role == AssignmentRole.LEAD for item in named):
            notices.append(Notice("import-notice-no-lead", task.place, task.code))
        rows.append(_Row(task, parse_timeframe(task.timeframe), named))
    return rows


def _place_of(row: _Row, role: AssignmentRole) -> Place:
    place = row.parsed.place
    column = (
        row.parsed.lead_column if role == AssignmentRole.LEAD else row.parsed.coordinator_column
    )
    return Place(place.container, place.label, place.row, column)


def _unresolved(rows: list[_Row], resolver: _Resolver, create: set[str]) -> list[UnresolvedName]:
    found: dict[str, UnresolvedName] = {}
    for row in rows:
        for item in row.named:
            if item.ref is None:
                entry = found.setdefault(fold(item.written), UnresolvedName(item.written))
                entry.places.append(_place_of(row, item.role))
    for entry in found.values():
        near = resolver.index.near_duplicate(entry.name)
        entry.create = fold(entry.name) in create
        entry.near = near.name if near and not entry.create else None
        entry.suggestions = [(ref.name, score) for ref, score in resolver.index.suggest(entry.name)]
        if near is not None:
            entry.suggestions = [
                (near.name, 100.0),
                *((name, score) for name, score in entry.suggestions if name != near.name),
            ][:3]
    return list(found.values())


def _resolved(rows: list[_Row]) -> list[ResolvedAgency]:
    agencies: dict[int, ResolvedAgency] = {}
    for row in rows:
        if row.duty:
            continue
        for item in row.named:
            if item.ref is None:
                continue
            entry = agencies.setdefault(
                item.ref.id,
                ResolvedAgency(item.ref.name, item.ref.is_group, item.ref.successor),
            )
            if item.written not in entry.written_as and item.written != item.ref.name:
                entry.written_as.append(item.written)
            if item.role == AssignmentRole.LEAD:
                entry.leads += 1
            else:
                entry.coordinates += 1
    return sorted(
        agencies.values(), key=lambda agency: (agency.is_group, -agency.leads, agency.name)
    )


def _sections(rows: list[_Row]) -> list[SectionCount]:
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


def _duty_lines(rows: list[_Row]) -> list[DutyLine]:
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


def _focal_agency(rows: list[_Row]) -> AgencyRef | None:
    """The lead of the item that calls itself the focal point ("là cơ quan đầu mối tổng hợp
    báo cáo"), if any."""
    for row in rows:
        if row.parsed.focal:
            for item in row.named:
                if item.role == AssignmentRole.LEAD and item.ref and not item.ref.is_group:
                    return item.ref
    return None


async def _find_plan(session: AsyncSession, number: str | None, title: str | None) -> Plan | None:
    if number:
        return await session.scalar(select(Plan).where(Plan.number == number))
    key = title_key(title)
    if not key:
        return None
    for plan in (await session.scalars(select(Plan))).all():
        if title_key(plan.title) == key:
            return plan
    return None


async def run_import(
    session: AsyncSession,
    data: bytes,
    file_name: str,
    *,
    settings: Settings,
    plan_number: str | None = None,
    mappings: dict[str, str] | None = None,
    accept_unknown: bool = False,
    create: list[str] | None = None,
    duties_as_tasks: bool = False,
    apply: bool = False,
    actor: str = "cli",
) -> ImportPreview:
    """Read a plan file and preview what importing it does; apply it too when `apply` and
    nothing is left unresolved (or `accept_unknown`). Bad files raise ImportFailed."""
    with collector_paused():
        return await _import(
            session,
            data,
            clean(file_name).replace("\n", " ") or "?",
            settings=settings,
            plan_number=plan_number,
            mappings=mappings,
            accept_unknown=accept_unknown,
            create={fold(clean(name)) for name in create or []},
            duties_as_tasks=duties_as_tasks,
            apply=apply,
            actor=actor,
        )


async def _import(
    session: AsyncSession,
    data: bytes,
    file_name: str,
    *,
    settings: Settings,
    plan_number: str | None,
    mappings: dict[str, str] | None,
    accept_unknown: bool,
    create: set[str],
    duties_as_tasks: bool,
    apply: bool,
    actor: str,
) -> ImportPreview:
    document = read_document(
        data, file_name, max_bytes=settings.import_max_bytes, max_rows=settings.import_max_rows
    )
    parsed = parse_document(document, settings.import_max_rows, duties_as_tasks=duties_as_tasks)
    await ensure_registry(session)
    index = await AgencyIndex.load(session)
    resolver = _Resolver(index, _mappings(index, mappings, file_name))
    notices = list(parsed.notices)
    rows = _rows(parsed, resolver, notices)
    facts = parsed.facts
    number = clean(plan_number) or facts.number
    if plan_number and facts.number and clean(plan_number) != facts.number:
        notices.append(Notice("import-notice-number-differs", None, facts.number))
    plan = await _find_plan(session, number, facts.title)
    if plan is not None:
        number = plan.number
    coordinating = (
        resolver.resolve(facts.coordinating_agency_name) if facts.coordinating_agency_name else None
    )
    focal = _focal_agency(rows)
    if focal is not None and coordinating is not None and focal.id != coordinating.id:
        notices.append(Notice("import-notice-focal-differs", None, focal.name))
    coordinating = coordinating or focal
    # An undated clause is stored as a rule that plans nothing until an admin sets its date.
    notices += [
        Notice("import-notice-undated-rule", None, clause.source_text)
        for clause in facts.reporting
        if clause.undated
    ]
    if facts.clause_without_deadline and not facts.reporting:
        notices.append(Notice("import-notice-no-deadline", None, facts.clause_without_deadline))
    preview = ImportPreview(
        file_name=file_name,
        file_format=document.format,
        plan_number=number,
        plan_title=facts.title or (plan.title if plan else None),
        plan_exists=plan is not None,
        issuer=facts.issuer,
        issue_date=facts.issue_date,
        task_count=sum(1 for row in rows if not row.duty),
        sections=_sections(rows),
        resolved=_resolved(rows),
        unresolved=_unresolved(rows, resolver, create),
        warnings=notices,
        reporting=facts.reporting,
        coordinating_agency=coordinating.name if coordinating else facts.coordinating_agency_name,
        duties=_duty_lines(rows),
        plan_body_only=parsed.is_plan_body_only,
    )
    changes = await _Changes.compute(session, plan, rows)
    preview.created = sum(1 for row in changes.new if not row.duty)
    preview.updated = sum(1 for row in changes.changed if not row.duty)
    preview.unchanged, preview.withdrawn = changes.unchanged, len(changes.withdraw)
    preview.duties_written = sum(1 for row in [*changes.new, *changes.changed] if row.duty)
    if not apply or not preview.can_apply(accept_unknown):
        if apply and preview.needs_plan_number:
            raise ImportFailed("import-error-no-plan-number", file_name)
        return preview
    writer = _Writer(session, index, resolver, preview, actor)
    await writer.apply(plan, rows, changes, data, coordinating, facts.reporting)
    return preview


# --------------------------------------------------------------------------- comparing


_FIELDS = (
    "content",
    "section_path",
    "section_titles",
    "product",
    "timeframe_raw",
    "timeframe_kind",
    "timeframe_start",
    "timeframe_end",
    "funding",
    "kind",
)

# Bulk writes go through Core on the session's connection (executemany, no ORM bookkeeping per
# row): an import of 20,000 tasks is a handful of statements.
TABLES = Base.metadata.tables  # typed as Table, which the bulk inserts need

_TASK_COLUMNS = (
    "plan_id",
    "created_at",
    "updated_at",
    "code",
    "position",
    *_FIELDS,
    "withdrawn",
    "source_ref",
)
_ASSIGNMENT_COLUMNS = ("task_id", "agency_id", "role", "name_as_written", "position")


def _task_values(row: _Row) -> dict[str, Any]:
    task = row.parsed
    return {
        "code": task.code,
        "position": task.position,
        "section_path": task.section_path,
        "section_titles": list(task.section_titles),
        "content": task.content,
        "product": task.product,
        "timeframe_raw": row.timeframe.raw,
        "timeframe_kind": row.timeframe.kind,
        "timeframe_start": row.timeframe.start,
        "timeframe_end": row.timeframe.end,
        "funding": task.funding,
        "kind": TaskKind.DUTY if task.duty else TaskKind.TASK,
        "withdrawn": False,
        "source_ref": task.place.ref()[:120] or None,
    }


@dataclass
class _Changes:
    existing: dict[str, dict[str, Any]] = field(default_factory=dict)
    assigned: dict[int, set[tuple[int, str]]] = field(default_factory=dict)
    new: list[_Row] = field(default_factory=list)
    changed: list[_Row] = field(default_factory=list)
    unchanged: int = 0  # tasks; duties are counted apart
    withdraw: list[int] = field(default_factory=list)
    withdraw_duties: list[int] = field(default_factory=list)

    @classmethod
    async def compute(cls, session: AsyncSession, plan: Plan | None, rows: list[_Row]) -> _Changes:
        """What the file changes. A file withdraws only tasks of the kinds it holds: a plan
        body with duties only leaves the appendix's tasks alone, and the appendix the duties."""
        changes = cls()
        kinds = {TaskKind.DUTY if row.duty else TaskKind.TASK for row in rows}
        if plan is not None and rows:
            columns = [
                Task.id,
                Task.code,
                Task.withdrawn,
                *(getattr(Task, name) for name in _FIELDS),
            ]
            result = await session.execute(select(*columns).where(Task.plan_id == plan.id))
            for record in result.mappings():
                changes.existing[record["code"]] = dict(record)
            links = await session.execute(
                select(Assignment.task_id, Assignment.agency_id, Assignment.role)
                .join(Task, Task.id == Assignment.task_id)
                .where(Task.plan_id == plan.id)
            )
            for task_id, agency_id, role in links.all():
                changes.assigned.setdefault(task_id, set()).add((agency_id, str(role)))
        seen = set()
        for row in rows:
            seen.add(row.parsed.code)
            stored = changes.existing.get(row.parsed.code)
            if stored is None:
                changes.new.append(row)
                continue
            values = _task_values(row)
            wanted = {(item.ref.id, str(item.role)) for item in row.named if item.ref}
            same = all(stored[name] == values[name] for name in _FIELDS) and not stored["withdrawn"]
            unresolved = any(item.ref is None for item in row.named)
            if same and not unresolved and wanted == changes.assigned.get(stored["id"], set()):
                if not row.duty:  # duties are counted apart (duties_written)
                    changes.unchanged += 1
            else:
                changes.changed.append(row)
        gone = [
            stored
            for code, stored in changes.existing.items()
            if code not in seen and not stored["withdrawn"] and stored["kind"] in kinds
        ]
        changes.withdraw = [stored["id"] for stored in gone if stored["kind"] == TaskKind.TASK]
        changes.withdraw_duties = [
            stored["id"] for stored in gone if stored["kind"] == TaskKind.DUTY
        ]
        return changes


# --------------------------------------------------------------------------- writing


def _guess_kind(name: str) -> AgencyKind:
    words = fold(name).split()
    for firsts, kind in _KIND_BY_FIRST_WORDS:
        for first in firsts:
            if words[: len(first.split())] == first.split():
                return kind
    return AgencyKind.OTHER


class _Writer:
    def __init__(
        self,
        session: AsyncSession,
        index: AgencyIndex,
        resolver: _Resolver,
        preview: ImportPreview,
        actor: str,
    ) -> None:
        self.session = session
        self.index = index
        self.resolver = resolver
        self.preview = preview
        self.actor = actor

    async def apply(
        self,
        plan: Plan | None,
        rows: list[_Row],
        changes: _Changes,
        data: bytes,
        coordinating: AgencyRef | None,
        reporting: list[ReportingClause],
    ) -> None:
        await self._create_unknown(rows)
        await self._remember_mappings()
        plan = await self._plan(plan, data, coordinating)
        task_ids = await self._tasks(plan, rows, changes)
        await self._assignments(plan, rows, task_ids)
        await self._rules(plan, reporting, coordinating)
        preview = self.preview
        self.session.add(
            AuditLog(
                actor_label=self.actor,
                action="import.apply",
                object_type="plan",
                object_id=plan.number,
                details={
                    "file": preview.file_name,
                    "tasks": preview.task_count,
                    "created": preview.created,
                    "updated": preview.updated,
                    "withdrawn": preview.withdrawn,
                    "new_agencies": preview.new_agencies,
                },
            )
        )
        await self.session.flush()
        preview.applied = True

    async def _create_unknown(self, rows: list[_Row]) -> None:
        """Names nobody resolved become agencies marked unverified, listed for review; a near
        duplicate of a known agency is that agency (the admin saw the offer in the preview)."""
        created: dict[str, AgencyRef] = {}
        for entry in self.preview.unresolved:
            near = self.index.resolve_known(entry.near) if entry.near else None
            if near is not None:  # learnt as a spelling of it, as a --map would be
                created[fold(entry.name)] = near
                self.preview.taken_as_near.append((entry.name, near.name))
                self.session.add(
                    AgencyAlias(agency_id=near.id, alias=entry.name[:300], key=name_key(entry.name))
                )
                continue
            agency = Agency(
                name=entry.name,
                kind=_guess_kind(entry.name),
                verified=False,
                note=f"import: {self.preview.file_name}",
            )
            self.session.add(agency)
            await self.session.flush()
            self.session.add(
                AgencyAlias(agency_id=agency.id, alias=entry.name, key=name_key(entry.name))
            )
            self.index.add(agency, [entry.name])
            created[fold(entry.name)] = self.index.by_id[agency.id]
            self.preview.new_agencies.append(entry.name)
        for row in rows:
            for item in row.named:
                if item.ref is None:
                    item.ref = created[fold(item.written)]

    async def _remember_mappings(self) -> None:
        """A name the admin mapped is learnt as an alias, so the next import knows it."""
        taken = set((await self.session.scalars(select(AgencyAlias.key))).all())
        for key, (written, ref) in self.resolver.mappings.items():
            if key and key not in taken and self.index.resolve(written) is None:
                self.session.add(AgencyAlias(agency_id=ref.id, alias=written[:300], key=key))
                taken.add(key)

    async def _plan(self, plan: Plan | None, data: bytes, coordinating: AgencyRef | None) -> Plan:
        preview = self.preview
        if plan is None:
            plan = Plan(number=preview.plan_number)
            self.session.add(plan)
        plan.title = preview.plan_title or plan.title
        plan.issuer = preview.issuer or plan.issuer
        plan.issue_date = preview.issue_date or plan.issue_date
        plan.source_file_name = preview.file_name[:300]
        plan.source_sha256 = hashlib.sha256(data).hexdigest()
        if coordinating is not None:
            plan.coordinating_agency_id = coordinating.id
        await self.session.flush()
        return plan

    async def _tasks(self, plan: Plan, rows: list[_Row], changes: _Changes) -> dict[str, int]:
        task_ids = {code: stored["id"] for code, stored in changes.existing.items()}
        if changes.new:
            now = utcnow()
            bulk = BulkInsert(TABLES["task"], _TASK_COLUMNS, await self.session.connection())
            await bulk.execute(
                [
                    bulk.row({"plan_id": plan.id, "created_at": now, "updated_at": now, **values})
                    for values in map(_task_values, changes.new)
                ]
            )
            result = await self.session.execute(
                select(Task.code, Task.id).where(Task.plan_id == plan.id)
            )
            task_ids.update(dict(result.tuples().all()))
        updates = [
            {"id": task_ids[row.parsed.code], **_task_values(row)}
            for row in rows
            if row.parsed.code in changes.existing
        ]
        gone = [*changes.withdraw, *changes.withdraw_duties]
        updates.extend({"id": task_id, "withdrawn": True} for task_id in gone)
        if updates:
            await self.session.execute(update(Task), updates)
        return task_ids

    async def _assignments(self, plan: Plan, rows: list[_Row], task_ids: dict[str, int]) -> None:
        stored: dict[tuple[int, int, str], tuple[int, str | None, int]] = {}
        result = await self.session.execute(
            select(
                Assignment.id,
                Assignment.task_id,
                Assignment.agency_id,
                Assignment.role,
                Assignment.name_as_written,
                Assignment.position,
            )
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.plan_id == plan.id)
        )
        for assignment_id, task_id, agency_id, role, written, position in result.all():
            stored[(task_id, agency_id, str(role))] = (assignment_id, written, position)
        wanted: dict[tuple[int, int, str], dict[str, Any]] = {}
        for row in rows:
            task_id = task_ids[row.parsed.code]
            for position, item in enumerate(row.named):
                assert item.ref is not None
                key = (task_id, item.ref.id, item.role.value)
                if key not in wanted:
                    wanted[key] = {
                        "task_id": task_id,
                        "agency_id": item.ref.id,
                        "role": item.role,
                        "name_as_written": item.written[:300],
                        "position": position,
                    }
        inserts = [values for key, values in wanted.items() if key not in stored]
        updates = [
            {
                "id": stored[key][0],
                "name_as_written": values["name_as_written"],
                "position": values["position"],
            }
            for key, values in wanted.items()
            if key in stored and stored[key][1:] != (values["name_as_written"], values["position"])
        ]
        touched = {task_ids[row.parsed.code] for row in rows}
        gone = [ids[0] for key, ids in stored.items() if key not in wanted and key[0] in touched]
        bulk = BulkInsert(
            TABLES["assignment"], _ASSIGNMENT_COLUMNS, await self.session.connection()
        )
        await bulk.execute([bulk.row(values) for values in inserts])
        if updates:
            await self.session.execute(update(Assignment), updates)
        if gone:
            reported = set(
                (
                    await self.session.scalars(
                        select(StatusUpdate.assignment_id)
                        .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
                        .join(Task, Task.id == Assignment.task_id)
                        .where(Task.plan_id == plan.id)
                        .distinct()
                    )
                ).all()
            )
            removable = [assignment_id for assignment_id in gone if assignment_id not in reported]
            kept = len(gone) - len(removable)
            if kept:
                self.preview.warnings.append(
                    Notice("import-notice-kept-assignments", None, str(kept))
                )
            for start in range(0, len(removable), CHUNK):
                chunk = removable[start : start + CHUNK]
                await self.session.execute(delete(Assignment).where(Assignment.id.in_(chunk)))

    async def _rules(
        self, plan: Plan, reporting: list[ReportingClause], coordinating: AgencyRef | None
    ) -> None:
        """Reporting rules read from the text update the plan's rule of the same cadence in
        place (its periods and the status updates filed against them stay)."""
        if not reporting:
            return
        existing = defaultdict(list)
        for rule in (
            await self.session.scalars(
                select(ReportingRule).where(ReportingRule.plan_id == plan.id)
            )
        ).all():
            existing[(str(rule.cadence), rule.every_n)].append(rule)
        for clause in reporting:
            agency = (
                self.resolver.resolve(clause.agency_name) if clause.agency_name else coordinating
            )
            matches = existing.get((str(clause.cadence), clause.every_n))
            rule = matches[0] if matches else ReportingRule(plan_id=plan.id, cadence=clause.cadence)
            rule.every_n = clause.every_n
            rule.due_day = clause.due_day
            rule.due_month = clause.due_month
            if clause.first_year:  # multi-year periods count from the clause's first year
                rule.starts_on = date(clause.first_year, 1, 1)
            rule.source_text = clause.source_text
            rule.active = True
            if agency is not None:
                rule.coordinating_agency_id = agency.id
            self.session.add(rule)
        await self.session.flush()


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


def format_preview(preview: ImportPreview, locale: str) -> str:
    """The preview as plain text for a chat message or the terminal."""
    lines = [
        t(
            locale,
            "import-preview-plan",
            file=preview.file_name,
            number=preview.plan_number or t(locale, "import-no-number"),
            exists=t(locale, "import-plan-exists" if preview.plan_exists else "import-plan-new"),
        )
    ]
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
        if preview.plan_body_only:  # the body names an appendix that is not in this file
            lines.append(t(locale, "import-duties-hint"))
    for clause in preview.reporting:
        lines.append(t(locale, "import-preview-reporting", rule=_cadence_text(locale, clause)))
    if preview.coordinating_agency:
        lines.append(t(locale, "import-preview-coordinator", agency=preview.coordinating_agency))
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
                    "import-unresolved-near",
                    name=entry.name,
                    places=where,
                    agency=entry.near,
                )
            lines.append("  • " + line)
        lines.append(t(locale, "import-unresolved-help"))
    for notice in preview.warnings:
        where = notice.place.describe(locale) if notice.place else ""
        text = t(locale, notice.message_id, detail=notice.detail)
        lines.append("  ⚠ " + (f"{where}: {text}" if where else text))
    if preview.needs_plan_number:
        lines.append(t(locale, "import-needs-number"))
    outcome = "import-result-applied" if preview.applied else "import-result-preview"
    lines.append(
        t(
            locale,
            outcome,
            created=preview.created,
            updated=preview.updated,
            unchanged=preview.unchanged,
            withdrawn=preview.withdrawn,
        )
    )
    if preview.duties_written:
        lines.append(t(locale, "import-result-duties", count=preview.duties_written))
    if preview.taken_as_near:
        taken = "; ".join(f"{written} → {agency}" for written, agency in preview.taken_as_near)
        lines.append(t(locale, "import-taken-as-near", names=taken))
    if preview.new_agencies:
        lines.append(t(locale, "import-new-agencies", names="; ".join(preview.new_agencies)))
    return "\n".join(lines)


def named_with_successor(locale: str, name: str, successor: str | None) -> str:
    """ "Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)" for a body merged in 2025."""
    return t(locale, "agency-with-successor", name=name, successor=successor) if successor else name


def _snippet(text: str, length: int = 90) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
