"""The admin's /import form: file → plan number (only when the file has none) → preview →
Confirm or Cancel → applied. "/import 457/KH-UBND" gives the plan number up front.

The file is fetched with the channel's own `download` (by the platform's file id, URL or path)
and kept in the draft only by reference; Confirm downloads it again and applies the same preview.
"""

from __future__ import annotations

from typing import Any

from bot.channels.base import Choice, FileRef, Outgoing
from handlers.context import Context
from handlers.forms.engine import Answer, Done, Flow, Form, Question, Reask, Step, begin, handle

FORM_NAME = "import"
CONFIRM = "form:confirm"
PLAN_NUMBER_CHARS = 60


async def _download(ctx: Context, file: FileRef) -> bytes:
    sender = ctx.app.senders.get(ctx.incoming.channel)
    if sender is None:
        raise Reask("chat-import-no-download")
    if file.size is not None and file.size > ctx.app.settings.import_max_bytes:
        raise Reask("chat-import-too-big", limit=ctx.app.settings.import_max_bytes)
    data = await sender.download(file)
    if len(data) > ctx.app.settings.import_max_bytes:
        raise Reask("chat-import-too-big", limit=ctx.app.settings.import_max_bytes)
    return data


async def _run(ctx: Context, draft: dict[str, Any], *, apply: bool) -> Any:
    from bot.importing.service import ImportFailed, run_import

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
    from bot.importing.service import format_preview

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
    from bot.importing.service import format_preview

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
