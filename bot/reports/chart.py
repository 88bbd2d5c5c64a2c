"""The PNG chart sent with summaries and reports: progress by agency, reported vs not reported.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display, no global state), so it
is safe in threads; callers draw in a worker (`asyncio.to_thread`) so the event loop keeps
answering. matplotlib (and numpy under it, ~66 MB) is imported on the first drawing, not when the
bot starts: most runs never draw a chart.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import date

from bot.i18n import format_date, t
from bot.reports.figures import AgencyFigures
from bot.text import shorten

LABEL_CHARS = 38
CAPTION_CHARS = 160  # a caption line at 7.5 pt across the 11-inch figure


def _plain(text: str) -> str:
    """Text shown as written: matplotlib would read "$…$" as math."""
    return text.replace("$", r"\$")


def _label(name: str) -> str:
    return _plain(shorten(name, LABEL_CHARS))


def chart_caption(locale: str, as_of: date) -> str:
    """What the chart counts: one report per task and lead agency, missing ones as not reported,
    and unreported tasks as 0 % in the average progress."""
    return t(locale, "reports-chart-caption", date=format_date(as_of, locale))


def progress_chart(
    agencies: Sequence[AgencyFigures], *, title: str, locale: str, as_of: date
) -> bytes:
    """A PNG: per agency, its average progress (left) and reports received vs missing (right),
    with a caption saying how they are counted (also the PNG's Description, for screen readers
    and tests). CPU-bound and slow to import the first time: call it in a worker thread."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # heavy: loaded when first drawn
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = list(reversed(agencies))  # matplotlib draws the first bar at the bottom
    names = [_label(item.agency.label) for item in rows] or [t(locale, "reports-chart-none")]
    positions = list(range(len(names)))
    caption = chart_caption(locale, as_of)
    caption_lines = textwrap.wrap(caption, CAPTION_CHARS)
    caption_height = 0.14 * len(caption_lines) + 0.1  # inches
    height = max(3.0, 0.24 * len(names) + 1.4) + caption_height
    figure = Figure(figsize=(11, height), dpi=90)
    FigureCanvasAgg(figure)
    progress_axes, reported_axes = figure.subplots(1, 2, sharey=True)

    progress = [item.average_progress for item in rows] or [0]
    progress_axes.barh(positions, progress, color="#2e7d32")
    progress_axes.set_xlim(0, 100)
    progress_axes.set_ylim(-0.6, len(names) - 0.4)
    progress_axes.set_yticks(positions, names, fontsize=8)
    # y given: the titles stay where they are drawn by default (no x axis at the top to clear),
    # without matplotlib measuring the axes' tick labels to check that on every drawing
    progress_axes.set_title(t(locale, "reports-chart-progress"), fontsize=10, y=1.0)
    progress_axes.grid(axis="x", alpha=0.3)

    received = [item.received for item in rows] or [0]
    missing = [item.expected - item.received for item in rows] or [0]
    reported_axes.barh(
        positions, received, color="#1565c0", label=t(locale, "reports-chart-reported")
    )
    reported_axes.barh(
        positions,
        missing,
        left=received,
        color="#bdbdbd",
        label=t(locale, "reports-chart-not-reported"),
    )
    reported_axes.set_title(t(locale, "reports-chart-reports"), fontsize=10, y=1.0)
    reported_axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.legend(
        loc="lower right",
        bbox_to_anchor=(0.98, caption_height / height),
        ncols=2,
        fontsize=8,
        frameon=False,
    )
    figure.text(
        0.01, 0.05 / height, _plain("\n".join(caption_lines)), fontsize=7.5, color="#424242"
    )
    reported_axes.grid(axis="x", alpha=0.3)

    figure.suptitle(_plain(title), fontsize=11)
    # fixed margins (in inches, for the agency names and titles): tight_layout would draw twice
    figure.subplots_adjust(
        left=0.27,
        right=0.98,
        top=1 - 0.85 / height,
        bottom=(0.75 + caption_height) / height,
        wspace=0.06,
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Title": title, "Description": caption})
    return buffer.getvalue()
