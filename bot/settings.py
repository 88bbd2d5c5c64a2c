"""Settings from the environment and `.env`, validated once at start-up.

A wrong or missing value stops the program with one line naming the variable and what is expected
(`SettingsError`), never a traceback. Every field here, and every platform's (bot/channels/
settings.py), is documented in `.env.example`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import SettingsConfigDict

from bot.channels.config import retired_webhook_server
from bot.channels.settings import PlatformSettings

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/dondoc.db"
# Settings of the webhook servers the channels once ran: webhooks are routes of the web server now.
RETIRED = ("webhook_listen", "webhook_port", *PlatformSettings.PLATFORM_RETIRED)
SUPPORTED_LOCALES = ("vi", "en")


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line for the person running dondoc."""


class Settings(PlatformSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    # Chat platforms: their own settings come from PlatformSettings (bot/channels/)
    public_files_base_url: str | None = None

    # The web dashboard and the chat's web app (bot/web), served by `dondoc run` in every mode
    web_listen: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)  # 0: any free port (tests)
    web_public_url: str | None = None  # https://… behind a reverse proxy; None: http://listen:port
    # Retired (see RETIRED): an error beside a *_WEBHOOK_URL, a warning otherwise.
    webhook_listen: str | None = None
    webhook_port: str | None = None

    # Storage, time and language
    database_url: str = DEFAULT_DATABASE_URL
    timezone: str = "Asia/Ho_Chi_Minh"
    default_locale: str = "vi"
    files_dir: Path = Path("./data/files")

    # Limits
    import_max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    import_max_rows: int = Field(default=20_000, gt=0)
    import_max_unpacked_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    import_max_cell_chars: int = Field(default=32_767, gt=0)
    import_max_sheets: int = Field(default=100, gt=0)
    import_max_cells: int = Field(default=2_000_000, gt=0)
    form_idle_minutes: int = Field(default=120, gt=0)

    # Schedules
    weekly_summary_day: str = "mon"
    weekly_summary_time: str = "08:00"
    planner_every_seconds: float = Field(default=300.0, gt=0)
    sender_every_seconds: float = Field(default=5.0, gt=0)
    explanation_answer_days: int = Field(default=3, gt=0, le=30)
    log_level: str = "INFO"

    @field_validator("webhook_listen", "webhook_port")
    @classmethod
    def _retired(cls, value: str | None, info: ValidationInfo) -> str | None:
        return retired_webhook_server(value, info)

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "expected sqlite+aiosqlite:///path/to/file.db or postgresql+asyncpg://user@host/db"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("expected an IANA time zone such as Asia/Ho_Chi_Minh") from exc
        return value

    @field_validator("default_locale")
    @classmethod
    def _check_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"expected one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("weekly_summary_time")
    @classmethod
    def _check_time(cls, value: str) -> str:
        hour, _, minute = value.partition(":")
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
            raise ValueError("expected HH:MM, such as 08:00")
        return value

    @field_validator("weekly_summary_day")
    @classmethod
    def _check_day(cls, value: str) -> str:
        value = value.lower()[:3]
        if value not in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            raise ValueError("expected a weekday: mon, tue, wed, thu, fri, sat or sun")
        return value

    @field_validator("web_public_url")
    @classmethod
    def _check_public_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an address such as https://dondoc.example.gov.vn")
        return value.rstrip("/")

    @property
    def retired(self) -> list[str]:
        """The retired settings still set (outside webhook mode they are only ignored)."""
        return [name.upper() for name in RETIRED if getattr(self, name)]

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def web_base_url(self) -> str:
        """Where people open the dashboard: WEB_PUBLIC_URL, else the local listening address."""
        return self.web_public_url or f"http://{self.web_listen}:{self.web_port}"

    def admin_ids(self, channel: str) -> set[str]:
        """Platform user ids that are admins by configuration, for one channel."""
        return self.admins.get(channel, set())


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings, or raise `SettingsError` with one readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
