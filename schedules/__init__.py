"""Reporting rules and periods, the Vietnamese calendar, reminder planning, the outbox sender and
the APScheduler wiring that wakes them."""
