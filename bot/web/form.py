"""The status form on the web (and in the chat's web app): the chat form's own steps.

The page is built from `handlers.forms.update`: the task and period are chosen by its
`select_assignment` (the overdue period first, the others a tap away; a report already sent is
loaded for editing), each field is checked by its step's own `take` in the step order (so a wrong
percent is refused with the chat's reason), and the report is stored by its `submit`, which files
it through `bot.services.updates.submit_update`: a report typed here is the same row as one typed
in chat.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from bot.channels.base import FileRef
from bot.db.models import UpdateStatus
from bot.services import tasks
from bot.services.updates import MAX_RESULT_CHARS
from bot.text import clean
from bot.web import access
from bot.web.app import Page, page
from handlers.forms import update
from handlers.forms.engine import Answer, Reask

routes = web.RouteTableDef()
FIELDS = ("status", "percent", "result", "obstacles", "proposals", "attachment")
STEPS = {step.name: step for step in update.STEPS if step.name in FIELDS}


@routes.get("/my")
@page()
async def my_tasks(current: Page) -> web.StreamResponse:
    viewer = current.viewer
    assert viewer is not None
    if not viewer.reports:
        return current.not_found()
    views = await access.own_assignments(viewer)
    agency = await tasks.agency_name(current.session, viewer.person.agency_id or 0)
    return current.render("my.html.j2", views=views, agency=agency or "")


def _period_id(current: Page, form: Any = None) -> int | None:
    raw = str((form or {}).get("period") or current.request.query.get("period") or "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


async def _draft(current: Page, form: Any = None) -> tuple[Any, dict[str, Any]] | None:
    viewer = current.viewer
    assert viewer is not None
    raw = current.request.match_info["assignment"]
    if not (raw.isascii() and raw.isdigit() and len(raw) < 12):
        return None
    view = await access.reportable(viewer, int(raw))
    if view is None:
        return None
    draft: dict[str, Any] = {}
    await update.select_assignment(viewer.ctx, draft, view, _period_id(current, form))
    draft.pop("_previous", None)
    return view, draft


def _render(
    current: Page, view: Any, draft: dict[str, Any], values: dict[str, str], errors: dict[str, str]
) -> web.Response:
    viewer = current.viewer
    assert viewer is not None
    return current.render(
        "form.html.j2",
        status=400 if errors else 200,
        view=view,
        draft=draft,
        values=values,
        errors=errors,
        period_line=update.period_line(viewer.ctx, draft),
        statuses=[
            (status.value, viewer.ctx.t(update.STATUS_IDS[status])) for status in UpdateStatus
        ],
        limit=MAX_RESULT_CHARS,
    )


@routes.get("/my/report/{assignment}")
@page()
async def report_form(current: Page) -> web.StreamResponse:
    found = await _draft(current)
    if found is None:
        return current.not_found()
    view, draft = found
    values = {
        key: "" if draft.get(key) is None else str(draft.get(key))
        for key in ("status", "percent", "result", "obstacles", "proposals")
    }
    return _render(current, view, draft, values, {})


def _uploaded(upload: FileField) -> tuple[FileRef, bytes]:
    """An uploaded file, named by its SHA-256 (the name people gave it stays in the row), and its
    bytes: nothing is written before the form is accepted (`_kept`)."""
    data = upload.file.read()
    ref = FileRef(
        file_id=hashlib.sha256(data).hexdigest(),
        name=clean(upload.filename or "") or None,
        mime_type=upload.content_type or None,
        size=len(data),
    )
    return ref, data


def _kept(current: Page, ref: FileRef, data: bytes) -> Path | None:
    """Write an accepted report's file under FILES_DIR/web; the path when this wrote it (None
    when the same bytes were already kept for another report)."""
    folder = Path(current.app.settings.files_dir) / "web"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ref.file_id
    if path.exists():
        return None
    path.write_bytes(data)
    return path


@routes.post("/my/report/{assignment}")
@page()
async def submit_report(current: Page) -> web.StreamResponse:
    form = await current.request.post()
    found = await _draft(current, form)
    if found is None:
        return current.not_found()
    viewer = current.viewer
    assert viewer is not None
    view, draft = found
    values = {key: clean(str(form.get(key) or "")) for key in FIELDS if key != "attachment"}
    errors: dict[str, str] = {}
    uploaded: tuple[FileRef, bytes] | None = None
    for name in FIELDS:
        step = STEPS[name]
        if not step.applies(draft):
            continue
        upload = form.get("attachment") if name == "attachment" else None
        if name == "attachment":
            if not isinstance(upload, FileField) or not upload.filename:
                continue  # optional: a report already sent keeps its file
            uploaded = _uploaded(upload)
            answer = Answer(file=uploaded[0])
        else:
            value = values[name].strip()
            if step.optional and not value:
                draft[name] = None
                continue
            answer = Answer(value=f"s:{value}" if name == "status" else value)
        try:
            await step.take(viewer.ctx, draft, answer)
        except Reask as reask:
            errors[name] = reask.reason(viewer.ctx)
        if name == "attachment" and draft.get("attachment"):
            draft["attachment"]["channel"] = "web"  # kept on this server, not on a platform
    if errors:  # refused: the upload, if any, is not kept
        return _render(current, view, draft, values, errors)
    written = _kept(current, *uploaded) if uploaded is not None else None
    try:
        saved = await update.submit(viewer.ctx, draft)
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise
    return current.render(
        "saved.html.j2", text="\n".join(message.text for message in saved), view=view
    )
