"""Telegram's settings (TELEGRAM_*, ADMIN_TELEGRAM_IDS), documented in `.env.example`."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.channels.config import IdList, split_ids


class TelegramSettings(BaseSettings):
    # Validators built when the class is first used, not when it is defined: only Settings
    # (bot/settings.py), which these settings are parts of, is ever used; its own are built once.
    model_config = SettingsConfigDict(defer_build=True)
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_bot_username: str | None = None  # for invite deep links t.me/<bot>?start=<code>
    admin_telegram_ids: IdList = Field(default_factory=list)
    telegram_rate_global: float = Field(default=30.0, gt=0)
    telegram_rate_per_chat: float = Field(default=1.0, gt=0)
    telegram_rate_per_group_minute: float = Field(default=20.0, gt=0)

    @field_validator("admin_telegram_ids", mode="before")
    @classmethod
    def _split_telegram_ids(cls, value: object) -> object:
        return split_ids(value)
