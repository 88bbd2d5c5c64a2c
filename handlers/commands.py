"""Every chat command, who may use it, and its one-line description: one table.

The dispatcher checks `COMMANDS[name].roles` before running anything; `/help`, the command menu
a channel publishes (`command_menu`) and the words typed without "/" (`command_words`) are built
from the same table, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.channels.base import Outgoing
from bot.i18n import t
from handlers import account, admin, coordination, dashboard, explain
from handlers import away as away_handlers
from handlers import tasks as task_handlers
from handlers.context import Context
from handlers.forms import import_plan, update

ADMIN, COORDINATOR, FOCAL = "admin", "coordinator", "focal"
ENROLLED = frozenset({ADMIN, COORDINATOR, FOCAL})
COORDINATING = frozenset({ADMIN, COORDINATOR})
ADMINS = frozenset({ADMIN})

Handler = Callable[[Context, str], Awaitable[list[Outgoing]]]


@dataclass(frozen=True, slots=True)
class Command:
    roles: frozenset[str]
    run: Handler


# What each role comes for first: coordinators chase and compile, focal points report.
LEADING = {
    "coordinator": ("weekly", "overdue", "report", "nudge", "explain"),
    "admin": ("import", "invite", "people", "weekly", "overdue", "report", "nudge"),
    "focal": ("tasks", "update", "deadlines", "explain"),
}
NOT_IN_HELP = {"start"}  # an enrolled person has used their invite already
GUESS_SIMILARITY = 0.6  # "taks" → "tasks" is 0.8; "xyz" matches nothing


def help_menu(role: str, locale: str) -> list[tuple[str, str]]:
    """The /help lines for `role`: its leading commands first, then the rest it may use."""
    allowed = [(name, text) for name, text in command_menu(role, locale) if name not in NOT_IN_HELP]
    order = {name: index for index, name in enumerate(LEADING.get(role, ()))}
    return sorted(allowed, key=lambda item: order.get(item[0], len(order)))


async def _help(ctx: Context, args: str) -> list[Outgoing]:
    assert ctx.role is not None  # strangers are answered before commands
    lines = [ctx.t("help-title", role=ctx.t(f"role-{ctx.role}"))]
    lines += [f"/{name} — {text}" for name, text in help_menu(ctx.role, ctx.locale)]
    return [Outgoing(text="\n".join(lines))]


async def _update(ctx: Context, args: str) -> list[Outgoing]:
    return await update.start(ctx, args)


async def _import(ctx: Context, args: str) -> list[Outgoing]:
    return await import_plan.start(ctx, args)


def _plan_command(name: str) -> Handler:
    async def run(ctx: Context, args: str) -> list[Outgoing]:
        return await coordination.run_plan_command(ctx, name, args)

    return run


COMMANDS: dict[str, Command] = {
    "start": Command(ENROLLED, account.start),
    "help": Command(ENROLLED, _help),
    "tasks": Command(ENROLLED, task_handlers.list_tasks),
    "update": Command(ENROLLED, _update),
    "cancel": Command(ENROLLED, account.cancel),
    "deadlines": Command(ENROLLED, coordination.deadlines),
    "lang": Command(ENROLLED, account.lang),
    "whoami": Command(ENROLLED, account.whoami),
    "leave": Command(frozenset({COORDINATOR, FOCAL}), account.leave),
    "away": Command(frozenset({FOCAL}), away_handlers.command),
    "overdue": Command(COORDINATING, _plan_command("overdue")),
    "weekly": Command(COORDINATING, _plan_command("weekly")),
    "report": Command(COORDINATING, _plan_command("report")),
    "nudge": Command(COORDINATING, _plan_command("nudge")),
    "explain": Command(ENROLLED, explain.command),
    "dashboard": Command(ENROLLED, dashboard.dashboard),
    "import": Command(ADMINS, _import),
    "invite": Command(ADMINS, admin.invite),
    "people": Command(ADMINS, admin.list_or_revoke),
}


def command_menu(role: str | None, locale: str) -> list[tuple[str, str]]:
    """(command, localized description) for what `role` may do; a stranger may only /start."""
    if role is None:
        return [("start", t(locale, "cmd-start"))]
    return [
        (name, t(locale, f"cmd-{name}"))
        for name, command in COMMANDS.items()
        if role in command.roles
    ]


def command_words() -> frozenset[str]:
    """Every command of every role's menu (the same words in every language): the words a person
    may type without "/" where a channel has no command menu (`Capabilities.typed_commands`).
    Read from the commands' names, not their menus: formatting every menu in both languages at
    start-up would parse the English messages a Vietnamese-only bot never shows."""
    names = [name for name, command in COMMANDS.items() if command.roles & ENROLLED]
    return frozenset({"start", *(name.lstrip("/").lower() for name in names)})


def closest_command(typed: str, role: str | None) -> str | None:
    """The command `role` may use that `typed` most likely meant ("taks" → "tasks"), if any is
    close enough (rapidfuzz's similarity ratio, 0–100)."""
    names = [name for name, command in COMMANDS.items() if role in command.roles]
    found = process.extractOne(typed.lower(), names, scorer=Levenshtein.normalized_similarity)
    return found[0] if found and found[1] >= GUESS_SIMILARITY else None
