"""What every platform's settings share: admin id lists and the retired webhook servers.

Each platform declares its settings in its own package (`telegram/settings.py`,
`zalo/settings.py`), read from the same environment and `.env` as the core's (bot/settings.py);
`bot/channels/settings.py` puts them side by side.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ValidationInfo
from pydantic_settings import NoDecode

IdList = Annotated[list[str], NoDecode]


def split_ids(value: object) -> object:
    """ "111, 222;333" (or one number) as a list of ids; a list stays as it is."""
    if isinstance(value, str):
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    if isinstance(value, int):
        return [str(value)]
    return value


def webhook_set(info: ValidationInfo) -> bool:
    """Whether a `*_webhook_url` validated before this field is set."""
    return any(value for name, value in info.data.items() if name.endswith("_webhook_url"))


def retired_webhook_server(value: str | None, info: ValidationInfo) -> str | None:
    """A setting of the webhook servers the channels once ran (webhooks are routes of the web
    server now): an error beside a webhook URL, kept (to be warned about) otherwise."""
    if not value:
        return None
    if webhook_set(info):
        raise ValueError(
            "no longer used: the webhooks are served by the web server on "
            "WEB_LISTEN:WEB_PORT; set those, point the reverse proxy there, remove this line"
        )
    return value
