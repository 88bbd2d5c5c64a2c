"""Comparing a resolved plan with what is stored, and writing it in one transaction.

Writes are set-based (bulk inserts and updates, a handful of queries whatever the number of
tasks). Re-importing updates tasks in place by code, marks tasks gone from the file withdrawn and
never deletes a status update.
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
from bot.agencies.registry import AgencyIndex, AgencyRef
from bot.db.models import (
    Agency,
    AgencyAlias,
    AgencyKind,
    Assignment,
    AuditLog,
    Base,
    Plan,
    ReportingRule,
    StatusUpdate,
    Task,
    TaskKind,
    utcnow,
)
from bot.importing.bulk import CHUNK, BulkInsert
from bot.importing.facts import ReportingClause
from bot.importing.parsed import Notice
from bot.importing.preview import ImportPreview
from bot.importing.resolution import Resolver, Row
from bot.text import fold

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


def _task_values(row: Row) -> dict[str, Any]:
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
class Changes:
    existing: dict[str, dict[str, Any]] = field(default_factory=dict)
    assigned: dict[int, set[tuple[int, str]]] = field(default_factory=dict)
    new: list[Row] = field(default_factory=list)
    changed: list[Row] = field(default_factory=list)
    unchanged: int = 0  # tasks; duties are counted apart
    withdraw: list[int] = field(default_factory=list)
    withdraw_duties: list[int] = field(default_factory=list)

    @classmethod
    async def compute(cls, session: AsyncSession, plan: Plan | None, rows: list[Row]) -> Changes:
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


class Writer:
    def __init__(
        self,
        session: AsyncSession,
        index: AgencyIndex,
        resolver: Resolver,
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
        rows: list[Row],
        changes: Changes,
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

    async def _create_unknown(self, rows: list[Row]) -> None:
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
                kind=AgencyKind.GROUP if entry.as_group else _guess_kind(entry.name),
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

    async def _tasks(self, plan: Plan, rows: list[Row], changes: Changes) -> dict[str, int]:
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

    async def _assignments(self, plan: Plan, rows: list[Row], task_ids: dict[str, int]) -> None:
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
