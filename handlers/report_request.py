"""What a coordinator's command names, as people type it: a plan by its number, the number's
first part or the plan's name, quoted or not ("457/KH-UBND", "457", "Đề án 1600"); and for
/report a period label with or without accents ("Năm 2026", "nam 2026"), a date range
("01/01/2026-30/06/2026") and an agency ("Sở Y tế", resolved by the registry as elsewhere), in
any order after the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.channels.base import Outgoing
from bot.periods.cadence import period_label
from bot.periods.store import plan_periods
from bot.reports.selection import Selection, lead_agencies, take_range
from bot.services import tasks
from bot.services.agency_lookup import agency_among
from bot.text import clean, fold
from handlers.context import Context

_WORD = re.compile(r'"([^"]*)"|“([^”]*)”|(\S+)')
_LOOKS_LIKE_A_PLAN = re.compile(r"^\d+/[^\W\d_]")  # "457/KH-UBND", never a date


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int  # where it begins and ends in the arguments, quotes included
    end: int
    quoted: bool


def words(args: str) -> list[Word]:
    found = []
    for match in _WORD.finditer(args):
        quoted = match.group(3) is None
        text = match.group(1) if match.group(1) is not None else match.group(2) or match.group(3)
        found.append(Word(clean(text), match.start(), match.end(), quoted))
    return found


def _key(text: str) -> str:
    return fold(text).replace(" ", "")


def _names_plan(plan: tasks.PlanView, text: str, alone: bool) -> bool:
    key = _key(text)
    if not key:
        return False
    if key in (_key(plan.number), _key(plan.title or "")):
        return True
    return alone and key == _key(plan.number.split("/")[0])  # "457" for 457/KH-UBND


def match_plan(
    plans: list[tasks.PlanView], args: str
) -> tuple[tasks.PlanView, str] | tuple[None, str]:
    """(the plan the arguments begin with, the rest as typed); the longest naming wins, so
    "1600-QNam (mẫu) Năm 2026" finds a plan numbered "1600-QNam (mẫu)"."""
    found = words(args)
    for count in range(len(found), 0, -1):
        head = " ".join(word.text for word in found[:count])
        for plan in plans:
            if _names_plan(plan, head, count == 1):
                return plan, args[found[count - 1].end :].strip()
    return None, args.strip()


def unknown_plan(args: str) -> str | None:
    """The first word when it can only be meant as a plan number (457/KH-UBND), else None."""
    found = words(args)
    if found and not found[0].quoted and _LOOKS_LIKE_A_PLAN.match(found[0].text):
        return found[0].text
    return None


@dataclass(frozen=True, slots=True)
class ReportRequest:
    period: str | None
    selection: Selection | None


def _span(found: list[Word], labels: dict[str, str]) -> tuple[str, int, int] | None:
    """(the period label, first and last+1 word) of the longest run of words naming one."""
    for size in range(len(found), 0, -1):
        for first in range(len(found) - size + 1):
            text = fold(" ".join(word.text for word in found[first : first + size]))
            if text in labels:
                return labels[text], first, first + size
    return None


async def read_report(
    ctx: Context, plan: tasks.PlanView, rest: str
) -> ReportRequest | list[Outgoing]:
    """The period, date range and agency a /report names after its plan, or the message saying
    which of them was not found, with the choices."""
    try:
        dates, rest = take_range(clean(rest))
    except ValueError as problem:
        return [ctx.say("report-range-invalid", range=str(problem))]
    found = words(rest)
    periods = [period.label for period in await plan_periods(ctx.session, plan.id)]
    labels = {fold(label): label for label in periods}
    labels |= {fold(period_label(label, ctx.locale)): label for label in periods}
    period = None
    if (span := _span(found, labels)) is not None:
        period, first, last = span
        found = found[:first] + found[last:]
    name = " ".join(word.text for word in found)
    agency: tuple[int, str] | None = None
    if name:
        leads = await lead_agencies(ctx.session, plan.id)
        agency = await agency_among(ctx.session, leads, name)
        if agency is None:
            return [_not_found(ctx, plan, name, periods, leads, period)]
    return ReportRequest(period, Selection.of(dates, agency))


def _not_found(
    ctx: Context,
    plan: tasks.PlanView,
    name: str,
    periods: list[str],
    leads: dict[int, str],
    period: str | None,
) -> Outgoing:
    agencies = ", ".join(leads.values()) or "-"
    if period is not None:  # the period was found: what is left must be an agency
        return ctx.say("report-agency-unknown", name=name, plan=plan.number, agencies=agencies)
    known = ", ".join(ctx.period(label) for label in periods) or "-"
    return ctx.say("report-unknown", name=name, plan=plan.number, periods=known, agencies=agencies)
