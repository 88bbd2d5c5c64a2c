"""The application's clock.

Services ask the clock, not `datetime.now`, for the time, so that the console demo can move time
forward ("/clock +7d") and see reminders fire. Tests freeze it with time-machine, which this honours
because the clock reads `datetime.now` underneath.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo


class Clock:
    def __init__(self, tz: str = "Asia/Ho_Chi_Minh") -> None:
        self.tz = ZoneInfo(tz)
        self.offset = timedelta(0)

    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""
        return datetime.now(UTC) + self.offset

    def local_now(self) -> datetime:
        """The current instant in the plan's local time zone (Asia/Ho_Chi_Minh by default)."""
        return self.now().astimezone(self.tz)

    def today(self) -> date:
        """Today's date in local time."""
        return self.local_now().date()

    def advance(self, delta: timedelta) -> None:
        """Move the (demo) clock forward or back."""
        self.offset += delta

    def reset(self) -> None:
        self.offset = timedelta(0)
