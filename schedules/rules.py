"""Setting and describing a plan's reporting rule (`dondoc plans rule …`, and the chat's admin
commands): parse "15/01", "30/6/2025", "14,7,3,1,0"; change a rule without losing what was
reported; describe a rule in the reader's language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Cadence, OutboxMessage, OutboxStatus, ReportingPeriod, ReportingRule
from bot.i18n import t
from bot.periods.cadence import is_undated, periods_between
from schedules.planner import DEADLINE, EARLY, ESCALATION, LATE

_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*(?:/\s*(\d{1,2})\s*(?:/\s*(\d{4})\s*)?)?$")
PLANNED_KINDS = (EARLY, DEADLINE, ESCALATION, LATE)


class RuleError(ValueError):
    """A rule value that cannot be read; `message_id` and `value` make the person's message."""

    def __init__(self, message_id: str, value: str) -> None:
        super().__init__(f"{message_id}: {value}")
        self.message_id = message_id
        self.value = value

    def message(self, locale: str) -> str:
        return t(locale, self.message_id, value=self.value)


@dataclass(frozen=True, slots=True)
class DayMonth:
    day: int
    month: int | None = None
    year: int | None = None

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.year and self.month else None


def parse_day_month(text: str, message_id: str = "plans-bad-due") -> DayMonth:
    """ "15/01" → DayMonth(15, 1); "15" → DayMonth(15); "30/6/2025" → with its year."""
    found = _DAY_MONTH.match(text or "")
    if not found:
        raise RuleError(message_id, text)
    day, month, year = (int(part) if part else None for part in found.groups())
    if not day or not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
        raise RuleError(message_id, text)
    value = DayMonth(int(day), month, year)
    if year is not None:
        try:
            value.as_date()
        except ValueError:
            raise RuleError(message_id, text) from None
    return value


def parse_lead_days(text: str) -> list[int]:
    """ "14,7,3,1,0" → [14, 7, 3, 1, 0] (largest first, no repeats)."""
    try:
        values = {int(part) for part in re.split(r"[,;\s]+", text.strip()) if part}
    except ValueError:
        raise RuleError("plans-bad-leads", text) from None
    if not values or min(values) < 0 or max(values) > 366:
        raise RuleError("plans-bad-leads", text)
    return sorted(values, reverse=True)


@dataclass
class RuleChange:
    cadence: Cadence
    due: DayMonth | None = None
    every_n: int = 1
    lead_days: list[int] = field(default_factory=lambda: [14, 7, 3, 1, 0])
    remind_hour: int = 8
    escalation_every_days: int = 3
    cutoff: DayMonth | None = None
    coordinating_agency_id: int | None = None
    source_text: str | None = None
    first_year: int | None = None  # a multi-year rule's first period starts that year


async def set_rule(
    session: AsyncSession, plan_id: int, change: RuleChange, *, today: date
) -> ReportingRule:
    """Set the plan's reporting rule (the one active rule of that cadence, else a new one).

    Period rows already made keep their ids (so what agencies reported stays attached) and take
    the new label and dates; reminders planned but not sent are dropped to be planned afresh.
    """
    rule = await session.scalar(
        select(ReportingRule).where(
            ReportingRule.plan_id == plan_id,
            ReportingRule.cadence == change.cadence,
            ReportingRule.active.is_(True),
        )
    )
    if rule is None:
        rule = ReportingRule(plan_id=plan_id, cadence=change.cadence)
        session.add(rule)
    due = change.due
    rule.due_day = due.day if due else None
    rule.due_month = due.month if due else None
    rule.due_date = due.as_date() if due and change.cadence is Cadence.ONCE else None
    rule.every_n = max(change.every_n, 1)
    rule.lead_days = list(change.lead_days)
    rule.remind_hour = change.remind_hour
    rule.escalation_every_days = max(change.escalation_every_days, 1)
    rule.cutoff_day = change.cutoff.day if change.cutoff else None
    rule.cutoff_month = change.cutoff.month if change.cutoff else None
    rule.coordinating_agency_id = change.coordinating_agency_id
    if change.first_year:
        rule.starts_on = date(change.first_year, 1, 1)
    rule.source_text = change.source_text or rule.source_text
    rule.active = True
    await session.flush()
    await _refresh_periods(session, rule, today)
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.plan_id == plan_id,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.kind.in_(PLANNED_KINDS),
        )
    )
    return rule


async def _refresh_periods(session: AsyncSession, rule: ReportingRule, today: date) -> None:
    """Give the rule's current and future period rows the new rule's label and dates."""
    rows = list(
        await session.scalars(
            select(ReportingPeriod).where(
                ReportingPeriod.rule_id == rule.id,
                ReportingPeriod.due_date >= today - timedelta(days=90),
            )
        )
    )
    if not rows:
        return
    first = min(row.start for row in rows) - timedelta(days=400)
    last = max(row.due_date for row in rows) + timedelta(days=800)
    specs = {spec.start: spec for spec in periods_between(rule, first, last)}
    for row in rows:
        spec = specs.get(row.start)
        if spec is not None:
            row.label, row.end, row.due_date = spec.label, spec.end, spec.due_date


def describe_rule(rule: ReportingRule, locale: str) -> str:
    """ "hằng năm, hạn 15/01; nhắc trước 14, 7, 3, 1, 0 ngày, lúc 08:00"."""
    cadence = t(locale, f"rule-cadence-{rule.cadence.value}", n=rule.every_n)
    if rule.cadence is Cadence.ONCE and rule.due_date is not None:
        due = rule.due_date.strftime("%d/%m/%Y")
    elif rule.due_month:
        due = f"{rule.due_day or 1:02d}/{rule.due_month:02d}"
    elif rule.due_day:
        due = t(locale, "rule-due-relative", day=str(rule.due_day))
    elif is_undated(rule):
        due = t(locale, "rule-due-missing")
    else:
        due = t(locale, "rule-due-default")
    leads = ", ".join(str(lead) for lead in rule.lead_days or [])
    return t(
        locale,
        "rule-summary",
        cadence=cadence,
        due=due,
        leads=leads,
        hour=f"{rule.remind_hour:02d}:00",
        every=str(rule.escalation_every_days),
    )
