"""Zalo's settings (ZALO_*, ADMIN_ZALO_IDS), documented in `.env.example`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.channels.config import IdList, retired_webhook_server, split_ids


class ZaloSettings(BaseSettings):
    model_config = SettingsConfigDict(defer_build=True)  # see TelegramSettings
    zalo_bot_token: SecretStr | None = None
    zalo_base_url: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None
    zalo_bot_name: str | None = None  # how people @mention the bot in groups; None: from getMe
    zalo_webhook_port: str | None = None  # retired: its own webhook server's port
    admin_zalo_ids: IdList = Field(default_factory=list)
    zalo_rate_global: float = Field(default=10.0, gt=0)
    zalo_rate_per_chat: float = Field(default=1.0, gt=0)

    ZALO_RETIRED: ClassVar[tuple[str, ...]] = ("zalo_webhook_port",)

    @field_validator("admin_zalo_ids", mode="before")
    @classmethod
    def _split_zalo_ids(cls, value: object) -> object:
        return split_ids(value)

    @field_validator(*ZALO_RETIRED)
    @classmethod
    def _zalo_retired(cls, value: str | None, info: ValidationInfo) -> str | None:
        return retired_webhook_server(value, info)
