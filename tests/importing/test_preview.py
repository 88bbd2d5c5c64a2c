"""The preview as the admin reads it, in Vietnamese and in English."""

from __future__ import annotations

from bot.db.engine import Database
from bot.importing.preview import format_preview
from tests.importing.helpers import import_file, sample

TABLE = (
    "STT;Nội dung;Cơ quan chủ trì;Cơ quan phối hợp;Thời gian thực hiện\n"
    "1;Việc A;Sở Khoa hoc Cong ngee;Sở Y tế, các sở, ngành liên quan;Hàng năm\n"
    "2;Việc B;;;2025\n"
)


async def test_preview_lists_sections_agencies_unknown_names_and_warnings(
    sqlite_database: Database,
) -> None:
    preview = await import_file(sqlite_database, TABLE.encode(), "plan.csv", plan="5/KH-UBND")
    vi = format_preview(preview, "vi")
    assert "Tệp plan.csv → Kế hoạch 5/KH-UBND (kế hoạch mới)" in vi
    assert "Nhiệm vụ: 2" in vi
    assert "Sở Y tế: chủ trì 0, phối hợp 1" in vi
    assert "Nhóm chung (không phải cơ quan cụ thể): Các sở, ban, ngành liên quan" in vi
    assert '"Sở Khoa hoc Cong ngee" (bảng CSV, ô C2); gần nhất: Sở Khoa học và Công nghệ' in vi
    assert "bảng CSV, dòng 3: nhiệm vụ 2 không có cơ quan chủ trì" in vi
    assert "Nếu nạp: 2 nhiệm vụ mới, 0 cập nhật, 0 giữ nguyên, 0 rút khỏi kế hoạch." in vi
    en = format_preview(preview, "en")
    assert "Tasks: 2" in en and "Agency names not in the registry: 1" in en
    assert "table CSV, cell C2" in en and "{" not in en


async def test_preview_of_a_plan_body(sqlite_database: Database) -> None:
    name = "quangnam-kh1600.docx"
    preview = await import_file(sqlite_database, sample(name), name)
    vi = format_preview(preview, "vi")
    assert "Chế độ báo cáo: hằng năm trước ngày 15/01 (qua Sở Công Thương)" in vi
    en = format_preview(preview, "en")
    assert "Reporting: yearly before 15/01 (through Sở Công Thương)" in en
