"""The chart and document libraries load with the first chart or report, not when the bot starts:
a fresh interpreter that imports the runtime has none of them, and drawing a chart loads them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("matplotlib", "docx", "docxtpl")


def _loaded_after(code: str) -> set[str]:
    probe = code + f"\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(done.stdout.split())


def test_starting_the_bot_loads_no_chart_or_document_library() -> None:
    assert _loaded_after("import bot.runtime, bot.reports") == set()


def test_drawing_a_chart_loads_matplotlib() -> None:
    loaded = _loaded_after(
        "from bot.reports.chart import progress_chart\n"
        "from datetime import date\n"
        "png = progress_chart([], title='t', locale='vi', as_of=date(2026, 1, 20))\n"
        "assert png.startswith(b'\\x89PNG')"
    )
    assert "matplotlib" in loaded
