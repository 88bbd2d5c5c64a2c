"""Keep the bot token and webhook secrets out of every log line.

The token sits in each Bot API URL (…/bot<token>/sendMessage). httpx (getUpdates) logs request
URLs at INFO and python-telegram-bot logs its base URLs at DEBUG, so httpx is turned down to
WARNING and every Telegram and HTTP logger (aiohttp's too, which carries the other calls and logs
no URL) gets a filter that replaces the token wherever it still appears. At DEBUG PTB also logs
the setWebhook call with our webhook secret: it is replaced too. (The webhook route,
bot/channels/webhook.py, never logs the secret a request carried.)
"""

from __future__ import annotations

import logging

REDACTED = "<TELEGRAM_BOT_TOKEN>"
REDACTED_SECRET = "<WEBHOOK_SECRET>"
_LOGGER_PREFIXES = ("telegram", "httpx", "httpcore", "aiohttp")


class RedactToken(logging.Filter):
    def __init__(self, token: str, secret: str | None = None) -> None:
        super().__init__()
        self.token = token
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = message.replace(self.token, REDACTED)
        if self.secret:
            redacted = redacted.replace(self.secret, REDACTED_SECRET)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


def keep_token_out_of_logs(token: str, webhook_secret: str | None = None) -> None:
    """Filter the Telegram and HTTP loggers that exist now (call again when more were made)."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    names = [
        name
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger) and name.startswith(_LOGGER_PREFIXES)
    ]
    for name in [*_LOGGER_PREFIXES, *names]:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, RedactToken) and f.token == token]:
            logger.removeFilter(old)
        logger.addFilter(RedactToken(token, webhook_secret))
