"""Importing a plan's task assignments: a preview first, then one transaction that applies it.

`run_import` serves the CLI (`dondoc import`) and the chat's /import alike; what it returns is a
plain `ImportPreview` (bot.importing.preview). The file is read and parsed (bot.importing.prepared),
its agency names resolved (bot.importing.resolution), compared with what is stored and, when
asked and nothing is left undecided, written (bot.importing.writing). Unknown agency names are
never created silently: they are listed with the closest registry entries, resolved by
`mappings` or created unverified with `accept_unknown`; a spelling one variant or typo away from
a known agency ("Sở Tài chánh") is offered as that agency and taken with `accept_unknown`,
created only when named in `create`. The chat asks about each unknown name instead and passes
the answers as `mappings`, `create`, `groups` (a group of bodies) and `skip` (left out). An
agency's general duties (beside a task table) are stored as tasks of kind "duty" and shown apart.
"""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.agencies.registry import AgencyIndex, ensure_registry
from bot.db.models import Plan
from bot.importing.collector import collector_paused
from bot.importing.errors import ImportFailed
from bot.importing.facts import title_key
from bot.importing.gaps import plan_gaps
from bot.importing.parsed import Notice
from bot.importing.prepared import forget, label, prepare
from bot.importing.preview import (
    ImportPreview,
    duty_lines,
    resolved_agencies,
    section_counts,
)
from bot.importing.readers import file_extension
from bot.importing.resolution import (
    Decisions,
    Resolver,
    focal_agency,
    leave_out,
    read_mappings,
    read_rows,
    unresolved_names,
)
from bot.importing.writing import Changes, Writer
from bot.settings import Settings
from bot.text import clean

__all__ = ["prepare_file", "run_import"]


async def _find_plan(session: AsyncSession, number: str | None, title: str | None) -> Plan | None:
    """The stored plan of this number, else of this title. Looked for in the table's rows: only a
    plan found is loaded as an ORM entity, so that a new plan's preview, like the registry
    (bot.agencies.registry.ensure_registry), never configures the ORM's mappers."""
    await session.flush()  # Core reads do not autoflush
    plan = Plan.__table__.c
    if number:
        found = await session.scalar(select(plan.id).where(plan.number == number))
    else:
        key = title_key(title)
        rows = (await session.execute(select(plan.id, plan.title))).all() if key else []
        found = next((row.id for row in rows if title_key(row.title) == key), None)
    return None if found is None else await session.get(Plan, found)


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
    groups: list[str] | None = None,
    skip: list[str] | None = None,
    duties_as_tasks: bool = False,
    apply: bool = False,
    actor: str = "cli",
) -> ImportPreview:
    """Read a plan file and preview what importing it does; apply it too when `apply` and
    nothing is left unresolved (or `accept_unknown`). Unknown names in `create` become new
    agencies, in `groups` groups of bodies, and names in `skip` are left out of the tasks'
    assignments. Bad files raise ImportFailed."""
    with collector_paused():
        return await _import(
            session,
            data,
            label(file_name),
            settings=settings,
            plan_number=plan_number,
            mappings=mappings,
            accept_unknown=accept_unknown,
            decisions=Decisions.of(create or [], groups or [], skip or []),
            duties_as_tasks=duties_as_tasks,
            apply=apply,
            actor=actor,
        )


async def prepare_file(data: bytes, file_name: str, *, settings: Settings) -> None:
    """Read and parse a file before the transaction that imports it (see bot.importing.prepared);
    a file that cannot be imported is reported when it is imported."""
    with collector_paused(), contextlib.suppress(ImportFailed):
        await prepare(data, label(file_name), settings)


async def _import(
    session: AsyncSession,
    data: bytes,
    file_name: str,
    *,
    settings: Settings,
    plan_number: str | None,
    mappings: dict[str, str] | None,
    accept_unknown: bool,
    decisions: Decisions,
    duties_as_tasks: bool,
    apply: bool,
    actor: str,
) -> ImportPreview:
    # Reading, parsing and resolving are pure CPU work on the file: done in a worker thread, so
    # the event loop keeps answering every other chat while a large file is imported.
    file_format, parsed = await prepare(data, file_name, settings, duties_as_tasks=duties_as_tasks)
    await ensure_registry(session)
    index = await AgencyIndex.load(session)
    resolver = Resolver(index, read_mappings(index, mappings, file_name))
    notices = list(parsed.notices)
    named = file_extension(file_name)
    if file_format != named:  # read by its content (bot.importing.readers.detect_format)
        notices.insert(0, Notice(f"import-notice-read-as-{file_format}", None, named))
    rows = await asyncio.to_thread(read_rows, parsed, resolver, notices)
    leave_out(rows, decisions.skip)
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
    focal = focal_agency(rows)
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
        file_format=file_format,
        plan_number=number,
        plan_title=facts.title or (plan.title if plan else None),
        plan_exists=plan is not None,
        issuer=facts.issuer,
        issue_date=facts.issue_date,
        task_count=sum(1 for row in rows if not row.duty),
        sections=section_counts(rows),
        resolved=resolved_agencies(rows),
        unresolved=unresolved_names(rows, resolver, decisions),
        warnings=notices,
        reporting=facts.reporting,
        coordinating_agency=coordinating.name if coordinating else facts.coordinating_agency_name,
        gaps=await plan_gaps(session, plan, facts.reporting, coordinating, resolver),
        duties=duty_lines(rows),
        plan_body_only=parsed.is_plan_body_only,
    )
    changes = await Changes.compute(session, plan, rows)
    preview.created = sum(1 for row in changes.new if not row.duty)
    preview.updated = sum(1 for row in changes.changed if not row.duty)
    preview.unchanged, preview.withdrawn = changes.unchanged, len(changes.withdraw)
    preview.duties_written = sum(1 for row in [*changes.new, *changes.changed] if row.duty)
    if not apply or not preview.can_apply(accept_unknown):
        if apply and preview.needs_plan_number:
            raise ImportFailed("import-error-no-plan-number", file_name)
        return preview
    writer = Writer(session, index, resolver, preview, actor)
    await writer.apply(plan, rows, changes, data, coordinating, facts.reporting)
    forget(data, file_name, settings, duties_as_tasks=duties_as_tasks)
    return preview
