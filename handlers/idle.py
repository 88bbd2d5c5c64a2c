"""Forms left idle: one gentle nudge, then they expire keeping the draft for next time."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.channels.base import Outgoing
from bot.i18n import t
from bot.services import conversations, people


async def nudge_idle_forms(app: App) -> list[tuple[str, str, Outgoing]]:
    """(channel, chat id, message) for each form idle for `settings.form_idle_minutes`; forms
    idle that long again after their nudge expire (silently; /update picks the draft up again).
    The caller sends the messages (the scheduler, or the console after /clock)."""
    idle = timedelta(minutes=app.settings.form_idle_minutes)
    now = app.clock.now()
    messages: list[tuple[str, str, Outgoing]] = []
    async with app.db.session() as session:
        to_nudge, to_expire = await conversations.idle_forms(session, now=now, idle=idle)
        for state in to_expire:
            await conversations.expire(session, state)
        person_ids = {state.person_id for state in to_nudge if state.person_id is not None}
        languages = await people.languages(session, person_ids)
        for state in to_nudge:
            await conversations.mark_nudged(session, state, now)
            locale = languages.get(state.person_id or 0, app.settings.default_locale)
            text = t(locale, "form-idle-nudge")
            messages.append((state.channel, state.chat_id, Outgoing(text=text)))
    return messages
