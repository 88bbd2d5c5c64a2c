"""Settings from the environment and `.env`, validated once at start-up.

A wrong or missing value stops the program with one line naming the variable and what is expected
(`SettingsError`), never a traceback. Every field here is documented in `.env.example`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/dondoc.db"
# Settings of the webhook servers the channels once ran: webhooks are routes of the web server now.
RETIRED = ("webhook_listen", "webhook_port", "zalo_webhook_port")
SUPPORTED_LOCALES = ("vi", "en")

IdList = Annotated[list[str], NoDecode]


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line for the person running dondoc."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    # Chat platforms
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_bot_username: str | None = None  # for invite deep links t.me/<bot>?start=<code>
    zalo_bot_token: SecretStr | None = None
    zalo_base_url: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None
    zalo_bot_name: str | None = None  # how people @mention the bot in groups; None: from getMe
    public_files_base_url: str | None = None

    # The web dashboard and Telegram Mini App (bot/web), served by `dondoc run` in every mode
    web_listen: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)  # 0: any free port (tests)
    web_public_url: str | None = None  # https://… behind a reverse proxy; None: http://listen:port
    # Retired (see RETIRED): an error beside a *_WEBHOOK_URL, a warning otherwise.
    webhook_listen: str | None = None
    webhook_port: str | None = None
    zalo_webhook_port: str | None = None

    # People
    admin_telegram_ids: IdList = Field(default_factory=list)
    admin_zalo_ids: IdList = Field(default_factory=list)

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
    telegram_rate_global: float = Field(default=30.0, gt=0)
    telegram_rate_per_chat: float = Field(default=1.0, gt=0)
    telegram_rate_per_group_minute: float = Field(default=20.0, gt=0)
    zalo_rate_global: float = Field(default=10.0, gt=0)
    zalo_rate_per_chat: float = Field(default=1.0, gt=0)

    # Schedules
    weekly_summary_day: str = "mon"
    weekly_summary_time: str = "08:00"
    planner_every_seconds: float = Field(default=300.0, gt=0)
    sender_every_seconds: float = Field(default=5.0, gt=0)
    explanation_answer_days: int = Field(default=3, gt=0, le=30)
    log_level: str = "INFO"

    @field_validator("admin_telegram_ids", "admin_zalo_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [str(value)]
        return value

    @field_validator(*RETIRED)
    @classmethod
    def _retired(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value:
            return None
        if info.data.get("telegram_webhook_url") or info.data.get("zalo_webhook_url"):
            raise ValueError(
                "no longer used: the webhooks are served by the web server on "
                "WEB_LISTEN:WEB_PORT; set those, point the reverse proxy there, remove this line"
            )
        return value

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
        if channel == "telegram":
            return set(self.admin_telegram_ids)
        if channel == "zalo":
            return set(self.admin_zalo_ids)
        return set()


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings, or raise `SettingsError` with one readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
