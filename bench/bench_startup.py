"""Start-up benchmark: how long `dondoc` takes before it is useful, and what it holds at rest.

Each figure is the median of N runs of a fresh process (wall time from spawn, peak RSS), against
its ceiling measured in the same run:

    dondoc --help, dondoc <cmd> --help     ≤ 3 × python -c "import typer, rich, pydantic"
    dondoc import --dry-run (31 tasks)     ≤ 3 × python -c "import openpyxl"
    dondoc run, console, to first prompt   ≤ 1 s (a fresh database: migrate and load the demo plan
                                           first; then a second run on the same database)
    dondoc run, idle RSS                   ≤ 100 MB (the second run, a moment after the prompt)

The runs are interleaved (ceiling, figure, ceiling, …) so that a busy moment on this shared
machine weighs on both sides of a ratio. The benchmark itself imports nothing of dondoc.

    .venv/bin/python bench/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "quangnam-kh1600-phuluc.xlsx"
PROMPT = "/quit"  # the console's welcome names /quit: the first line that waits for input
IDLE_SECONDS = 2.0
MB = 1024 * 1024


@dataclass
class Sample:
    seconds: float
    peak_bytes: int
    idle_bytes: int = 0


def dondoc() -> list[str]:
    """The installed console script beside this interpreter, else `python -m bot`."""
    script = Path(sys.executable).with_name("dondoc")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{folder / 'dondoc.db'}",
        FILES_DIR=str(folder / "files"),
        WEB_PORT="0",
    )
    return env


def run_once(command: list[str], env: dict[str, str], cwd: Path) -> Sample:
    """Run to the end; peak RSS from the child's own rusage."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {error}")
    if process.stderr:
        process.stderr.close()
    return Sample(seconds, usage.ru_maxrss * 1024)


def _status_bytes(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def run_console(env: dict[str, str], cwd: Path) -> Sample:
    """`dondoc run` without a token: time until the welcome prompt, RSS after a moment of idling
    at the prompt, then end of input ends it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*dondoc(), "run"],
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    for line in process.stdout:
        if PROMPT in line:
            break
    else:
        raise SystemExit(f"dondoc run ended before its prompt ({process.wait()})")
    seconds = time.perf_counter() - started
    time.sleep(IDLE_SECONDS)
    idle, peak = _status_bytes(process.pid, "VmRSS"), _status_bytes(process.pid, "VmHWM")
    process.stdin.close()
    process.stdout.read()
    process.wait(timeout=60)
    return Sample(seconds, peak, idle)


def median(samples: list[Sample], value: Callable[[Sample], float]) -> float:
    return statistics.median(value(sample) for sample in samples)


def show(name: str, figure: list[Sample], ceiling: list[Sample] | None, target: str) -> None:
    seconds = median(figure, lambda s: s.seconds)
    peak = median(figure, lambda s: s.peak_bytes) / MB
    if ceiling is None:
        print(f"{name:<46} {seconds:6.3f} s  peak {peak:5.0f} MB  target {target}")
        return
    base = median(ceiling, lambda s: s.seconds)
    ratio = seconds / base
    verdict = "ok" if ratio <= 3 else "OVER"
    print(
        f"{name:<46} {seconds:6.3f} s  ceiling {base:6.3f} s  ratio {ratio:4.2f}  "
        f"peak {peak:5.0f} MB  target {target} [{verdict}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="dondoc-startup-"))
    try:
        env = environment(folder)
        cli_ceiling = [sys.executable, "-c", "import typer, rich, pydantic"]
        xlsx_ceiling = [sys.executable, "-c", "import openpyxl"]
        helps = {
            "dondoc --help": [*dondoc(), "--help"],
            "dondoc import --help": [*dondoc(), "import", "--help"],
            "dondoc report --help": [*dondoc(), "report", "--help"],
            "dondoc invite --help": [*dondoc(), "invite", "--help"],
            "dondoc db upgrade --help": [*dondoc(), "db", "upgrade", "--help"],
        }
        dry_run = [*dondoc(), "import", str(SAMPLE), "--dry-run"]
        run_once([*dondoc(), "db", "upgrade"], env, folder)  # the dry run's database, migrated once
        samples: dict[str, list[Sample]] = {}

        def take(name: str, sample: Sample) -> None:
            samples.setdefault(name, []).append(sample)

        for _ in range(runs):
            take("cli ceiling", run_once(cli_ceiling, env, folder))
            for name, command in helps.items():
                take(name, run_once(command, env, folder))
            take("xlsx ceiling", run_once(xlsx_ceiling, env, folder))
            take("dry run", run_once(dry_run, env, folder))
            fresh = folder / f"run-{len(samples.get('run fresh', []))}"
            fresh.mkdir()
            take("run fresh", run_console(environment(fresh), fresh))
            take("run again", run_console(environment(fresh), fresh))
        print(f"medians of {runs} runs, {sys.executable}")
        show('python -c "import typer, rich, pydantic"', samples["cli ceiling"], None, "ceiling")
        for name in helps:
            show(name, samples[name], samples["cli ceiling"], "≤ 3×")
        show('python -c "import openpyxl"', samples["xlsx ceiling"], None, "ceiling")
        dry = "dondoc import --dry-run (31 tasks)"
        show(dry, samples["dry run"], samples["xlsx ceiling"], "≤ 3×")
        for key, label in (("run fresh", "fresh database"), ("run again", "same database")):
            runs_of = samples[key]
            prompt = median(runs_of, lambda s: s.seconds)
            idle = median(runs_of, lambda s: s.idle_bytes) / MB
            peak = median(runs_of, lambda s: s.peak_bytes) / MB
            print(
                f"{'dondoc run to first prompt, ' + label:<46} {prompt:6.3f} s  target ≤ 1 s "
                f"[{'ok' if prompt <= 1 else 'OVER'}]   idle RSS {idle:5.0f} MB (peak {peak:.0f}) "
                f"target ≤ 100 MB [{'ok' if idle <= 100 else 'OVER'}]"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
