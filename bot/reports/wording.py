"""Small pieces of report text shared by the chat summaries and the documents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import TypeVar

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.i18n import format_date, format_number, format_percent, normalise_locale, t
from bot.periods.cadence import period_label
from bot.periods.wording import due_text
from bot.reports.figures import NO_REPORT, Outcome
from bot.text import shorten

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
T = TypeVar("T")


@cache
def status_label(locale: str, status: str | None) -> str:
    return t(locale, f"reports-status-{(status or NO_REPORT).replace('_', '-')}")


@cache
def outcome_label(locale: str, outcome: Outcome) -> str:
    return t(locale, f"reports-outcome-{outcome.value.replace('_', '-')}")


@cache
def number_text(value: int, locale: str) -> str:
    """1234 → "1.234" (cached: summaries print the same small counts hundreds of times, and
    Babel's formatting is the slowest part of rendering them)."""
    return format_number(value, locale)


def percent_text(value: float | None, locale: str) -> str:
    """0.875 → "87,5%"; None (nothing expected) → "-"."""
    return "-" if value is None else format_percent(value, locale)


@cache
def date_text(value: date | None, locale: str) -> str:
    """dd/mm/yyyy, cached: a big report formats the same few hundred days thousands of times."""
    return "" if value is None else format_date(value, locale)


@cache
def deadline_text(locale: str, value: date | None) -> str:
    """ "hạn 30/09/2025" (cached: long overdue lists repeat the same few deadlines)."""
    return t(locale, "reports-deadline", date=date_text(value, locale))


def brief(text: str | None, limit: int = 120) -> str:
    """One line of at most `limit` characters, cut at a word with "…"."""
    return shorten(text or "", limit, at_word=True)


def shown(items: Sequence[T], limit: int | None) -> Sequence[T]:
    """The first `limit` items (all when `limit` is None)."""
    return items if limit is None else items[:limit]


def hidden(items: Sequence[T], limit: int | None) -> int:
    """How many items `shown` leaves out."""
    return 0 if limit is None else max(0, len(items) - limit)


@cache
def text_environment(locale: str) -> Environment:
    """Jinja2 for plain-text chat messages, with the locale's `t`, number and date filters."""
    loc = normalise_locale(locale)
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals["t"] = lambda message_id, **args: t(loc, message_id, **args)
    env.filters["number"] = lambda value: number_text(value, loc)
    env.filters["pct"] = lambda value: percent_text(value, loc)
    env.filters["day"] = lambda value: date_text(value, loc)
    env.filters["brief"] = brief
    env.filters["status"] = lambda value: status_label(loc, value)
    env.filters["deadline"] = lambda value: deadline_text(loc, value)
    env.filters["due_day"] = lambda value: due_text(value, loc, inline=True)
    env.filters["period"] = lambda label: period_label(label, loc)
    env.filters["shown"] = shown
    env.filters["hidden"] = hidden
    return env
