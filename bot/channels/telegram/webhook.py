"""The webhook secret, checked in constant time by python-telegram-bot's own webhook server."""

from __future__ import annotations

import hmac


class WebhookSecret(str):
    """The webhook secret, compared in constant time.

    PTB's webhook server checks the X-Telegram-Bot-Api-Secret-Token header with
    `header != secret`; Python lets a str subclass's reflected `__ne__` decide that comparison,
    so handing PTB this class makes its check `hmac.compare_digest`.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and hmac.compare_digest(self.encode(), other.encode())

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__
