"""Start-up stays lean: `dondoc --help` (and every command's) loads no heavy library, the console
bot loads no platform library nor Alembic (nor, on a new database, the document readers: a child
process parses the demo plan's files) and shows its prompt before the chat core and the web
server load, and the help shows flags as flags. (How fast is bench/bench_startup.py's business;
these only catch a heavy import coming back.)"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from bot.cli import app

HEAVY = {
    "telegram",  # python-telegram-bot: only when a Telegram channel runs
    "matplotlib",
    "numpy",
    "alembic",
    "mako",
    "docx",
    "docxtpl",
    "openpyxl",
    "xlsxwriter",
    "sqlalchemy",
    "aiohttp",
    "apscheduler",
    "jinja2",
    "pydantic_settings",
    "rapidfuzz",
    "holidays",
    "pydantic_core",  # Typer builds a pydantic adapter for a flag left None (bot/cli/common.py)
}
# `python -c RUNNER OUT RUNS`: runs `dondoc` once per argument list in RUNS (JSON), then writes
# the names of the loaded modules to the file OUT.
RUNNER = """
import json, sys
from pathlib import Path
out, runs = Path(sys.argv[1]), json.loads(sys.argv[2])
from bot.cli import main
for args in runs:
    sys.argv = ["dondoc", *args]
    try:
        main()
    except SystemExit:
        pass
out.write_text(json.dumps(sorted(sys.modules)))
"""


def _environment(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM", "ZALO"))}
    environment["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'dondoc.db'}"
    environment["FILES_DIR"] = str(tmp_path / "files")
    environment["WEB_PORT"] = "0"
    return environment


def _loaded(tmp_path: Path, runs: list[list[str]]) -> set[str]:
    """The modules a fresh interpreter has loaded after running `dondoc` once per entry of
    `runs` (with nothing on stdin: the console ends at once)."""
    out = tmp_path / f"modules-{len(list(tmp_path.glob('modules-*')))}.json"
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, str(out), json.dumps(runs)],
        cwd=tmp_path,
        env=_environment(tmp_path),
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(out.read_text()))


def _commands() -> list[list[str]]:
    """Every command and group of `dondoc`, as the words that name it."""
    found: list[list[str]] = []

    def walk(command: object, words: list[str]) -> None:
        found.append(words)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*words, name])

    walk(typer.main.get_command(app), [])
    return found


def test_help_of_every_command_loads_no_heavy_library(tmp_path: Path) -> None:
    commands = _commands()
    assert ["import"] in commands and ["db", "upgrade"] in commands and len(commands) > 20
    loaded = _loaded(tmp_path, [[*words, "--help"] for words in commands])
    assert "typer" in loaded and "bot.cli.imports" in loaded  # the runner did run them
    assert not {name for name in loaded if name.split(".")[0] in HEAVY}


@pytest.mark.slow
def test_a_console_run_on_a_current_database_loads_no_platform_nor_document_library(
    tmp_path: Path,
) -> None:
    # A new database: built from the models, and the demo plan's files parsed in a child process
    first = _loaded(tmp_path, [["run"]])
    assert "bot.importing.service" in first  # the demo plan was imported
    assert not {"alembic", "mako", "openpyxl", "docx", "numpy"} & first, sorted(first)
    again = _loaded(tmp_path, [["run"]])
    assert "bot.channels.console" in again and "bot.web.server" in again
    unwanted = {"telegram", "alembic", "mako", "bot.importing.service"}
    unwanted |= {"matplotlib", "docx", "docxtpl", "xlsxwriter"}  # loaded when a report is made
    unwanted |= {"bot.channels.telegram.channel", "bot.channels.zalo.channel"}
    assert not unwanted & again, sorted(unwanted & again)


# `python -c DRY_RUN OUT FILE`: `dondoc import FILE --dry-run`, then writes the names of the
# loaded modules and whether the ORM's mappers were configured to the file OUT.
DRY_RUN = """
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
sys.argv = ["dondoc", "import", sys.argv[2], "--dry-run"]
from bot.cli import main
try:
    main()
except SystemExit:
    pass
from bot.db.models import Agency
configured = Agency.__mapper__.configured
out.write_text(json.dumps({"modules": sorted(sys.modules), "configured": configured}))
"""


def test_a_dry_run_of_a_new_plan_loads_no_document_library_nor_configures_the_orm(
    tmp_path: Path,
) -> None:
    """The sample appendix previewed on a current database whose registry is loaded (the
    first dry run loads it): its XLSX is read without openpyxl, no migration runs, its messages
    (text and variables) are joined without Fluent's runtime, and the registry and plan
    look-ups read rows, not ORM entities (the first ORM statement of a process configures every
    mapper)."""
    sample = Path(__file__).parents[1] / "fixtures" / "samples" / "quangnam-kh1600-phuluc.xlsx"
    _loaded(tmp_path, [["db", "upgrade"]])
    out = tmp_path / "dry-run.json"
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", DRY_RUN, str(out), str(sample)],
            cwd=tmp_path,
            env=_environment(tmp_path),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "15 nhiệm vụ" in result.stdout  # the preview was printed: the sample's 15 tasks
    found = json.loads(out.read_text())
    loaded = set(found["modules"])
    assert "bot.importing.service" in loaded and "bot.importing.xlsx" in loaded
    unwanted = {"openpyxl", "docx", "lxml", "alembic", "mako", "numpy", "rapidfuzz", "aiohttp"}
    assert not {name for name in loaded if name.split(".")[0] in unwanted}
    assert "fluent.syntax" in loaded and "fluent.runtime" not in loaded  # text and variables
    assert "babel" not in loaded  # counts under a thousand only
    assert found["configured"] is False


# `python -c PROMPTED OUT`: runs `dondoc run` with an stdout that, when the console prints its
# welcome (which names /quit: the prompt), writes the names of the modules loaded by then to the
# file OUT; the input ends at once.
PROMPTED = """
import io, json, sys
from pathlib import Path
out = Path(sys.argv[1])
class Output(io.StringIO):
    def write(self, text):
        if "/quit" in text and not out.exists():
            out.write_text(json.dumps(sorted(sys.modules)))
        sys.__stdout__.write(text)
        return len(text)
sys.stdin, sys.stdout = io.StringIO(""), Output()
sys.argv = ["dondoc", "run"]
from bot.cli import main
main()
"""


def test_the_console_prints_its_prompt_before_the_chat_core_and_web_server_load(
    tmp_path: Path,
) -> None:
    out = tmp_path / "prompted.json"
    result = subprocess.run(
        [sys.executable, "-c", PROMPTED, str(out)],
        cwd=tmp_path,
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Bảng điều khiển web: http://127.0.0.1:" in result.stdout  # printed before the prompt
    assert result.stdout.index("Bảng điều khiển web") < result.stdout.index("/quit")
    at_prompt = set(json.loads(out.read_text()))
    assert "bot.channels.console" in at_prompt and "sqlalchemy" in at_prompt
    later = {"aiohttp", "apscheduler", "jinja2", "handlers.dispatcher", "bot.web.server"}
    assert not later & at_prompt, sorted(later & at_prompt)


def test_help_shows_flags_as_flags_and_arguments_as_words() -> None:
    runner = CliRunner()
    for words in _commands():
        result = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (words, result.output)
        assert "<bool>" not in result.output, words
        usage = next(line for line in result.output.splitlines() if "Usage:" in line)
        assert not re.search(r"\{\w+\}", usage), usage
    usage = runner.invoke(app, ["import", "--help"], env={"COLUMNS": "200"}).output
    assert "dondoc import [OPTIONS] FILE" in usage and "--dry-run" in usage
