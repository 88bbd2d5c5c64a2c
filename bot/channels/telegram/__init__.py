"""Telegram: python-telegram-bot as transport for dondoc's own conversations."""

from bot.channels.telegram.channel import TelegramChannel

__all__ = ["TelegramChannel"]
