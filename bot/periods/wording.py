"""A deadline as the people chasing it read it: the plan's own date ("trước ngày 15/01"), and,
when that falls on a day off, the working day it runs to (Civil Code art. 148,
`deadline_runs_to`), from which the days late are counted. Naming both keeps "quá hạn 1 ngày"
on Tuesday 18/01/2028 true for a deadline of Saturday 15/01/2028."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_date as babel_format_date

from bot.i18n import format_date, normalise_locale, t
from bot.periods.calendar import deadline_runs_to


@lru_cache(maxsize=1024)
def weekday(day: date, locale: str) -> str:
    """ "Thứ Hai" / "Monday" (Babel's CLDR names)."""
    return str(babel_format_date(day, "EEEE", locale=normalise_locale(locale)))


@lru_cache(maxsize=4096)
def due_text(due: date, locale: str, *, inline: bool = False) -> str:
    """ "15/01/2027", or for a deadline on a day off "15/01/2028 (lùi đến Thứ Hai, 17/01/2028)";
    `inline` for text already in parentheses: "15/01/2028, lùi đến Thứ Hai 17/01/2028"."""
    runs_to = deadline_runs_to(due)
    shown = format_date(due, locale)
    if runs_to == due:
        return shown
    message = "deadline-moved-inline" if inline else "deadline-moved"
    return t(locale, message, due=shown, weekday=weekday(runs_to, locale), runs_to=runs_to)
