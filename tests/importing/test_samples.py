"""Every real sample imports with every task, lead agency and timeframe right.

The expected values below were read off the files by hand (tests/fixtures/samples, and the
plan texts in tests/fixtures/seeds): they are the plan as a coordinator reads it. The Quảng Nam
appendix holds 15 task rows (1.1–1.3, 2.1–2.4, 3.1–3.3, 4.1–4.2, 5.1–5.3) in each of its XLSX,
CSV and DOCX copies; Quảng Ngãi's plan writes its 16 tasks as prose.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models import Agency, Cadence, Plan, ReportingRule
from tests.importing.helpers import SEEDS, exported, import_file, sample, summary

KHCN = "Sở Khoa học và Công nghệ"
CT = "Sở Công Thương"
KHDT = "Sở Kế hoạch và Đầu tư"
NN = "Sở Nông nghiệp và Phát triển nông thôn"
TNMT = "Sở Tài nguyên và Môi trường"
TTTT = "Sở Thông tin và Truyền thông"
GDDT = "Sở Giáo dục và Đào tạo"
LDTBXH = "Sở Lao động, Thương binh và Xã hội"
BQL = "Ban Quản lý các Khu kinh tế và Khu công nghiệp tỉnh"
SBN = "Các sở, ban, ngành liên quan"
UBNDH = "UBND các huyện, thị xã, thành phố"
DVLQ = "Các đơn vị có liên quan"
DN = "Doanh nghiệp"
SCHOOLS = "Các trường đại học, cao đẳng"
INSTITUTES = "Các viện, trung tâm nghiên cứu"
YEARLY = ("Hàng năm", "yearly", None, None)
Y2230 = ("2022-2030", "range", "2022-01-01", "2030-12-31")
N2230 = ("Năm 2022-2030", "range", "2022-01-01", "2030-12-31")
ONGOING = ("Thường xuyên", "ongoing", None, None)

QUANGNAM = [
    ("1.1", [KHCN], [CT, KHDT, SBN], *YEARLY),
    ("1.2", [KHCN], [CT, KHDT, SBN], *YEARLY),
    ("1.3", [CT], [KHCN, NN, SBN], *YEARLY),
    ("2.1", [GDDT], [LDTBXH, KHCN, CT, SBN], *Y2230),
    ("2.2", [LDTBXH], [GDDT, SBN], *Y2230),
    ("2.3", [SCHOOLS], [SBN], *Y2230),
    ("2.4", [INSTITUTES, SCHOOLS], [GDDT, KHCN, SBN], *Y2230),
    ("3.1", [KHDT], [TNMT, "Sở Tài chính", "Cục Thuế tỉnh", CT, KHCN, SBN], *Y2230),
    ("3.2", [CT], [KHCN, SBN], *YEARLY),
    ("3.3", [KHCN], [KHDT, SBN], *Y2230),
    ("4.1", [KHCN], [GDDT, SBN], *YEARLY),
    ("4.2", [BQL], [KHDT, CT, SBN], *YEARLY),
    ("5.1", [TTTT], ["Báo tỉnh", "Đài Phát thanh - Truyền hình tỉnh", CT, SBN], *YEARLY),
    ("5.2", [TTTT], [CT, SBN], *YEARLY),
    ("5.3", [CT], [KHCN, SBN], *YEARLY),
]

QUANGNGAI = [
    ("II.1.a", [TTTT, SBN, UBNDH], [], *ONGOING),
    ("II.1.b", [CT], [KHCN, SBN, UBNDH], *ONGOING),
    ("II.2.a", [KHCN], [KHDT, SBN, UBNDH], *N2230),
    ("II.2.b", [KHDT], [BQL, DVLQ], *N2230),
    ("II.2.c", [CT], [KHCN, SBN, UBNDH, DN], *N2230),
    ("II.3.a", [KHCN], [SBN, UBNDH, DN], *N2230),
    ("II.3.b", [KHCN], [CT, SBN, UBNDH], *N2230),
    ("II.4.a", [CT], [SBN, UBNDH], *N2230),
    ("II.4.b", [NN], [SBN, UBNDH], *N2230),
    ("II.4.c", ["Sở Y tế"], [SBN, UBNDH], *N2230),
    ("II.4.d", [KHCN], [CT, SBN, UBNDH], *N2230),
    ("II.4.e", [KHCN], [CT, SBN, UBNDH], *N2230),
    ("II.4.f", [TNMT], [SBN, UBNDH, DVLQ], *N2230),
    ("II.5.a", [KHCN], [SBN, UBNDH], *N2230),
    ("II.5.b", [KHCN], [SBN, UBNDH], *N2230),
    ("II.5.c", [KHCN], [SBN, UBNDH, DN], *N2230),
]
QUANGNAM_TITLE = (
    "Thực hiện Đề án “Phát triển công nghiệp sinh học ngành Công Thương đến năm 2030” "
    "trên địa bàn tỉnh Quảng Nam"
)


@pytest.mark.parametrize(
    "name",
    ["quangnam-kh1600-phuluc.xlsx", "quangnam-kh1600-phuluc.csv", "quangnam-kh1600-phuluc.docx"],
)
async def test_quangnam_appendix_in_every_format(database: Database, name: str) -> None:
    preview = await import_file(database, sample(name), name, apply=True)
    assert preview.applied and preview.created == 15 and not preview.unresolved
    assert [(s.path, s.tasks) for s in preview.sections] == [
        ("1", 3), ("2", 4), ("3", 3), ("4", 2), ("5", 3)
    ]  # fmt: skip
    # The CSV copy has no title rows; the XLSX and DOCX carry "(Kèm theo Kế hoạch …)".
    assert preview.plan_title == (None if name.endswith(".csv") else QUANGNAM_TITLE)
    records = await exported(database)
    assert summary(records) == [tuple(row) for row in QUANGNAM]
    first = records[0]
    assert first["section_titles"] == [
        "Phát triển khoa học và công nghệ phục vụ công nghiệp sinh học ngành Công thương "
        "trên địa bàn tỉnh"
    ]
    assert first["product"] == "Đề tài, dự án, đề án"
    assert first["funding"] == "NSNN; nguồn kinh phí khác"
    assert first["content"].startswith("Hỗ trợ nghiên cứu, phát triển, nhận chuyển giao công nghệ")
    groups = {a["name"] for record in records for a in record["coordinators"] if a["group"]}
    assert groups == {SBN}


async def test_three_formats_give_the_same_tasks(sqlite_database: Database) -> None:
    results = []
    for number, name in enumerate(
        ["quangnam-kh1600-phuluc.xlsx", "quangnam-kh1600-phuluc.csv", "quangnam-kh1600-phuluc.docx"]
    ):
        await import_file(sqlite_database, sample(name), name, plan=f"{number}/KH-UBND", apply=True)
        records = await exported(sqlite_database, f"{number}/KH-UBND")
        results.append([{k: v for k, v in r.items() if k != "plan"} for r in records])
    assert results[0] == results[1] == results[2]


async def test_quangngai_prose_plan(database: Database) -> None:
    name = "quangngai-kh1600.docx"
    preview = await import_file(database, sample(name), name, plan="1600/KH-QNg", apply=True)
    assert preview.applied and preview.created == 16 and not preview.unresolved
    records = await exported(database, "1600/KH-QNg")
    assert summary(records) == [tuple(row) for row in QUANGNGAI]
    assert records[1]["section"] == "II.1"
    assert records[1]["section_titles"] == [
        "NỘI DUNG THỰC HIỆN",
        "Công tác tuyên truyền về phát triển công nghiệp sinh học ngành Công Thương",
    ]
    assert records[1]["content"] == (
        "Tổ chức tuyên truyền các thông tin về công nghiệp sinh học ngành Công Thương trên "
        "trang thông tin điện tử thành phần cơ quan."
    )
    # "Đơn vị thực hiện: Sở TT&TT chỉ đạo các cơ quan Báo, Đài …": the narrative is flagged.
    assert any(w.message_id == "import-notice-narrative" for w in preview.warnings)
    # The reporting clause names the coordinating department but no deadline.
    assert preview.coordinating_agency == CT
    assert any(w.message_id == "import-notice-no-deadline" for w in preview.warnings)
    async with database.session() as session:
        plan = await session.scalar(select(Plan).where(Plan.number == "1600/KH-QNg"))
        assert plan is not None and plan.issuer == "UBND tỉnh Quảng Ngãi"
        agency = await session.get(Agency, plan.coordinating_agency_id)
        assert agency is not None and agency.name == CT
        assert (await session.scalars(select(ReportingRule))).all() == []


async def test_plan_body_then_appendix_share_one_plan(database: Database) -> None:
    body = await import_file(
        database, sample("quangnam-kh1600.docx"), "quangnam-kh1600.docx", apply=True
    )
    assert body.applied and body.plan_body_only and body.task_count == 0
    assert [(r.cadence, r.due_day, r.due_month, r.agency_name) for r in body.reporting] == [
        (Cadence.YEARLY, 15, 1, CT)
    ]
    # The appendix names no plan number: it joins the plan whose title it carries.
    name = "quangnam-kh1600-phuluc.xlsx"
    appendix = await import_file(database, sample(name), name, plan=None, apply=True)
    assert appendix.plan_number == "1600/KH-UBND" and appendix.plan_exists
    assert appendix.created == 15
    async with database.session() as session:
        plan = await session.scalar(select(Plan).where(Plan.number == "1600/KH-UBND"))
        assert plan is not None
        agency = await session.get(Agency, plan.coordinating_agency_id)
        assert agency is not None and agency.name == CT
        rules = (await session.scalars(select(ReportingRule))).all()
        assert [(r.cadence, r.due_day, r.due_month) for r in rules] == [(Cadence.YEARLY, 15, 1)]
        assert rules[0].coordinating_agency_id == plan.coordinating_agency_id
    # Importing the body again keeps the tasks and the one rule.
    again = await import_file(
        database, sample("quangnam-kh1600.docx"), "quangnam-kh1600.docx", apply=True
    )
    assert again.withdrawn == 0
    assert len(await exported(database)) == 15
    async with database.session() as session:
        assert len((await session.scalars(select(ReportingRule))).all()) == 1


@pytest.mark.parametrize(
    ("seed", "tasks", "cadence"),
    [
        ("000_01d7d303e65c303e.txt", 0, (Cadence.YEARLY, 15, 1)),
        ("003_026f05ffb44366c6.txt", 16, None),
    ],
)
async def test_plan_texts_as_txt(
    sqlite_database: Database, seed: str, tasks: int, cadence: tuple[object, ...] | None
) -> None:
    data = (SEEDS / seed).read_bytes()
    preview = await import_file(sqlite_database, data, seed.replace("_", "-"), apply=True)
    assert preview.applied and preview.task_count == tasks
    assert preview.coordinating_agency == CT
    rules = [(r.cadence, r.due_day, r.due_month) for r in preview.reporting]
    assert rules == ([cadence] if cadence else [])
    if tasks:
        assert summary(await exported(sqlite_database)) == [tuple(row) for row in QUANGNGAI]
