"""`dondoc run`: start the bot."""

from __future__ import annotations

from bot.cli.common import console, run_async, settings_or_exit, with_database
from bot.db.engine import Database


def run() -> None:
    """Run the bot: Telegram and/or Zalo when their tokens are set, else the console demo."""
    settings = settings_or_exit()

    async def start(db: Database) -> None:
        from bot.db.migrate import current_revision

        revision = await current_revision(db)
        console.print(f"Database ready at revision [bold]{revision}[/] ({settings.database_url}).")
        if settings.telegram_bot_token is None and settings.zalo_bot_token is None:
            console.print(
                "No chat token is set. Set TELEGRAM_BOT_TOKEN (from @BotFather) or ZALO_BOT_TOKEN "
                "in .env to connect a chat platform; the console demo channel is not built yet."
            )

    run_async(with_database(settings, start))
