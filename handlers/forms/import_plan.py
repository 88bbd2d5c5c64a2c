"""The admin's /import form: file → plan number (only when the file has none) → one question per
name the registry does not know → Confirm or Cancel → applied. "/import 457/KH-UBND" gives the
plan number up front.

The first answer after the file is the preview on one screen (tasks per section, the agencies
leading most, what needs a decision; bot.importing.preview `format_summary`) with the whole
preview attached as a text file. Each unknown name is then decided in chat: the closest registry
agency (named on its button), a new agency, a group of bodies rather than one agency, or left
out. Nothing is stored before Confirm, which applies the same file with those decisions in one
transaction and answers with the counts only.

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
from bot.channels.base import Channel, Choice, FileRef, Incoming, OutFile, Outgoing
from bot.channels.capabilities import capabilities
from handlers.context import Context
from handlers.forms import engine
from handlers.forms.engine import Answer, Done, Flow, Form, Goto, Question, Reask, Step

FORM_NAME = "import"
CONFIRM = "form:confirm"
NEAR, NEW, GROUP, LEAVE_OUT = "import:near", "import:new", "import:group", "import:skip"
DECISIONS = (NEAR, NEW, GROUP, LEAVE_OUT)
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
    worth parsing. What goes wrong is said later, by the import itself. The importer is
    loaded only then: a chat message without a file never needs it."""
    file = incoming.file
    if file is None:
        return
    admin = incoming.user_id in app.settings.admin_ids(incoming.channel)
    if not (admin or capabilities(incoming.channel).local):
        return
    from bot.importing.service import prepare_file

    try:
        data = await _fetch(app, incoming.channel, file)
    except Reask:
        return
    await prepare_file(data, file.name or "plan", settings=app.settings)


def _decided(draft: dict[str, Any]) -> dict[str, list[str]]:
    """name as written → [decision] or [NEAR, the registry agency]."""
    return dict(draft.get("decisions") or {})


async def _run(ctx: Context, draft: dict[str, Any], *, apply: bool) -> Any:
    from bot.importing.errors import ImportFailed
    from bot.importing.service import run_import

    ref = draft["file"]
    file = FileRef(**{k: v for k, v in ref.items() if k != "channel"})
    data = await _download(ctx, file)
    decided = _decided(draft)
    try:
        return await run_import(
            ctx.session,
            data,
            file.name or "plan",
            settings=ctx.app.settings,
            plan_number=draft.get("plan_number"),
            mappings={name: how[1] for name, how in decided.items() if how[0] == NEAR},
            create=[name for name, how in decided.items() if how[0] == NEW],
            groups=[name for name, how in decided.items() if how[0] == GROUP],
            skip=[name for name, how in decided.items() if how[0] == LEAVE_OUT],
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
    draft["decisions"] = {}
    draft.pop("_file_sent", None)
    await _preview(ctx, draft)
    return None


async def _preview(ctx: Context, draft: dict[str, Any]) -> None:
    """Preview the file with the decisions so far; the next question shows it on one screen."""
    from bot.importing.preview import format_outcome, format_preview, format_summary

    preview = await _run(ctx, draft, apply=False)
    draft["summary"] = format_summary(preview, ctx.locale)
    draft["outcome"] = "\n".join(format_outcome(preview, ctx.locale))
    draft["pending"] = [
        {
            "name": entry.name,
            "places": "; ".join(place.describe(ctx.locale) for place in entry.places[:3]),
            "closest": entry.suggestions[0][0] if entry.suggestions else None,
        }
        for entry in preview.unresolved
        if not entry.decided
    ]
    draft["needs_number"] = preview.needs_plan_number
    draft["_show"] = True
    if not draft.get("_file_sent"):
        draft["_full"] = format_preview(preview, ctx.locale, chat=True)


def _question(
    ctx: Context, draft: dict[str, Any], text: str, choices: list[Choice] | None = None
) -> Question:
    """`text`, after the one-screen preview the first time it is asked since the file was read,
    with the full preview attached the first time of all."""
    document = None
    if draft.pop("_show", False):
        text = draft["summary"] + "\n\n" + text
    full = draft.pop("_full", None)
    if full is not None:
        draft["_file_sent"] = True
        name = (draft["file"].get("name") or "plan").rsplit(".", 1)[0]
        document = OutFile(
            f"{name}-xem-truoc.txt",
            full.encode("utf-8"),
            "text/plain",
            caption=ctx.t("chat-import-full-preview"),
        )
    return Question(text, choices or [], document=document)


def _needs_number(draft: dict[str, Any]) -> bool:
    return bool(draft.get("needs_number"))


async def ask_number(ctx: Context, draft: dict[str, Any]) -> Question:
    return _question(ctx, draft, ctx.t("chat-import-ask-number"))


async def take_number(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    number = (answer.value or "").strip()
    if not number or len(number) > PLAN_NUMBER_CHARS:
        raise Reask("chat-import-ask-number")
    draft["plan_number"] = number
    await _preview(ctx, draft)
    return None


def _undecided(draft: dict[str, Any]) -> bool:
    return bool(draft.get("pending"))


async def ask_decision(ctx: Context, draft: dict[str, Any]) -> Question:
    entry = draft["pending"][0]
    done = len(_decided(draft))
    choices = [Choice(NEAR, ctx.t("chat-import-decide-near", agency=entry["closest"]))]
    if not entry["closest"]:
        choices = []
    choices += [
        Choice(NEW, ctx.t("chat-import-decide-new")),
        Choice(GROUP, ctx.t("chat-import-decide-group")),
        Choice(LEAVE_OUT, ctx.t("chat-import-decide-skip")),
    ]
    text = ctx.t(
        "chat-import-decide",
        index=done + 1,
        count=done + len(draft["pending"]),
        name=entry["name"],
        places=entry["places"] or "—",
    )
    return _question(ctx, draft, text, choices)


async def take_decision(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    entry = draft["pending"][0]
    if answer.value not in DECISIONS or (answer.value == NEAR and not entry["closest"]):
        raise Reask("form-pick-one")
    decided = _decided(draft)
    decided[entry["name"]] = [NEAR, entry["closest"]] if answer.value == NEAR else [answer.value]
    draft["decisions"] = decided
    draft["pending"] = draft["pending"][1:]
    if draft["pending"]:
        return Goto("decide")
    await _preview(ctx, draft)  # the counts with every name decided
    draft.pop("_show", None)  # the confirm question says what changed, not the preview again
    return Goto("decide") if draft["pending"] else None


def _decision_lines(ctx: Context, draft: dict[str, Any]) -> list[str]:
    lines = []
    for name, how in _decided(draft).items():
        kind = how[0].split(":", 1)[1]
        lines.append("  • " + ctx.t(f"chat-import-decided-{kind}", name=name, agency=how[-1]))
    return [ctx.t("chat-import-decisions"), *lines] if lines else []


async def ask_confirm(ctx: Context, draft: dict[str, Any]) -> Question:
    text = "\n".join(
        [*_decision_lines(ctx, draft), draft["outcome"], ctx.t("chat-import-ask-confirm")]
    )
    return _question(ctx, draft, text, [Choice(CONFIRM, ctx.t("chat-import-confirm"))])


async def take_confirm(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    from bot.importing.preview import format_gaps, format_outcome

    if answer.value != CONFIRM:
        raise Reask("form-pick-one")
    preview = await _run(ctx, draft, apply=True)
    if not preview.applied:
        raise Reask("chat-import-not-applied")
    lines = [
        ctx.t("chat-import-applied"),
        *format_outcome(preview, ctx.locale),
        *format_gaps(preview, ctx.locale),
    ]
    return Done([Outgoing(text="\n".join(lines))])


IMPORT_FORM = Form(
    FORM_NAME,
    (
        Step("file", "file", ask_file, take_file),
        Step(
            "plan_number",
            "text",
            ask_number,
            take_number,
            applies=_needs_number,
            takes_numbers=True,
        ),
        Step("decide", "choice", ask_decision, take_decision, applies=_undecided),
        Step("confirm", "choice", ask_confirm, take_confirm),
    ),
)


async def start(ctx: Context, args: str = "") -> list[Outgoing]:
    """/import [plan number]: with a file attached, preview it at once; else ask for the file."""
    draft = {"plan_number": args.strip()[:PLAN_NUMBER_CHARS]} if args.strip() else {}
    asked = await engine.begin(ctx, IMPORT_FORM, draft, "file")
    return asked if ctx.incoming.file is None else await engine.handle(ctx, IMPORT_FORM)
