"""Every platform's settings side by side; bot/settings.py adds the core's to make `Settings`.

Each platform's fields are its own (telegram/settings.py, zalo/settings.py) and read from the
same environment and `.env`, so the variable names are those of `.env.example`. Telegram's come
first: a retired setting (checked in field order) sees every webhook URL before it.
"""

from __future__ import annotations

from typing import ClassVar

from bot.channels.telegram import NAME as TELEGRAM
from bot.channels.telegram.settings import TelegramSettings
from bot.channels.zalo import NAME as ZALO
from bot.channels.zalo.settings import ZaloSettings


class PlatformSettings(ZaloSettings, TelegramSettings):
    PLATFORM_RETIRED: ClassVar[tuple[str, ...]] = ZaloSettings.ZALO_RETIRED

    @property
    def admins(self) -> dict[str, set[str]]:
        """Channel name → the platform user ids that are admins by configuration."""
        return {TELEGRAM: set(self.admin_telegram_ids), ZALO: set(self.admin_zalo_ids)}
