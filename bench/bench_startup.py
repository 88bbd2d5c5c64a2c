"""Start-up benchmark: how long `dondoc` takes before it is useful, and what it holds at rest.

Each figure is the median of N runs of a fresh process (wall time from spawn, the child's CPU
time, peak RSS), against its ceiling measured in the same run:

    dondoc --help, dondoc <cmd> --help     ≤ 3 × python -c "import typer, rich, pydantic"
    dondoc import SAMPLE --dry-run         ≤ 3 × python -c "import openpyxl" (the sample appendix)
    dondoc run, console, to first prompt   ≤ 1 s (a fresh database: migrate and load the demo plan
                                           first; then a second run on the same database)
    dondoc run, idle RSS                   ≤ 100 MB (the second run, a moment after the prompt once
                                           the dashboard, which starts after it, answers)

The runs are interleaved (ceiling, figures, ceiling, …) so that a busy moment on this shared
machine weighs on both sides of a ratio; the CPU ratio is printed beside the wall one, as it
swings less. The benchmark itself imports nothing of dondoc.

dondoc's own modules are compiled to bytecode first, as installing it does (pip compiles a
wheel's modules; the ceilings' libraries are installed so): an editable install run with
PYTHONDONTWRITEBYTECODE set, as on this machine, would otherwise compile its hundred-odd
modules again in every process, a fifth of a dry run's time that no installed dondoc spends.

References (not targets) are printed under their ceiling: a one-command Typer app's `--help`
(what Typer 0.29 itself costs), and importing the libraries a dry run cannot do without (Typer
and Rich, SQLAlchemy's asyncio ORM and aiosqlite, pydantic-settings, Fluent's parser: the dry
run's floor; it needs neither Fluent's runtime nor Babel for its messages and counts).

    .venv/bin/python bench/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "quangnam-kh1600-phuluc.xlsx"
PROMPT = "/quit"  # the console's welcome names /quit: the first line that waits for input
ADDRESS = re.compile(r"http://[\w.:\[\]-]+")  # the dashboard's, printed before the prompt
IDLE_SECONDS = 2.0
MB = 1024 * 1024
# References, not targets (see the docstring): a one-command Typer app's `--help` (Typer 0.29
# builds a pydantic adapter per option), and the libraries a dry run cannot do without.
BARE_TYPER = """
import typer
app = typer.Typer(rich_markup_mode="rich", add_completion=False)
@app.command("one")
def one(plan: str = typer.Option("", help="A plan."), yes: bool = typer.Option(False)) -> None:
    pass
@app.command("two")
def two() -> None:
    pass
app()
"""
DRY_RUN_LIBRARIES = (
    "import typer, rich.console, sqlalchemy.ext.asyncio, aiosqlite, pydantic_settings,"
    " fluent.syntax"
)
PACKAGES = ("bot", "handlers", "schedules")  # dondoc's own, compiled before the runs


@dataclass
class Sample:
    seconds: float  # wall clock
    cpu: float  # the child's user + system time
    peak_bytes: int
    idle_bytes: int = 0


def compile_dondoc() -> None:
    """Write the bytecode of dondoc's modules (see the docstring)."""
    folders = [str(ROOT / package) for package in PACKAGES]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True)


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
    return Sample(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def _status_bytes(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def wait_for_dashboard(address: str | None) -> None:
    """Until the dashboard answers (any HTTP status): it starts after the prompt, and the idle RSS
    is the whole bot's."""
    if address is None:
        return
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
    for _ in range(600):
        try:
            with direct.open(address + "/", timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the dashboard at {address} never answered")


def run_console(env: dict[str, str], cwd: Path) -> Sample:
    """`dondoc run` without a token: time until the welcome prompt, RSS after the dashboard
    answers and a moment of idling at the prompt, then end of input ends it."""
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
    address = None
    for line in process.stdout:
        found = ADDRESS.search(line)
        address = found.group(0) if found else address
        if PROMPT in line:
            break
    else:
        raise SystemExit(f"dondoc run ended before its prompt ({process.wait()})")
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds(process.pid)
    wait_for_dashboard(address)
    time.sleep(IDLE_SECONDS)
    idle, peak = _status_bytes(process.pid, "VmRSS"), _status_bytes(process.pid, "VmHWM")
    process.stdin.close()
    process.stdout.read()
    process.wait(timeout=60)
    return Sample(seconds, cpu, peak, idle)


def median(samples: list[Sample], value: Callable[[Sample], float]) -> float:
    return statistics.median(value(sample) for sample in samples)


def show_ceiling(name: str, samples: list[Sample]) -> None:
    wall, cpu = median(samples, lambda s: s.seconds), median(samples, lambda s: s.cpu)
    peak = median(samples, lambda s: s.peak_bytes) / MB
    print(f"{name:<44} {wall:6.3f} s  cpu {cpu:6.3f} s  peak {peak:4.0f} MB   (ceiling)")


def show_reference(name: str, samples: list[Sample], ceiling: list[Sample]) -> None:
    wall, cpu = median(samples, lambda s: s.seconds), median(samples, lambda s: s.cpu)
    ratio = wall / median(ceiling, lambda s: s.seconds)
    cpu_ratio = cpu / median(ceiling, lambda s: s.cpu)
    print(
        f"  reference: {name:<32} {wall:6.3f} s  cpu {cpu:6.3f} s  "
        f"ratio {ratio:4.2f} (cpu {cpu_ratio:4.2f})"
    )


def show_ratio(name: str, samples: list[Sample], ceiling: list[Sample]) -> None:
    """Wall and CPU time against the ceiling's; the target (≤ 3×) is met when the wall ratio
    is, and the CPU ratio tells a busy moment from a slow program."""
    wall, cpu = median(samples, lambda s: s.seconds), median(samples, lambda s: s.cpu)
    base_wall, base_cpu = median(ceiling, lambda s: s.seconds), median(ceiling, lambda s: s.cpu)
    peak = median(samples, lambda s: s.peak_bytes) / MB
    ratio, cpu_ratio = wall / base_wall, cpu / base_cpu
    print(
        f"{name:<44} {wall:6.3f} s  cpu {cpu:6.3f} s  peak {peak:4.0f} MB   "
        f"ratio {ratio:4.2f} (cpu {cpu_ratio:4.2f})  target ≤ 3 [{verdict(ratio <= 3)}]"
    )


def show_run(name: str, samples: list[Sample]) -> None:
    wall, cpu = median(samples, lambda s: s.seconds), median(samples, lambda s: s.cpu)
    idle = median(samples, lambda s: s.idle_bytes) / MB
    print(
        f"{name:<44} {wall:6.3f} s  cpu {cpu:6.3f} s  idle {idle:4.0f} MB   "
        f"target ≤ 1 s [{verdict(wall <= 1)}], ≤ 100 MB [{verdict(idle <= 100)}]"
    )


def verdict(met: bool) -> str:
    return "ok" if met else "OVER"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="dondoc-startup-"))
    cli_ceiling = [sys.executable, "-c", "import typer, rich, pydantic"]
    xlsx_ceiling = [sys.executable, "-c", "import openpyxl"]
    helps = {
        f"dondoc {' '.join(args)} --help".replace("  ", " "): [*dondoc(), *args, "--help"]
        for args in ((), ("import",), ("report",), ("invite",), ("db", "upgrade"))
    }
    dry_run = [*dondoc(), "import", str(SAMPLE), "--dry-run"]
    samples: dict[str, list[Sample]] = {}

    def take(name: str, sample: Sample) -> None:
        samples.setdefault(name, []).append(sample)

    compile_dondoc()
    try:
        env = environment(folder)
        run_once([*dondoc(), "db", "upgrade"], env, folder)  # the dry runs' database, made once
        for number in range(runs):
            take("cli", run_once(cli_ceiling, env, folder))
            take(
                "bare typer",
                run_once([sys.executable, "-c", BARE_TYPER, "one", "--help"], env, folder),
            )
            for name, command in helps.items():
                take(name, run_once(command, env, folder))
            take("xlsx", run_once(xlsx_ceiling, env, folder))
            take("dry libraries", run_once([sys.executable, "-c", DRY_RUN_LIBRARIES], env, folder))
            take("dry run", run_once(dry_run, env, folder))
            fresh = folder / f"run-{number}"
            fresh.mkdir()
            take("run fresh", run_console(environment(fresh), fresh))
            take("run again", run_console(environment(fresh), fresh))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"medians of {runs} runs; {sys.executable}")
    show_ceiling('python -c "import typer, rich, pydantic"', samples["cli"])
    for name in helps:
        show_ratio(name, samples[name], samples["cli"])
    show_reference("a bare Typer app's one --help", samples["bare typer"], samples["cli"])
    show_ceiling('python -c "import openpyxl"', samples["xlsx"])
    show_ratio(f"dondoc import {SAMPLE.name} --dry-run", samples["dry run"], samples["xlsx"])
    show_reference("importing the dry run's libraries", samples["dry libraries"], samples["xlsx"])
    show_run("dondoc run to first prompt, new database", samples["run fresh"])
    show_run("dondoc run to first prompt, same database", samples["run again"])


if __name__ == "__main__":
    main()
