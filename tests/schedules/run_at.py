"""`dondoc …` as a process started at a given instant, its clock ticking on from there:

    python -m tests.schedules.run_at 2027-01-08T02:00:00+00:00 run

The multi-process tests run the real `dondoc run` this way so that reminders and the weekly
summary are due whatever day the suite runs on.
"""

from __future__ import annotations

import sys
from datetime import datetime

import time_machine

from bot.cli import main

if __name__ == "__main__":
    start = datetime.fromisoformat(sys.argv.pop(1))
    with time_machine.travel(start, tick=True):
        main()
