"""The one entry point of the conversation core.

`Dispatcher.handle(incoming)` opens one transaction, looks the person up, decides their role,
and routes: a command (role checked against `commands.COMMANDS`; /skip, which only a form
knows, goes to the active form: `engine.FORM_COMMANDS`), a choice understood anywhere
(reminder buttons), or an answer to the active form. It never raises for bad input: whatever went
wrong, the person gets a message in their language.

Channels pass text as typed; `bot.channels.reading.read` first drops a repeated delivery and,
in chats without buttons, reads a typed command word or a line of the chat's remembered menu
(`bot.channels.menu`) outside a form. Inside a form the form reads a number or a label against
the question it asked. The same transaction keeps the menu the replies leave the chat with
(`menu.shown`, chats without buttons), and every reply carries the person's locale
(`Outgoing.locale`), so a channel adds its own words in their language without a lookup.

Choices understood from anywhere (`bot.services.actions`): "update:<assignment>:<period>" opens
the status form on that task and period, "explain:<request>" the answer to an explanation
request, "askexplain:<period>:<agency>" asks that agency to explain (coordinators),
"tasks:<page>" shows a page of /tasks; "snooze:1d" and "mute:early" act on this person's
reminders, "plan:<command>:<id>" answers a "which plan?" question.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels import menu, reading
from bot.channels.base import Incoming, Outgoing
from bot.channels.capabilities import capabilities
from bot.db.models import ConversationStatus, Role
from bot.i18n import normalise_locale, t
from bot.services import actions, away, conversations, people
from handlers import account, coordination, explain
from handlers import tasks as task_handlers
from handlers.commands import ADMIN, COMMANDS, FOCAL, closest_command, command_words
from handlers.context import Context, identity
from handlers.forms import engine
from handlers.forms.explain import EXPLAIN_FORM
from handlers.forms.import_plan import IMPORT_FORM
from handlers.forms.import_plan import prefetch as prefetch_import
from handlers.forms.update import UPDATE_FORM
from handlers.forms.update import start as start_update
from handlers.memo import Memo

log = logging.getLogger(__name__)

FORMS = {form.name: form for form in (UPDATE_FORM, IMPORT_FORM, EXPLAIN_FORM)}
SEEN_EVERY = timedelta(minutes=10)  # last_seen_at is refreshed at most this often
GLOBAL_PREFIXES = (
    "update:",
    "explain:",
    "askexplain:",
    "tasks:",
    "snooze:",
    "mute:",
    "plan:",
)
CONFLICT_RETRIES = 5
CONFLICT_PAUSE_SECONDS = 0.02


def is_conflict(error: OperationalError | IntegrityError) -> bool:
    """SQLite's "database is locked" / "busy", or a unique key another transaction just took."""
    if isinstance(error, IntegrityError):
        return True
    message = str(error.orig).lower()
    return "locked" in message or "busy" in message


class Dispatcher:
    def __init__(self, app: App) -> None:
        self.app = app
        self.memo = Memo()
        self.command_words = command_words()  # read by channels where commands go without "/"

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        """The replies to one incoming message (an empty list: say nothing)."""
        locale = normalise_locale(incoming.language or self.app.settings.default_locale)
        await prefetch_import(self.app, incoming)  # seconds of parsing: not inside a transaction
        for attempt in range(1, CONFLICT_RETRIES + 1):
            try:
                on_commit: list[Callable[[], None]] = []
                async with self.app.db.session() as session:
                    replies = await self._handle(session, incoming, on_commit)
                for callback in on_commit:
                    callback()
                return replies
            except (OperationalError, IntegrityError) as exc:
                # Lost a race: SQLite lets one writer in at a time, and two focal points of one
                # agency may submit the same task at once (one new version each). The transaction
                # was rolled back whole, so running it again is safe and sees the winner's row.
                if attempt < CONFLICT_RETRIES and is_conflict(exc):
                    await asyncio.sleep(CONFLICT_PAUSE_SECONDS * attempt)
                    continue
                log.exception("handling a %s message failed", incoming.channel)
            except Exception:
                log.exception("handling a %s message failed", incoming.channel)
            break
        return [Outgoing(text=t(locale, "error-generic"), locale=locale)]

    async def _handle(
        self, session: AsyncSession, incoming: Incoming, on_commit: list[Callable[[], None]]
    ) -> list[Outgoing]:
        read = await reading.read(session, incoming, self.command_words)
        if read is None:
            return []
        ctx = await self._context(session, read)
        ctx.on_commit = on_commit
        replies = await self._route(ctx)
        for reply in replies:
            reply.locale = reply.locale or ctx.locale
        if not incoming.read:  # read here, so its answers' menu is kept here (bot/channels/menu.py)
            await menu.shown(session, read.channel, read.chat_id, replies)
        return replies

    async def _route(self, ctx: Context) -> list[Outgoing]:
        incoming = ctx.incoming
        command = incoming.command
        if ctx.role is None:
            return await self._stranger(ctx, command)
        state = ctx.state
        active = state is not None and state.status == ConversationStatus.ACTIVE
        form = FORMS.get(state.form) if state is not None and active else None
        if command is not None and command[0] in engine.SKIP_COMMANDS:
            if form is not None:
                return await engine.handle(ctx, form)
            return [ctx.say("form-skip-nothing")]
        if command is not None:
            return await self._command(ctx, *command)
        choice = incoming.choice
        if choice is not None and choice.startswith(GLOBAL_PREFIXES):
            return await self._global_choice(ctx, choice)
        if form is not None:
            return await engine.handle(ctx, form)
        if incoming.is_group:
            return []  # chatter in a group is not for the bot
        if incoming.file is not None and ctx.role == ADMIN:
            return await COMMANDS["import"].run(ctx, "")
        if ctx.role in COMMANDS["away"].roles and away.looks_like_leave(incoming.text or ""):
            return await COMMANDS["away"].run(ctx, incoming.text or "")  # "nghỉ phép từ 05/01 …"
        return [ctx.say("not-understood")]

    async def _context(self, session: AsyncSession, incoming: Incoming) -> Context:
        settings = self.app.settings
        caller, state = await conversations.person_and_state(
            session, incoming.channel, incoming.chat_id, incoming.user_id
        )
        is_admin = incoming.user_id in settings.admin_ids(incoming.channel)
        if is_admin and caller is None:
            language = normalise_locale(incoming.language or settings.default_locale)
            person = await people.upsert_person(
                session, **identity(incoming), role=Role.ADMIN, agency_id=None, language=language
            )
            caller = people.caller_of(person)  # `Context.person` finds this object in the session
        role = people.role_of(
            caller, configured_admin=is_admin, local=capabilities(incoming.channel).local
        )
        if role is None or caller is None:
            locale = normalise_locale(incoming.language or settings.default_locale)
            return Context(self.app, session, incoming, None, role, locale, state, self.memo)
        seen = await people.mark_seen(
            session,
            caller,
            now=self.app.clock.now(),
            chat_id=incoming.chat_id,
            private=not incoming.is_group,
            every=SEEN_EVERY,
        )
        return Context(self.app, session, incoming, seen, role, seen.language, state, self.memo)

    async def _stranger(self, ctx: Context, command: tuple[str, str] | None) -> list[Outgoing]:
        """Someone not enrolled (or no longer): /start <code> enrols; anything else gets the one
        short explanation (in a group, only commands do: chatter there is not for the bot)."""
        if command is not None and command[0] == "start" and command[1]:
            return await account.start(ctx, command[1])
        if command is None and ctx.incoming.is_group:
            return []
        return account.stranger(ctx)

    async def _action(self, ctx: Context, action: actions.Action) -> list[Outgoing]:
        if action.kind == actions.UPDATE:
            period = action.ids[1] if len(action.ids) > 1 else None
            return await start_update(ctx, assignment_id=action.ids[0], period_id=period)
        if action.kind == actions.EXPLAIN:
            return await explain.answer_request(ctx, action.ids[0])
        if action.kind == actions.TASKS_PAGE:
            return await task_handlers.show_page(ctx, action.ids[0])
        if ctx.role not in COMMANDS["explain"].roles or ctx.role == FOCAL:
            return [ctx.say("not-allowed")]
        return await explain.ask(ctx, period_id=action.ids[0], agency_id=action.ids[1])

    async def _command(self, ctx: Context, name: str, args: str) -> list[Outgoing]:
        command = COMMANDS.get(name)
        if command is None:
            guess = closest_command(name, ctx.role)
            if guess is not None:
                return [ctx.say("unknown-command-guess", command=name[:30], guess=guess)]
            return [ctx.say("unknown-command", command=name[:30])]
        if ctx.role not in command.roles:
            return [ctx.say("not-allowed-command", command=name)]
        return await command.run(ctx, args)

    async def _global_choice(self, ctx: Context, choice: str) -> list[Outgoing]:
        kind, _, value = choice.partition(":")
        if kind in actions.ARITY:
            action = actions.parse_action(choice)
            if action is None:
                return [ctx.say("form-stale-choice")]
            return await self._action(ctx, action)
        if kind == "snooze":
            return await account.snooze(ctx, value)
        if kind == "mute":
            return await account.mute(ctx, value)
        if kind == "plan":
            command, _, plan_id = value.partition(":")
            allowed = COMMANDS.get(command)
            if allowed is None or ctx.role not in allowed.roles:
                return [ctx.say("not-allowed")]
            if plan_id.isdigit():
                return await coordination.run_for_plan(ctx, command, int(plan_id))
        return [ctx.say("not-understood")]
