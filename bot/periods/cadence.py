"""Reporting periods generated from a plan's rules (Decree 09/2019/NĐ-CP on the reporting regime).

The decree's data cut-offs: monthly from the 15th of the previous month to the 14th; quarterly from
the 15th of the month before the quarter to the 14th of its last month; six-monthly 15/12–14/6 and
15/6–14/12; yearly 15/12 of the previous year to 14/12. A rule's own cut-off (cutoff_day/month)
wins over the default, and a yearly due day earlier than the cut-off ("trước ngày 30/11") ends the
period the day before it.

Due dates: a yearly (or every-N-years) rule's "15/01" falls in the first half of a year, so it is
the report on the *previous* year; "30/11" or "10/12" fall in the same year. Other cadences read the
due day relative to the period: the day of the period's last month when it comes after the
cut-off day, else that day of the following month (default: the 20th, a few days after the cut-off).

A yearly or multi-year rule without a day and month ("sơ kết … định kỳ 05 năm/lần", a yearly
clause with no date) is *undated*: it has no periods, hence no reminders, until an admin sets the
due date; nothing here invents one. Multi-year periods count from the rule's first year
(`starts_on`, the clause's "giai đoạn 2026-2030") or else the plan's own date (its issue date);
without either they cannot be placed and there are none.

Labels are Vietnamese, as in the documents: "Năm 2025", "6 tháng đầu năm 2026", "Quý III/2026",
"Tháng 11/2026", "Tuần 47/2026", "Giai đoạn 2021-2025".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from bot.db.models import Cadence, ReportingRule

CUTOFF_DAY = 14  # Decree 09: data up to the 14th, the next period starts on the 15th
DEFAULT_RELATIVE_DUE_DAY = 20
DEFAULT_WEEKLY_DUE_WEEKDAY = 1  # Monday of the following week
ROMAN_QUARTERS = ("I", "II", "III", "IV")


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    """A period computed from a rule, before it becomes a row."""

    label: str
    start: date
    end: date
    due_date: date


def _clamped(year: int, month: int, day: int) -> date:
    """date(year, month, day), with the day clamped to the month's length (31/6 → 30/6)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _relative_due(rule: ReportingRule, end_year: int, end_month: int) -> date:
    """The due day for monthly/quarterly/six-monthly periods whose nominal last month is given."""
    day = rule.due_day or DEFAULT_RELATIVE_DUE_DAY
    if day <= CUTOFF_DAY:
        end_year, end_month = _month_shift(end_year, end_month, 1)
    return _clamped(end_year, end_month, day)


def _cutoff_end(rule: ReportingRule, year: int, month: int) -> date:
    """The last day with data for a period whose nominal last month is (year, month)."""
    day = rule.cutoff_day or CUTOFF_DAY
    return _clamped(year, month, day)


def is_undated(rule: ReportingRule) -> bool:
    """Whether the rule lacks the date its periods need (see the module's docstring)."""
    if rule.cadence in (Cadence.YEARLY, Cadence.EVERY_N_YEARS):
        return not rule.due_month
    return rule.cadence is Cadence.ONCE and rule.due_date is None


def _yearly_due(rule: ReportingRule, last_year: int) -> date:
    assert rule.due_month, "an undated rule has no periods"
    day, month = rule.due_day or 1, rule.due_month
    # "15/01 hằng năm" reports on the previous year; "30/11" or "10/12" on the same year.
    due_year = last_year + 1 if month <= 6 else last_year
    return _clamped(due_year, month, day)


def _yearly_end(rule: ReportingRule, last_year: int, due: date) -> date:
    if rule.cutoff_month:
        end = _clamped(last_year, rule.cutoff_month, rule.cutoff_day or CUTOFF_DAY)
    else:
        end = date(last_year, 12, CUTOFF_DAY)
    # A plan's own deadline wins: data cannot be counted up to a day after it is due.
    return min(end, due - timedelta(days=1))


def _anchor_year(rule: ReportingRule, plan_start: date | None) -> int | None:
    """The first year of a multi-year rule's first period: the rule's own, else the plan's."""
    anchor = rule.starts_on or plan_start
    return anchor.year if anchor else None


def _periods_for_year(rule: ReportingRule, year: int, anchor_year: int | None) -> list[PeriodSpec]:
    """The periods of `rule` whose nominal end falls in `year`, in order."""
    cadence = rule.cadence
    if cadence is Cadence.YEARLY:
        due = _yearly_due(rule, year)
        end = _yearly_end(rule, year, due)
        start = _yearly_end(rule, year - 1, _yearly_due(rule, year - 1)) + timedelta(days=1)
        return [PeriodSpec(f"Năm {year}", start, end, due)]
    if cadence is Cadence.EVERY_N_YEARS:
        span = max(rule.every_n or 1, 1)
        if anchor_year is None or (year - anchor_year + 1) % span != 0 or year < anchor_year:
            return []
        first = year - span + 1
        due = _yearly_due(rule, year)
        end = _yearly_end(rule, year, due)
        start = _yearly_end(rule, first - 1, _yearly_due(rule, first - 1)) + timedelta(days=1)
        return [PeriodSpec(f"Giai đoạn {first}-{year}", start, end, due)]
    if cadence is Cadence.SIX_MONTHLY:
        halves = (("6 tháng đầu năm", 6), ("6 tháng cuối năm", 12))
        return [_monthly_spec(rule, f"{name} {year}", year, last, 6) for name, last in halves]
    if cadence is Cadence.QUARTERLY:
        return [
            _monthly_spec(rule, f"Quý {ROMAN_QUARTERS[q]}/{year}", year, 3 * (q + 1), 3)
            for q in range(4)
        ]
    if cadence is Cadence.MONTHLY:
        return [_monthly_spec(rule, f"Tháng {m}/{year}", year, m, 1) for m in range(1, 13)]
    if cadence is Cadence.WEEKLY:
        return list(_weeks_ending_in(rule, year))
    if cadence is Cadence.ONCE:
        if rule.due_date is None or rule.due_date.year != year:
            return []
        start = rule.starts_on or date(year, 1, 1)
        end = rule.due_date - timedelta(days=1)
        return [
            PeriodSpec(f"Báo cáo đến {rule.due_date:%d/%m/%Y}", min(start, end), end, rule.due_date)
        ]
    return []


def _monthly_spec(
    rule: ReportingRule, label: str, year: int, last_month: int, months: int
) -> PeriodSpec:
    end = _cutoff_end(rule, year, last_month)
    before_year, before_month = _month_shift(year, last_month, -months)
    start = _cutoff_end(rule, before_year, before_month) + timedelta(days=1)
    return PeriodSpec(label, start, end, _relative_due(rule, year, last_month))


def _weeks_ending_in(rule: ReportingRule, year: int) -> Iterator[PeriodSpec]:
    """ISO weeks (Monday–Sunday) whose Sunday falls in `year`; due on a weekday of the next week."""
    weekday = rule.due_day if rule.due_day and 1 <= rule.due_day <= 7 else None
    sunday = date(year, 1, 1) + timedelta(days=(6 - date(year, 1, 1).weekday()))
    while sunday.year == year:
        monday = sunday - timedelta(days=6)
        iso_year, week, _ = monday.isocalendar()
        due = sunday + timedelta(days=weekday or DEFAULT_WEEKLY_DUE_WEEKDAY)
        yield PeriodSpec(f"Tuần {week}/{iso_year}", monday, sunday, due)
        sunday += timedelta(days=7)


def _within_rule_dates(rule: ReportingRule, spec: PeriodSpec) -> bool:
    if rule.starts_on and spec.due_date < rule.starts_on:
        return False
    return not (rule.ends_on and spec.start > rule.ends_on)


def periods_between(
    rule: ReportingRule, first_due: date, last_due: date, *, plan_start: date | None = None
) -> list[PeriodSpec]:
    """Every period of `rule` whose due date lies in [first_due, last_due], in due-date order
    (none for an undated rule)."""
    if is_undated(rule):
        return []
    anchor = _anchor_year(rule, plan_start)
    specs: list[PeriodSpec] = []
    # A yearly report is due up to a year after its period ends: look one year either side.
    for year in range(first_due.year - 1, last_due.year + 1):
        for spec in _periods_for_year(rule, year, anchor):
            if first_due <= spec.due_date <= last_due and _within_rule_dates(rule, spec):
                specs.append(spec)
    return sorted(specs, key=lambda spec: spec.due_date)


def next_period(
    rule: ReportingRule, today: date, *, plan_start: date | None = None
) -> PeriodSpec | None:
    """The period of `rule` due next, on or after `today` (looking up to N+1 years ahead)."""
    horizon = today.replace(year=today.year + max(rule.every_n or 1, 1) + 1)
    found = periods_between(rule, today, horizon, plan_start=plan_start)
    return found[0] if found else None


_LABEL_FORMS: tuple[tuple[re.Pattern[str], Callable[[tuple[str, ...]], str]], ...] = (
    (re.compile(r"^Năm (\d{4})$"), lambda p: f"Year {p[0]}"),
    (re.compile(r"^6 tháng đầu năm (\d{4})$"), lambda p: f"First half of {p[0]}"),
    (re.compile(r"^6 tháng cuối năm (\d{4})$"), lambda p: f"Second half of {p[0]}"),
    (
        re.compile(r"^Quý (I|II|III|IV)/(\d{4})$"),
        lambda p: f"Q{ROMAN_QUARTERS.index(p[0]) + 1}/{p[1]}",
    ),
    (
        re.compile(r"^Tháng (\d{1,2})/(\d{4})$"),
        lambda p: f"{calendar.month_name[int(p[0])]} {p[1]}",
    ),
    (re.compile(r"^Tuần (\d{1,2})/(\d{4})$"), lambda p: f"Week {p[0]}/{p[1]}"),
    (re.compile(r"^Giai đoạn (\d{4})-(\d{4})$"), lambda p: f"{p[0]}–{p[1]}"),
    (re.compile(r"^Báo cáo đến (\d{2}/\d{2}/\d{4})$"), lambda p: f"Report due {p[0]}"),
)


def period_label(label: str, locale: str) -> str:
    """A period's label in the reader's language: labels are stored as the documents write them
    ("Năm 2026", "Quý IV/2026"); English readers get "Year 2026", "Q4/2026"."""
    if locale == "vi":
        return label
    for pattern, english in _LABEL_FORMS:
        found = pattern.match(label)
        if found:
            return english(found.groups())
    return label
