from __future__ import annotations

import pytest

from bot.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    for name in (
        "DATABASE_URL",
        "TIMEZONE",
        "ADMIN_TELEGRAM_IDS",
        "DEFAULT_LOCALE",
        "WEB_PORT",
        "WEBHOOK_PORT",
        "TELEGRAM_WEBHOOK_URL",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.timezone == "Asia/Ho_Chi_Minh"
    assert settings.default_locale == "vi"
    assert settings.telegram_bot_token is None


def test_values_from_environment_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=123:abc\nDEFAULT_LOCALE=en\n")
    monkeypatch.setenv("ADMIN_TELEGRAM_IDS", "111, 222;333")
    settings = load_settings()
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(settings)  # tokens never reach a log
    assert settings.admin_ids("telegram") == {"111", "222", "333"}
    assert settings.default_locale == "en"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DATABASE_URL", "mysql://root@localhost/x", "DATABASE_URL: expected sqlite+aiosqlite"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE: expected an IANA time zone"),
        ("DEFAULT_LOCALE", "fr", "DEFAULT_LOCALE: expected one of vi, en"),
        ("WEB_PORT", "eighty", "WEB_PORT: "),
    ],
)
def test_wrong_value_gives_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_retired_webhook_port_stops_a_webhook_run_and_is_only_noted_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WEBHOOK_PORT", "8443")
    assert load_settings().retired == ["WEBHOOK_PORT"]
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/hook")
    with pytest.raises(SettingsError, match=r"^WEBHOOK_PORT: no longer used.*WEB_PORT"):
        load_settings()


def test_env_example_documents_every_setting_and_nothing_else() -> None:
    import re
    from pathlib import Path

    from bot.settings import Settings

    text = (Path(__file__).resolve().parents[2] / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))
    assert documented == {name.upper() for name in Settings.model_fields}
