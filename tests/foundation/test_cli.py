"""The `dondoc` command as a person runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from bot.db.migrate import alembic_config


def _dondoc(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM", "ZALO"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_commands(tmp_path: Path) -> None:
    result = _dondoc("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "db" in result.stdout and "run" in result.stdout


def test_db_upgrade_creates_sqlite_file_in_new_folder(tmp_path: Path) -> None:
    result = _dondoc("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "dondoc.db").exists()
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head and _dondoc("db", "current", cwd=tmp_path).stdout.strip() == head


def test_bad_setting_is_one_clear_line_not_a_traceback(tmp_path: Path) -> None:
    result = _dondoc("db", "upgrade", cwd=tmp_path, DATABASE_URL="mysql://x")
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
