"""The stored tasks of a plan, with their resolved agencies, as JSON, CSV or XLSX.

The CSV and XLSX use the appendix layout with the full task code in the STT column and a heading
row per section, so exporting and importing again changes nothing. An old agency is written
with its 2025 successor ("Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)"); importing reads the
old name. General duties (task kind "duty") are not tasks to export.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import Agency, AgencyKind, Assignment, AssignmentRole, Plan, Task, TaskKind

HEADER = (
    "STT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Sản phẩm",
    "Thời gian thực hiện",
    "Nguồn kinh phí",
)
FORMATS = ("json", "csv", "xlsx")


class PlanNotFound(LookupError):
    """No plan has the number asked for."""


async def export_tasks(session: AsyncSession, plan_number: str) -> list[dict[str, Any]]:
    """One dict per task still in the plan (withdrawn tasks left out), in the file's order."""
    plan = await session.scalar(select(Plan).where(Plan.number == plan_number))
    if plan is None:
        raise PlanNotFound(plan_number)
    tasks = (
        await session.scalars(
            select(Task)
            .where(Task.plan_id == plan.id, Task.withdrawn.is_(False), Task.kind == TaskKind.TASK)
            .order_by(Task.position, Task.id)
        )
    ).all()
    named: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: {"lead": [], "coordinate": []}
    )
    successor = aliased(Agency)
    rows = await session.execute(
        select(Assignment.task_id, Assignment.role, Agency.name, Agency.kind, successor.name)
        .join(Agency, Agency.id == Assignment.agency_id)
        .outerjoin(successor, successor.id == Agency.successor_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan.id)
        .order_by(Assignment.task_id, Assignment.position, Assignment.id)
    )
    for task_id, role, name, kind, successor_name in rows.all():
        named[task_id][AssignmentRole(role).value].append(
            {"name": name, "group": kind == AgencyKind.GROUP, "successor": successor_name}
        )
    return [
        {
            "plan": plan.number,
            "code": task.code,
            "section": task.section_path,
            "section_titles": list(task.section_titles or []),
            "content": task.content,
            "leads": named[task.id]["lead"],
            "coordinators": named[task.id]["coordinate"],
            "product": task.product,
            "timeframe": {
                "raw": task.timeframe_raw,
                "kind": str(task.timeframe_kind),
                "start": task.timeframe_start.isoformat() if task.timeframe_start else None,
                "end": task.timeframe_end.isoformat() if task.timeframe_end else None,
            },
            "funding": task.funding,
        }
        for task in tasks
    ]


def _cell_name(agency: dict[str, Any]) -> str:
    if agency.get("successor"):
        return f"{agency['name']} (nay là {agency['successor']})"
    return str(agency["name"])


def to_json(records: list[dict[str, Any]]) -> bytes:
    return json.dumps(records, ensure_ascii=False, indent=2).encode("utf-8")


def _table_rows(records: list[dict[str, Any]]) -> list[list[str]]:
    rows: list[list[str]] = [list(HEADER)]
    open_sections: list[tuple[str, str]] = []
    for record in records:
        parts = record["section"].split(".") if record["section"] else []
        sections = [
            (".".join(parts[: i + 1]) if i < len(parts) else "", title)
            for i, title in enumerate(record["section_titles"])
        ]
        common = 0
        while (
            common < min(len(sections), len(open_sections))
            and sections[common] == open_sections[common]
        ):
            common += 1
        for code, title in sections[common:]:
            rows.append([code, title, "", "", "", "", ""])
        open_sections = sections
        rows.append(
            [
                record["code"],
                record["content"],
                "; ".join(map(_cell_name, record["leads"])),
                "; ".join(map(_cell_name, record["coordinators"])),
                record["product"] or "",
                record["timeframe"]["raw"] or "",
                record["funding"] or "",
            ]
        )
    return rows


def to_csv(records: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(_table_rows(records))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(records: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Nhiệm vụ")
    for row in _table_rows(records):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(records: list[dict[str, Any]], file_format: str) -> bytes:
    return {"json": to_json, "csv": to_csv, "xlsx": to_xlsx}[file_format](records)
