"""Choice values as Telegram callback_data, which holds at most 64 bytes.

A value that fits is sent as it is. A longer one goes out as a short key ("#" and 22 characters of
its SHA-256) and is looked up again when the button is pressed. Keys are remembered in memory, the
most recent ones kept: the dispatcher's own values ("update:12", "snooze:1d") are short, so a key
is the exception, and a press on a key this process no longer knows is answered "press again".
"""

from __future__ import annotations

import hashlib
from base64 import urlsafe_b64encode
from collections import OrderedDict

MAX_CALLBACK_BYTES = 64
KEY_PREFIX = "#"


class CallbackKeys:
    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._values: OrderedDict[str, str] = OrderedDict()

    def key_for(self, value: str) -> str:
        """What to put in callback_data for `value`."""
        if len(value.encode()) <= MAX_CALLBACK_BYTES and not value.startswith(KEY_PREFIX):
            return value
        digest = hashlib.sha256(value.encode()).digest()
        key = KEY_PREFIX + urlsafe_b64encode(digest).decode()[:22]
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self._capacity:
            self._values.popitem(last=False)
        return key

    def value_of(self, data: str) -> str | None:
        """The choice value a pressed button's callback_data stands for; None if forgotten."""
        if not data.startswith(KEY_PREFIX):
            return data
        return self._values.get(data)
