"""The dashboard's pages: plans, a plan's period, an agency, a task's history, the ranking,
the downloads. Each asks `access` whether the viewer may see it, and `board` for the figures."""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp import web

from bot.channels.base import FileRef
from bot.db.models import Plan, ReportingPeriod
from bot.reports import ReportError, period_report
from bot.services import tasks
from bot.web import access, board
from bot.web.app import BOARDS_KEY, Page, download, page
from bot.web.xlsx import ranking_xlsx

routes = web.RouteTableDef()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WEB_FILE = re.compile(r"^[0-9a-f]{64}$")


def _id(current: Page, name: str) -> int | None:
    value = current.request.match_info.get(name) or current.request.query.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


async def _plan(current: Page) -> Plan | None:
    """The plan of the URL, when the viewer may see its pages."""
    plan_id = _id(current, "plan")
    assert current.viewer is not None
    if plan_id is None or await access.visible_plan(current.viewer, plan_id) is None:
        return None
    return await current.session.get(Plan, plan_id)


@routes.get("/")
@page()
async def home(current: Page) -> web.StreamResponse:
    assert current.viewer is not None
    if current.viewer.coordinates:
        raise web.HTTPSeeOther("/plans")
    if current.viewer.reports:
        raise web.HTTPSeeOther("/my")
    return current.not_found()


@routes.get("/plans")
@page()
async def plans(current: Page) -> web.StreamResponse:
    assert current.viewer is not None
    if not current.viewer.coordinates:
        return current.not_found()
    return current.render("plans.html.j2", plans=await access.visible_plans(current.viewer))


async def _period(
    current: Page, plan: Plan, period_id: int | None
) -> tuple[bool, ReportingPeriod | None]:
    """(found, period): the plan's period `period_id` names, else (no id) the one a coordinator
    looks at now; not found when the plan has no period of that id."""
    if period_id is None:
        today = current.app.clock.today()
        return True, await board.default_period(current.session, plan.id, today)
    period = await board.plan_period(current.session, plan.id, period_id)
    return period is not None, period


async def _named_period(current: Page) -> tuple[Plan, ReportingPeriod] | None:
    """The URL's plan, when the viewer may see it, and its period the URL names."""
    plan = await _plan(current)
    period_id = _id(current, "period")
    if plan is None or period_id is None:
        return None
    period = await board.plan_period(current.session, plan.id, period_id)
    return (plan, period) if period is not None else None


async def _board_page(
    current: Page, plan: Plan, period: ReportingPeriod | None
) -> web.StreamResponse:
    today = current.app.clock.today()
    boards = current.request.app[BOARDS_KEY]
    shown = await boards.board(current.session, plan, period, today=today)
    return current.render("period.html.j2", board=shown, outcomes=board.OUTCOMES, today=today)


@routes.get("/plans/{plan}")
@page()
async def plan_page(current: Page) -> web.StreamResponse:
    plan = await _plan(current)
    if plan is None:
        return current.not_found()
    found, period = await _period(current, plan, _id(current, "period"))
    if not found:
        return current.not_found()
    return await _board_page(current, plan, period)


@routes.get("/plans/{plan}/periods/{period}")
@page()
async def period_page(current: Page) -> web.StreamResponse:
    found = await _named_period(current)
    if found is None:
        return current.not_found()
    return await _board_page(current, *found)


@routes.get("/plans/{plan}/periods/{period}/report.{kind:(docx|xlsx)}")
@page()
async def period_download(current: Page) -> web.StreamResponse:
    found = await _named_period(current)
    if found is None:
        return current.not_found()
    plan, period = found
    try:
        made = await period_report(
            current.session,
            plan.id,
            period.label,
            today=current.app.clock.today(),
            locale=current.locale,
        )
    except ReportError as problem:
        return current.render("message.html.j2", status=404, text=problem.message(current.locale))
    kind = current.request.match_info["kind"]
    data, mime = (made.docx, DOCX) if kind == "docx" else (made.xlsx, XLSX)
    return download(data, f"{made.file_stem}.{kind}", mime)


async def _agency_context(current: Page) -> tuple[Plan, int] | None:
    plan_id, agency_id = _id(current, "plan"), _id(current, "agency")
    assert current.viewer is not None
    if plan_id is None or agency_id is None:
        return None
    if not await access.may_see_agency(current.viewer, plan_id, agency_id):
        return None
    plan = await current.session.get(Plan, plan_id)
    return (plan, agency_id) if plan is not None else None


@routes.get("/plans/{plan}/agencies/{agency}")
@page()
async def agency_page(current: Page) -> web.StreamResponse:
    found = await _agency_context(current)
    if found is None:
        return current.not_found()
    plan, agency_id = found
    today = current.app.clock.today()
    known, period = await _period(current, plan, _id(current, "period"))
    if not known:
        return current.not_found()
    rows = await board.agency_tasks(current.session, plan, period, agency_id, today=today)
    if not rows:
        return current.not_found()
    return current.render(
        "agency.html.j2",
        plan=plan,
        period=period,
        agency=rows[0].lead.agency,
        rows=rows,
        may_see_plan=await access.visible_plan(current.viewer, plan.id) is not None,  # type: ignore[arg-type]
    )


@routes.get("/plans/{plan}/agencies/{agency}/tasks/{task}")
@page()
async def history_page(current: Page) -> web.StreamResponse:
    found = await _agency_context(current)
    task_id = _id(current, "task")
    if found is None or task_id is None:
        return current.not_found()
    plan, agency_id = found
    task = await board.task_led_by(current.session, plan.id, task_id, agency_id)
    if task is None:
        return current.not_found()
    versions = await board.task_history(current.session, task_id, agency_id)
    agency = {"id": agency_id, "name": await tasks.agency_name(current.session, agency_id)}
    return current.render("history.html.j2", plan=plan, agency=agency, task=task, versions=versions)


@routes.get("/plans/{plan}/ranking")
@page()
async def ranking_page(current: Page) -> web.StreamResponse:
    plan = await _plan(current)
    if plan is None:
        return current.not_found()
    today = current.app.clock.today()
    years = await board.ranking_years(current.session, plan.id)
    past = [known for known in years if known < today.year]  # the last year that has ended
    year = _id(current, "year") or (past[-1] if past else today.year)
    rows = await current.request.app[BOARDS_KEY].ranking(current.session, plan, year, today=today)
    return current.render("ranking.html.j2", plan=plan, year=year, years=years, rows=rows)


@routes.get("/plans/{plan}/ranking.xlsx")
@page()
async def ranking_download(current: Page) -> web.StreamResponse:
    plan = await _plan(current)
    year = _id(current, "year")
    if plan is None or year is None:
        return current.not_found()
    today = current.app.clock.today()
    rows = await current.request.app[BOARDS_KEY].ranking(current.session, plan, year, today=today)
    data = ranking_xlsx(plan, year, rows, current.locale)
    return download(data, f"xep-hang-{year}.xlsx", XLSX)


@routes.get("/files/{update}/{index}")
@page()
async def attachment(current: Page) -> web.StreamResponse:
    """A file sent with an update, for whoever may see the update (never by a public URL)."""
    update_id, index = _id(current, "update"), _id(current, "index")
    assert current.viewer is not None
    found = await board.update_owner(current.session, update_id) if update_id else None
    if found is None or index is None:
        return current.not_found()
    update, plan_id, agency_id = found
    if not await access.may_see_assignment(current.viewer, plan_id, agency_id):
        return current.not_found()
    files = list(update.attachments or [])
    if index >= len(files):
        return current.not_found()
    meta = files[index]
    name = str(meta.get("name") or f"tep-dinh-kem-{update.id}")
    mime = str(meta.get("mime_type") or "application/octet-stream")
    data = await _file_bytes(current, meta)
    if data is None:
        return current.message("web-file-unavailable", status=404)
    return download(data, name, mime)


async def _file_bytes(current: Page, meta: dict[str, object]) -> bytes | None:
    """A file sent on the web is on disk; one sent in chat is fetched from its platform."""
    file_id = str(meta.get("file_id") or "")
    if meta.get("channel") == "web":
        if not WEB_FILE.match(file_id):
            return None
        path = Path(current.app.settings.files_dir) / "web" / file_id
        return path.read_bytes() if path.is_file() else None
    sender = current.app.senders.get(str(meta.get("channel") or ""))
    if sender is None:
        return None
    fields = {key: meta.get(key) for key in ("name", "mime_type", "size", "url")}
    kind = "photo" if meta.get("kind") == "photo" else "document"
    try:
        return await sender.download(FileRef(file_id=file_id, kind=kind, **fields))  # type: ignore[arg-type]
    except Exception:  # the platform no longer has it, or is unreachable
        return None
