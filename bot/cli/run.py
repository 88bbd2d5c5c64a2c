"""`dondoc run`: start the bot (see bot/runtime.py)."""

from __future__ import annotations

from bot.cli.common import fail, run_async, settings_or_exit


def run() -> None:
    """Run the bot (Telegram, Zalo, else the console demo) and the web dashboard.

    Telegram and Zalo run when their tokens are set; without one, the console demo.
    The dashboard is served on WEB_LISTEN:WEB_PORT in every mode.
    A setting the platform refuses at start ends it with one line naming the setting.
    """
    # The whole bot is imported when it starts, not for `--help`.
    from bot.db.leadership import AlreadyRunning
    from bot.runtime import run as run_bot
    from bot.settings import SettingsError

    try:
        run_async(run_bot(settings_or_exit()))
    except SettingsError as exc:
        fail(str(exc), code=2)
    except AlreadyRunning as exc:
        fail(str(exc))
