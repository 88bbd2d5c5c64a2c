"""Reading a task's "Thời gian thực hiện" into a kind and dates, keeping the raw text.

"Hàng năm" → yearly; "Thường xuyên" → ongoing; "2022-2030", "Năm 2022-2030", "Giai đoạn
2022 - 2030" → a range of years; "Hàng năm và giai đoạn" → yearly and phase; "Quý II/2025" → a
quarter; "Tháng 12/2024" → a month; "Năm 2025" → a year; "trước ngày 30/6/2025" → a deadline;
"Trình UBND tỉnh ban hành sau khi …; thực hiện hàng năm" → conditional. Anything else is kept raw
as "other": a timeframe is never invented.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot.db.models import TimeframeKind
from bot.text import clean, fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d\d)"
_RANGE = re.compile(rf"{_YEAR}\s*(?:-|–|—|đến|den|toi|/)\s*(?:nam\s+)?{_YEAR}")
# "quy II/2025", "quy 2 nam 2025": one quantifier per run of spaces (adjacent ones backtrack
# cubically over a run of newlines).
_QUARTER = re.compile(rf"\bquy\s+(iv|i{{1,3}}|[1-4])(?:\s*[/.-]\s*|\s+(?:nam\s+)?){_YEAR}")
_MONTH = re.compile(rf"\bthang\s+(\d{{1,2}})(?:\s*[/.-]\s*|\s+(?:nam\s+)?){_YEAR}")
_DATE_NUMERIC = re.compile(rf"\b(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*{_YEAR}")
_DATE_WORDS = re.compile(rf"\bngay\s+(\d{{1,2}})\s+thang\s+(\d{{1,2}})\s+nam\s+{_YEAR}")
_YEAR_ONLY = re.compile(rf"^(?:trong\s+|ca\s+)?(?:nam\s+)?{_YEAR}\.?$")
_CONDITIONAL = re.compile(r"\bsau khi\b|\bkhi co\b|\bneu\b|\bsau\s+(?:\S+\s+){0,3}duoc\b")


@dataclass(frozen=True)
class Timeframe:
    raw: str | None
    kind: TimeframeKind
    start: date | None = None
    end: date | None = None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _deadline(text: str) -> date | None:
    for pattern in (_DATE_NUMERIC, _DATE_WORDS):
        match = pattern.search(text)
        if match:
            day, month, year = (int(group) for group in match.groups())
            return _safe_date(year, month, day)
    return None


def _years(text: str) -> tuple[date | None, date | None]:
    match = _RANGE.search(text)
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        if first <= last:
            return date(first, 1, 1), date(last, 12, 31)
    return None, None


@lru_cache(maxsize=4096)  # a plan repeats a handful of timeframes over thousands of rows
def parse_timeframe(raw: str | None) -> Timeframe:
    """The timeframe a cell or a prose line gives; `raw` is kept (cleaned) whatever it says."""
    text = clean(raw)
    if not text or text.strip("-–— .") == "":
        return Timeframe(None, TimeframeKind.EMPTY)
    key = fold(text)
    start, end = _years(key)
    yearly = "hang nam" in key or "moi nam" in key
    if _CONDITIONAL.search(key) or key.startswith("trinh "):
        return Timeframe(text, TimeframeKind.CONDITIONAL, start, end)
    if yearly and ("giai doan" in key or start is not None):
        return Timeframe(text, TimeframeKind.YEARLY_AND_PHASE, start, end)
    if yearly:
        return Timeframe(text, TimeframeKind.YEARLY)
    if "thuong xuyen" in key or "lien tuc" in key:
        return Timeframe(text, TimeframeKind.ONGOING, start, end)
    quarter = _QUARTER.search(key)
    if quarter:
        number = _ROMAN.get(quarter.group(1)) or int(quarter.group(1))
        year = int(quarter.group(2))
        return Timeframe(
            text,
            TimeframeKind.QUARTER,
            date(year, 3 * number - 2, 1),
            _month_end(year, 3 * number),
        )
    deadline = _deadline(key)
    if deadline is not None:
        return Timeframe(text, TimeframeKind.BEFORE_DATE, None, deadline)
    month = _MONTH.search(key)
    if month and 1 <= int(month.group(1)) <= 12:
        year, number = int(month.group(2)), int(month.group(1))
        return Timeframe(text, TimeframeKind.MONTH, date(year, number, 1), _month_end(year, number))
    if start is not None:
        return Timeframe(text, TimeframeKind.RANGE, start, end)
    single = _YEAR_ONLY.match(key)
    if single:
        year = int(single.group(1))
        return Timeframe(text, TimeframeKind.YEAR, date(year, 1, 1), date(year, 12, 31))
    return Timeframe(text, TimeframeKind.OTHER)
