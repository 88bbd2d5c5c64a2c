"""`dondoc invite` and `dondoc people list|revoke`, run as a person runs them (in-process)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.i18n import t

runner = CliRunner()


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN", "TELEGRAM_BOT_USERNAME", "DEFAULT_LOCALE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    return tmp_path


def test_invite_prints_a_code_and_the_deep_link(
    environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["invite", "--agency", "Sở Công thương", "--role", "focal"])
    assert result.exit_code == 0, result.output
    assert "Sở Công Thương" in result.output and "t.me" not in result.output
    code = re.search(r"/start (\w+)", result.output)
    assert code is not None and len(code.group(1)) == 10

    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "dondoc_bot")
    result = runner.invoke(
        app, ["invite", "--agency", "Sở Y tế", "--role", "coordinator", "--expires", "2d"]
    )
    assert result.exit_code == 0, result.output
    code = re.search(r"/start (\w+)", result.output)
    assert code is not None
    assert f"https://t.me/dondoc_bot?start={code.group(1)}" in result.output


def test_invite_refuses_bad_input_with_one_clear_line(environment: Path) -> None:
    assert runner.invoke(app, ["invite", "--agency", "Sở Không Có"]).exit_code == 1
    result = runner.invoke(app, ["invite", "--agency", "Sở Y tế", "--role", "boss"])
    assert result.exit_code == 2 and "--role" in result.output
    result = runner.invoke(app, ["invite", "--agency", "Sở Y tế", "--expires", "soon"])
    assert result.exit_code == 2 and "--expires" in result.output


def test_invite_speaks_the_default_locale(
    environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for locale, other in (("vi", "en"), ("en", "vi")):
        monkeypatch.setenv("DEFAULT_LOCALE", locale)
        result = runner.invoke(app, ["invite", "--agency", "Sở Y tế", "--role", "coordinator"])
        assert result.exit_code == 0, result.output
        for said, absent in ((locale, False), (other, True)):
            role = t(said, "role-coordinator")
            title = t(said, "cli-invite-title", role=role, agency="Sở Y tế")
            assert (title in result.output) is not absent, (locale, result.output)
        refused = runner.invoke(app, ["invite", "--agency", "Sở Y tế", "--role", "boss"])
        assert t(locale, "cli-invite-role-bad", value="boss") in refused.output
    monkeypatch.setenv("DEFAULT_LOCALE", "vi")
    output = runner.invoke(app, ["invite", "--agency", "Sở Y tế"]).output
    assert "Invite" not in output and "expires" not in output.lower()


def _enrol_one(environment: Path, code: str) -> None:
    """Someone uses the code in a chat."""
    from bot.app import App
    from bot.channels.base import Incoming
    from bot.db.engine import Database
    from bot.settings import load_settings
    from handlers.dispatcher import Dispatcher

    async def chat() -> None:
        settings = load_settings()
        db = Database(settings.database_url)
        await Dispatcher(App.create(settings, db)).handle(
            Incoming("telegram", "5", "5", "Lê Văn C", text=f"/start {code}")
        )
        await db.dispose()

    asyncio.run(chat())


def test_people_list_and_revoke(environment: Path) -> None:
    result = runner.invoke(app, ["invite", "--agency", "Sở Y tế"])
    code = re.search(r"/start (\w+)", result.output)
    assert code is not None
    _enrol_one(environment, code.group(1))
    result = runner.invoke(app, ["people", "list"])
    assert result.exit_code == 0 and "Lê Văn C" in result.output and "Sở Y tế" in result.output
    assert t("vi", "cli-people-col-agency") in result.output
    person_id = re.search(r"│\s*(\d+)\s*│\s*Lê Văn C", result.output)
    assert person_id is not None
    result = runner.invoke(app, ["people", "revoke", person_id.group(1)])
    assert result.exit_code == 0 and "Lê Văn C" in result.output
    assert "Lê Văn C" not in runner.invoke(app, ["people", "list"]).output
    assert "Lê Văn C" in runner.invoke(app, ["people", "list", "--all"]).output
    result = runner.invoke(app, ["people", "revoke", person_id.group(1)])
    assert result.exit_code == 1
