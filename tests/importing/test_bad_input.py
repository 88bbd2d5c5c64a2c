"""Bad files: one clear message naming the file and the place, and the database unchanged."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models import Agency, Plan, Task
from bot.importing.errors import ImportFailed
from bot.importing.readers import OLE_MAGIC
from tests.importing.helpers import import_file, sample, settings

GOOD = (
    "STT,Nội dung,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian thực hiện\n"
    "1,Việc A,Sở Y tế,,Hàng năm\n"
)


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _encrypted_ooxml() -> bytes:
    return OLE_MAGIC + b"\x00" * 504 + b"EncryptedPackage"


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


HEADER_ROW = ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện"]
CASES = [
    ("plan.pdf", b"%PDF-1.7", "import-error-type", None),
    ("plan.xlsx", b"", "import-error-empty", None),
    ("plan.csv", b"   \n", "import-error-empty", None),
    ("plan.xlsx", b"PK\x03\x04garbage", "import-error-corrupt", None),
    ("plan.xlsx", _zip_without_workbook(), "import-error-corrupt", None),
    ("plan.docx", _zip_without_workbook(), "import-error-corrupt", None),
    ("plan.xlsx", b"not a zip at all", "import-error-text-named", None),
    ("plan.docx", "Kế hoạch số 1/KH".encode(), "import-error-text-named", None),
    ("plan.csv", _zip_without_workbook(), "import-error-corrupt", None),
    ("plan.txt", b"PK\x03\x04garbage", "import-error-corrupt", None),
    ("plan.csv", _encrypted_ooxml(), "import-error-protected", None),
    ("plan.xlsx", _encrypted_ooxml(), "import-error-protected", None),
    ("plan.docx", _encrypted_ooxml(), "import-error-protected", None),
    ("plan.csv", b"a,b\n1,2\n", "import-error-no-header", None),
    ("plan.xlsx", _xlsx([["Tiêu đề"], [1, 2]]), "import-error-no-header", None),
    (
        "plan.csv",
        "STT,Nội dung,Cơ quan chủ trì\nI,Phần một,\n".encode(),
        "import-error-no-tasks",
        None,
    ),
    ("plan.csv", (GOOD + "2,Việc\x07 B,Sở Y tế,,\n").encode(), "import-error-control", "B3"),
    (
        "plan.csv",
        (GOOD + '2,"=HYPERLINK(""x"")",Sở Y tế,,\n').encode(),
        "import-error-formula",
        "B3",
    ),
    (
        "plan.xlsx",
        _xlsx([HEADER_ROW, [1, "Việc A", "Sở Y tế", "=1+1"]]),
        "import-error-formula",
        "D2",
    ),
    ("plan.csv", "STT,Nội dung\n1,Việc\n".encode("utf-16"), "import-error-encoding", None),
    ("plan.txt", "Không có nhiệm vụ nào ở đây.".encode(), "import-error-no-tasks", None),
]


@pytest.mark.parametrize(("name", "data", "message_id", "cell"), CASES)
async def test_bad_files_fail_clearly(
    sqlite_database: Database, name: str, data: bytes, message_id: str, cell: str | None
) -> None:
    with pytest.raises(ImportFailed) as failure:
        await import_file(sqlite_database, data, name, apply=True)
    assert failure.value.message_id == message_id
    for locale in ("vi", "en"):
        message = failure.value.message(locale)
        assert name in message and "{" not in message
        if cell:
            assert cell in message


async def test_limits(sqlite_database: Database) -> None:
    with pytest.raises(ImportFailed) as too_big:
        await import_file(
            sqlite_database, GOOD.encode(), "plan.csv", settings=settings(import_max_bytes=10)
        )
    assert too_big.value.message_id == "import-error-size"
    many = GOOD + "".join(f"{n},Việc {n},Sở Y tế,,\n" for n in range(2, 80))
    with pytest.raises(ImportFailed) as too_long:
        await import_file(
            sqlite_database, many.encode(), "plan.csv", settings=settings(import_max_rows=5)
        )
    assert too_long.value.message_id == "import-error-rows"


async def test_failure_leaves_the_database_as_it_was(database: Database) -> None:
    name = "quangnam-kh1600-phuluc.csv"
    await import_file(database, sample(name), name, apply=True)

    async def counts() -> tuple[int | None, ...]:
        async with database.session() as session:
            return tuple(
                [
                    await session.scalar(select(func.count()).select_from(model))
                    for model in (Plan, Task, Agency)
                ]
            )

    before = await counts()
    broken = sample(name).replace("Hàng năm".encode(), "Hàng\x01năm".encode(), 1)
    with pytest.raises(ImportFailed):
        await import_file(database, broken, name, apply=True)
    with pytest.raises(ImportFailed) as unknown_target:
        await import_file(database, sample(name), name, mappings={"x": "Sở Không Có"}, apply=True)
    assert unknown_target.value.message_id == "import-error-map-target"
    with pytest.raises(ImportFailed) as no_number:
        await import_file(database, GOOD.encode(), "plan.csv", plan=None, apply=True)
    assert no_number.value.message_id == "import-error-no-plan-number"
    assert await counts() == before
