"""The admin's /import form: file → plan number (only when the file has none) → preview →
Confirm or Cancel → applied. "/import 457/KH-UBND" gives the plan number up front.

The file is fetched with the channel's own `download` (by the platform's file id, URL or path)
and kept in the draft only by reference; Confirm applies the same preview, with the file's bytes
and its parsed content kept for a while (`prefetch`, bot.importing.prepared) so that a large file
is downloaded and parsed once, before the message's transaction opens.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from weakref import WeakKeyDictionary

from bot.app import App
from bot.channels.base import Channel, Choice, FileRef, Incoming, Outgoing
from bot.channels.capabilities import capabilities
from handlers.context import Context
from handlers.forms.engine import Answer, Done, Flow, Form, Question, Reask, Step, begin, handle

FORM_NAME = "import"
CONFIRM = "form:confirm"
PLAN_NUMBER_CHARS = 60


KEEP_DOWNLOADS = 2  # per channel: a file fetched ahead of its message's transaction, and one more
_downloads: WeakKeyDictionary[Channel, OrderedDict[str, bytes]] = WeakKeyDictionary()


async def _fetch(app: App, channel: str, file: FileRef) -> bytes:
    """The file's bytes, downloaded once for the preview and the Confirm after it (a platform's
    file id names one content; a local channel's is a path, whose content may change: read
    again)."""
    sender = app.senders.get(channel)
    if sender is None:
        raise Reask("chat-import-no-download")
    recent = _downloads.setdefault(sender, OrderedDict())
    if file.file_id in recent and not capabilities(channel).local:
        recent.move_to_end(file.file_id)
        return recent[file.file_id]
    if file.size is not None and file.size > app.settings.import_max_bytes:
        raise Reask("chat-import-too-big", limit=app.settings.import_max_bytes)
    data = await sender.download(file)
    if len(data) > app.settings.import_max_bytes:
        raise Reask("chat-import-too-big", limit=app.settings.import_max_bytes)
    recent[file.file_id] = data
    while len(recent) > KEEP_DOWNLOADS:
        recent.popitem(last=False)
    return data


async def _download(ctx: Context, file: FileRef) -> bytes:
    return await _fetch(ctx.app, ctx.incoming.channel, file)


async def prefetch(app: App, incoming: Incoming) -> None:
    """Download and parse a file an admin sends before the message's transaction opens, so
    that the seconds a large file takes never hold the database (see bot.importing.prepared).
    Only for admins by configuration (the console's one user too): a stranger's file is not
    worth parsing. What goes wrong is said later, by the import itself."""
    from bot.importing.service import prepare_file

    file = incoming.file
    admin = incoming.user_id in app.settings.admin_ids(incoming.channel)
    if file is None or not (admin or capabilities(incoming.channel).local):
        return
    try:
        data = await _fetch(app, incoming.channel, file)
    except Reask:
        return
    await prepare_file(data, file.name or "plan", settings=app.settings)


async def _run(ctx: Context, draft: dict[str, Any], *, apply: bool) -> Any:
    from bot.importing.errors import ImportFailed
    from bot.importing.service import run_import

    ref = draft["file"]
    file = FileRef(**{k: v for k, v in ref.items() if k != "channel"})
    data = await _download(ctx, file)
    try:
        return await run_import(
            ctx.session,
            data,
            file.name or "plan",
            settings=ctx.app.settings,
            plan_number=draft.get("plan_number"),
            accept_unknown=apply and bool(draft.get("unresolved")),
            apply=apply,
            actor=ctx.actor_label,
        )
    except ImportFailed as failure:
        raise Reask(text=failure.message(ctx.locale)) from None


async def ask_file(ctx: Context, draft: dict[str, Any]) -> Question:
    return Question(ctx.t("chat-import-ask-file"))


async def take_file(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    if answer.file is None:
        raise Reask("chat-import-need-file")
    draft["file"] = {"channel": ctx.incoming.channel, **answer.file.as_json()}
    await _preview(ctx, draft)
    return None


async def _preview(ctx: Context, draft: dict[str, Any]) -> None:
    from bot.importing.preview import format_preview

    preview = await _run(ctx, draft, apply=False)
    draft["preview"] = format_preview(preview, ctx.locale)
    draft["unresolved"] = len(preview.unresolved)
    draft["needs_number"] = preview.needs_plan_number


def _needs_number(draft: dict[str, Any]) -> bool:
    return bool(draft.get("needs_number"))


async def ask_number(ctx: Context, draft: dict[str, Any]) -> Question:
    return Question(draft["preview"] + "\n\n" + ctx.t("chat-import-ask-number"))


async def take_number(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    number = (answer.value or "").strip()
    if not number or len(number) > PLAN_NUMBER_CHARS:
        raise Reask("chat-import-ask-number")
    draft["plan_number"] = number
    await _preview(ctx, draft)
    return None


async def ask_confirm(ctx: Context, draft: dict[str, Any]) -> Question:
    label = (
        ctx.t("chat-import-confirm-with-unknown", count=draft["unresolved"])
        if draft.get("unresolved")
        else ctx.t("chat-import-confirm")
    )
    return Question(
        draft["preview"] + "\n\n" + ctx.t("chat-import-ask-confirm"), [Choice(CONFIRM, label)]
    )


async def take_confirm(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    from bot.importing.preview import format_preview

    if answer.value != CONFIRM:
        raise Reask("form-pick-one")
    preview = await _run(ctx, draft, apply=True)
    if not preview.applied:
        raise Reask("chat-import-not-applied")
    text = ctx.t("chat-import-applied") + "\n\n" + format_preview(preview, ctx.locale)
    return Done([Outgoing(text=text)])


IMPORT_FORM = Form(
    FORM_NAME,
    (
        Step("file", "file", ask_file, take_file),
        Step("plan_number", "text", ask_number, take_number, applies=_needs_number),
        Step("confirm", "choice", ask_confirm, take_confirm),
    ),
)


async def start(ctx: Context, args: str = "") -> list[Outgoing]:
    """/import [plan number]: with a file attached, preview it at once; else ask for the file."""
    draft = {"plan_number": args.strip()[:PLAN_NUMBER_CHARS]} if args.strip() else {}
    asked = await begin(ctx, IMPORT_FORM, draft, "file")
    return asked if ctx.incoming.file is None else await handle(ctx, IMPORT_FORM)
