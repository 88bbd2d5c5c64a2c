"""Importing again: tasks updated in place by code, gone ones withdrawn, reports never lost;
export then import is stable; unknown names are never created silently."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models import Agency, Assignment, AuditLog, StatusUpdate, Task, UpdateStatus
from bot.importing.export import to_csv, to_xlsx
from tests.importing.helpers import exported, import_file, sample, summary

HEADER = "STT,Nội dung công việc,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian thực hiện\n"
FIRST = HEADER + (
    "1,Nhóm một,,,\n"
    "1.1,Việc A,Sở Y tế,Sở Tài chính,Hàng năm\n"
    '1.2,Việc B,Sở Nội vụ,"Sở Tư pháp, Sở Y tế",2025-2026\n'
    "1.3,Việc C,Sở Xây dựng,,Thường xuyên\n"
)
SECOND = HEADER + (
    "1,Nhóm một,,,\n"
    "1.1,Việc A (sửa),Sở Y tế,Sở Tài chính,Hàng năm\n"
    "1.2,Việc B,Sở Tư pháp,Sở Y tế,2025-2026\n"
    "1.4,Việc D,Sở Công Thương,,Quý I/2026\n"
)


async def _ids(db: Database) -> dict[str, tuple[int, bool]]:
    async with db.session() as session:
        rows = await session.execute(select(Task.code, Task.id, Task.withdrawn))
        return {code: (task_id, withdrawn) for code, task_id, withdrawn in rows.all()}


async def _report_on(db: Database, code: str) -> None:
    async with db.session() as session:
        assignment = await session.scalar(
            select(Assignment).join(Task).where(Task.code == code).order_by(Assignment.position)
        )
        assert assignment is not None
        session.add(
            StatusUpdate(assignment_id=assignment.id, status=UpdateStatus.IN_PROGRESS, result="50%")
        )


async def test_reimport_updates_in_place_withdraws_and_keeps_reports(database: Database) -> None:
    first = await import_file(database, FIRST.encode(), "plan.csv", apply=True)
    assert (first.created, first.updated, first.withdrawn) == (3, 0, 0)
    before = await _ids(database)
    await _report_on(database, "1.2")  # Sở Nội vụ reported on 1.2
    await _report_on(database, "1.3")

    preview = await import_file(database, SECOND.encode(), "plan.csv")
    assert (preview.created, preview.updated, preview.unchanged, preview.withdrawn) == (1, 2, 0, 1)
    assert not preview.applied and await _ids(database) == before  # a preview writes nothing

    second = await import_file(database, SECOND.encode(), "plan.csv", apply=True)
    assert second.applied
    after = await _ids(database)
    assert after["1.1"][0] == before["1.1"][0] and after["1.2"][0] == before["1.2"][0]
    assert after["1.3"] == (before["1.3"][0], True)  # withdrawn, not deleted
    assert not after["1.4"][1]
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(StatusUpdate)) == 2
        leads = await session.execute(
            select(Agency.name)
            .join(Assignment)
            .join(Task)
            .where(Task.code == "1.2")
            .order_by(Agency.name)
        )
        # The new lead is assigned; the old one keeps its assignment because it has a report.
        assert [name for (name,) in leads.all()] == ["Sở Nội vụ", "Sở Tư pháp", "Sở Y tế"]
        assert await session.scalar(select(func.count()).select_from(AuditLog)) == 2
    assert any(w.message_id == "import-notice-kept-assignments" for w in second.warnings)
    records = await exported(database)
    assert [r["code"] for r in records] == ["1.1", "1.2", "1.4"]
    assert records[0]["content"] == "Việc A (sửa)"

    back = await import_file(database, FIRST.encode(), "plan.csv", apply=True)
    assert (back.created, back.withdrawn) == (0, 1)
    restored = await _ids(database)
    assert restored["1.3"] == (before["1.3"][0], False) and restored["1.4"][1]


async def test_export_then_import_is_stable(sqlite_database: Database) -> None:
    name = "quangngai-kh1600.docx"
    await import_file(sqlite_database, sample(name), name, apply=True)
    original = await exported(sqlite_database)
    for render, file_name in ((to_csv, "tasks.csv"), (to_xlsx, "tasks.xlsx")):
        again = await import_file(sqlite_database, render(original), file_name, apply=True)
        assert (again.created, again.updated, again.withdrawn) == (0, 0, 0)
        assert again.unchanged == 16 and not again.unresolved
        assert await exported(sqlite_database) == original
    # …and into a fresh plan, the export gives the same tasks again.
    await import_file(sqlite_database, to_xlsx(original), "copy.xlsx", plan="2/KH", apply=True)
    assert summary(await exported(sqlite_database, "2/KH")) == summary(original)


async def test_unknown_names_need_a_mapping_or_acceptance(database: Database) -> None:
    data = (HEADER + "1,Việc X,Sở Hư cấu,Sở Y tế; Ban Ảo,Năm 2025\n").encode()
    preview = await import_file(database, data, "plan.csv", apply=True)
    assert not preview.applied
    assert [(u.name, [p.row for p in u.places]) for u in preview.unresolved] == [
        ("Sở Hư cấu", [2]),
        ("Ban Ảo", [2]),
    ]
    assert preview.unresolved[0].suggestions and preview.unresolved[0].suggestions[0][1] > 0
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(Task)) == 0

    mapped = await import_file(
        database,
        data,
        "plan.csv",
        mappings={"Sở Hư cấu": "Sở Tư pháp", "ban ảo": "Sở KH&CN"},
        apply=True,
    )
    assert mapped.applied and not mapped.new_agencies
    records = await exported(database)
    assert records[0]["leads"] == [{"name": "Sở Tư pháp", "group": False, "successor": None}]
    assert [a["name"] for a in records[0]["coordinators"]] == [
        "Sở Y tế",
        "Sở Khoa học và Công nghệ",
    ]
    # The mapping is remembered as an alias for the next file.
    again = await import_file(database, data, "plan.csv", plan="2/KH")
    assert not again.unresolved

    other = (HEADER + "1,Việc Y,Sở Mới lạ,,Năm 2025\n").encode()
    accepted = await import_file(
        database, other, "other.csv", plan="3/KH", accept_unknown=True, apply=True
    )
    assert accepted.applied and accepted.new_agencies == ["Sở Mới lạ"]
    async with database.session() as session:
        agency = await session.scalar(select(Agency).where(Agency.name == "Sở Mới lạ"))
        assert agency is not None and not agency.verified
