"""Parsing hostile text: time to read and parse files built to make backtracking regexes blow up.

For each input the time at two sizes (n and 4n) and their ratio: about 4 means linear, 16
quadratic. The first is the issue's TXT plan ("Sở Y tế chủ trì thực hiện việc số {i}", which
took about 170 s at 1,000 lines before the patterns were made linear); the others stress one
pattern each. Medians over three runs.

    .venv/bin/python bench/bench_parsing.py [--lines 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from collections.abc import Callable

from bot.importing.document import parse_document
from bot.importing.errors import ImportFailed
from bot.importing.facts import read_facts
from bot.importing.readers import read_document
from bot.importing.splitter import split_agencies
from bot.importing.timeframes import parse_timeframe


def _txt_plan(n: int) -> None:
    data = "\n".join(f"Sở Y tế chủ trì thực hiện việc số {i}" for i in range(n)).encode()
    document = read_document(data, "plan.txt", max_bytes=1 << 30, max_rows=1 << 30)
    with contextlib.suppress(ImportFailed):  # no task in it: the answer is the refusal
        parse_document(document, 1 << 30)


CASES: dict[str, Callable[[int], object]] = {
    "txt plan, lines": _txt_plan,
    "attached clause without ')', repeats": lambda n: read_facts(["(Kèm theo Kế hoạch " * n]),
    "line breaks in a paragraph, x40": lambda n: read_facts(["x" + "\n" * (40 * n) + "x"]),
    "agency cell, whitespace run x20": lambda n: split_agencies(
        "Sở A" + "\u2028" * (20 * n) + "x", lambda name: False
    ),
    "timeframe, line breaks": lambda n: parse_timeframe.__wrapped__("quy 1" + "\n" * n + "x"),
}


def _time(case: Callable[[int], object], n: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        case(n)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    n = options.lines
    print(f"{'input':42} {'n=' + str(n):>10} {'n=' + str(4 * n):>10} {'ratio':>6}")
    for name, case in CASES.items():
        small, large = _time(case, n, options.runs), _time(case, 4 * n, options.runs)
        print(f"{name:42} {small:9.3f}s {large:9.3f}s {large / max(small, 1e-9):6.1f}")


if __name__ == "__main__":
    main()
