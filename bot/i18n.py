"""Every string a person sees comes from the Fluent files in `bot/locales/<locale>/*.ftl`.

Vietnamese is the default and the fallback; English is second. Each area of the product keeps its
own `.ftl` file (core, chat, import, reminders, reports, …); all files of a locale are loaded.
Numbers and dates are formatted the locale's way: 1.234.567 and 22/11/2026 in Vietnamese.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Fluent and Babel are imported when the first text or number is formatted: `dondoc --help`
# imports this module for its commands and needs neither.
if TYPE_CHECKING:
    from fluent.runtime import FluentLocalization

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LOCALE = "vi"
LOCALES = ("vi", "en")


def normalise_locale(locale: str | None) -> str:
    """A supported locale for whatever the platform or the person said ("en-US" → "en")."""
    short = (locale or DEFAULT_LOCALE).split("-")[0].split("_")[0].lower()
    return short if short in LOCALES else DEFAULT_LOCALE


@cache
def _localization(locale: str) -> FluentLocalization:
    from fluent.runtime import FluentLocalization, FluentResourceLoader

    resources = sorted(path.name for path in (LOCALES_DIR / DEFAULT_LOCALE).glob("*.ftl"))
    fallbacks = [locale] if locale == DEFAULT_LOCALE else [locale, DEFAULT_LOCALE]
    loader = FluentResourceLoader(str(LOCALES_DIR / "{locale}"))
    return FluentLocalization(fallbacks, resources, loader, use_isolating=False)


def t(locale: str | None, message_id: str, **args: Any) -> str:
    """The message `message_id` in `locale`, with `args` filled in.

    Ints and floats are pre-formatted as text in the locale's style, because Fluent's own
    NUMBER() formatting ignores Vietnamese grouping in some versions; dates likewise.
    """
    loc = normalise_locale(locale)
    formatted = {key: _format_arg(value, loc) for key, value in args.items()}
    return _localization(loc).format_value(message_id, formatted)


def _format_arg(value: Any, locale: str) -> Any:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value, locale)
    if isinstance(value, datetime | date):
        return format_date(value, locale)
    return value


def format_number(value: float, locale: str | None = DEFAULT_LOCALE, digits: int = 1) -> str:
    """1234567 → "1.234.567" (vi) or "1,234,567" (en); floats keep up to `digits` decimals."""
    from babel.numbers import format_decimal

    pattern = "#,##0" if isinstance(value, int) else "#,##0." + "#" * digits
    return format_decimal(value, format=pattern, locale=normalise_locale(locale))


def format_percent(value: float, locale: str | None = DEFAULT_LOCALE) -> str:
    """0.875 → "87,5%" (vi) or "87.5%" (en)."""
    return format_number(round(value * 100, 1), locale) + "%"


def format_date(value: date | datetime, locale: str | None = DEFAULT_LOCALE) -> str:
    """dd/mm/yyyy in both locales (the Vietnamese administrative style; English users of a
    Vietnamese plan read the same dates)."""
    from babel.dates import format_date as babel_format_date

    day = value.date() if isinstance(value, datetime) else value
    return babel_format_date(day, format="dd/MM/yyyy", locale=normalise_locale(locale))


def format_datetime(value: datetime, tz: Any, locale: str | None = DEFAULT_LOCALE) -> str:
    """An instant in local time: "08:00 22/11/2026"."""
    local = value.astimezone(tz)
    return f"{local:%H:%M} {format_date(local, locale)}"
