"""Keep the bot token out of every log line.

The token sits in each Bot API URL (…/bot<token>/sendMessage). httpx logs request URLs at INFO and
python-telegram-bot logs its base URLs at DEBUG, so httpx is turned down to WARNING and every
Telegram and HTTP logger gets a filter that replaces the token wherever it still appears.
"""

from __future__ import annotations

import logging

REDACTED = "<TELEGRAM_BOT_TOKEN>"
_LOGGER_PREFIXES = ("telegram", "httpx", "httpcore", "tornado")


class RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, REDACTED)
            record.args = None
        return True


def keep_token_out_of_logs(token: str) -> None:
    """Call once the PTB `Application` is built (its loggers exist then)."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    names = [
        name
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger) and name.startswith(_LOGGER_PREFIXES)
    ]
    for name in [*_LOGGER_PREFIXES, *names]:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactToken) and f.token == token for f in logger.filters):
            logger.addFilter(RedactToken(token))
