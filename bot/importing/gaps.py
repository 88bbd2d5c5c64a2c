"""What a plan will lack, once imported, for anyone to follow it up.

A plan is followed by the coordinators of its coordinating department (the plan's own, or one its
reporting rules name): they alone see /weekly, /overdue, /report and /nudge for it and get the
late digests. Its periods, reminders and report buttons come from a reporting rule with a due
date. A task table alone ("Phụ lục") names neither, so an import of it stores a plan nobody
follows and nobody is reminded about; the preview and the result say so (bot.importing.preview
`format_gaps`), with the `dondoc plans rule` command that sets both. Nothing here changes what
the import stores: it reads what the stored plan has and what the file adds.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.agencies.registry import AgencyRef
from bot.db.models import Cadence, Plan, ReportingRule
from bot.importing.facts import ReportingClause
from bot.importing.resolution import Resolver
from bot.periods.cadence import is_undated


@dataclass(frozen=True)
class PlanGaps:
    """What the plan lacks after the import, and what the command to fill it can say already:
    the rule's cadence and due date when the file or the stored plan gives them (the command
    replaces the rule, so it repeats them)."""

    no_coordinator: bool
    no_rule: bool
    cadence: Cadence = Cadence.YEARLY
    every_n: int = 1
    due: str | None = None  # "15/01", "20" or "30/06/2025", as `dondoc plans rule --due` takes it

    @property
    def any(self) -> bool:
        return self.no_coordinator or self.no_rule


def _clause_due(clause: ReportingClause) -> str | None:
    if clause.due_day and clause.due_month:
        return f"{clause.due_day:02d}/{clause.due_month:02d}"
    return f"{clause.due_day:02d}" if clause.due_day else None


def _rule_due(rule: ReportingRule) -> str | None:
    if rule.due_date is not None:
        return rule.due_date.strftime("%d/%m/%Y")
    if rule.due_day and rule.due_month:
        return f"{rule.due_day:02d}/{rule.due_month:02d}"
    return f"{rule.due_day:02d}" if rule.due_day else None


async def plan_gaps(
    session: AsyncSession,
    plan: Plan | None,
    clauses: list[ReportingClause],
    coordinating: AgencyRef | None,
    resolver: Resolver,
) -> PlanGaps:
    """What `plan` (None: a new one) lacks once the file's `clauses` and its `coordinating`
    agency are written as bot.importing.writing writes them: a clause replaces the stored rule
    of its cadence, and a clause's agency that the registry does not know is not stored."""
    stored: list[ReportingRule] = []
    if plan is not None:
        stored = list(
            await session.scalars(
                select(ReportingRule)
                .where(ReportingRule.plan_id == plan.id)
                .order_by(ReportingRule.id)
            )
        )
    replaced = {(str(clause.cadence), clause.every_n) for clause in clauses}
    kept = [
        rule for rule in stored if rule.active and (str(rule.cadence), rule.every_n) not in replaced
    ]
    coordinated = (
        coordinating is not None
        or (plan is not None and plan.coordinating_agency_id is not None)
        or any(rule.coordinating_agency_id is not None for rule in stored)
        or any(clause.agency_name and resolver.resolve(clause.agency_name) for clause in clauses)
    )
    dated_clauses = [clause for clause in clauses if not clause.undated]
    dated_rules = [rule for rule in kept if not is_undated(rule)]
    no_coordinator, no_rule = not coordinated, not (dated_clauses or dated_rules)
    # The command repeats the rule the plan will have: dated first, the file's before the stored.
    source: ReportingClause | ReportingRule
    if dated_clauses or dated_rules:
        source = (dated_clauses or dated_rules)[0]
    elif clauses or kept:
        source = (clauses or kept)[0]
    else:
        return PlanGaps(no_coordinator, no_rule)
    due = _clause_due(source) if isinstance(source, ReportingClause) else _rule_due(source)
    return PlanGaps(no_coordinator, no_rule, source.cadence, source.every_n, due)
