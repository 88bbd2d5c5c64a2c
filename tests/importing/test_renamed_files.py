"""A file whose name says another format than its content: a workbook renamed ".docx", a
document renamed ".csv". It is read as what it is (the preview says so), with every limit of
that format in force; a text file named ".xlsx" is refused, saying what it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.db.engine import Database
from bot.i18n import t
from bot.importing.errors import ImportFailed
from bot.importing.preview import format_preview
from bot.importing.readers import MB, ReadLimits, read_document
from tests.importing.bombs import docx_bomb
from tests.importing.helpers import exported, import_file, sample, summary

RENAMED = [
    ("quangnam-kh1600-phuluc.xlsx", "phu-luc.docx", "xlsx"),
    ("quangnam-kh1600-phuluc.xlsx", "phu-luc.csv", "xlsx"),
    ("quangnam-kh1600-phuluc.docx", "phu-luc.csv", "docx"),
    ("quangnam-kh1600-phuluc.docx", "phu-luc.xlsx", "docx"),
    ("quangnam-kh1600-phuluc.docx", "phu-luc.txt", "docx"),
]


@pytest.mark.parametrize(("fixture", "renamed", "content"), RENAMED)
async def test_a_renamed_sample_is_read_as_what_it_is(
    database: Database, fixture: str, renamed: str, content: str
) -> None:
    data = sample(fixture)
    preview = await import_file(database, data, renamed, apply=True)
    assert preview.applied and preview.file_format == content and preview.task_count == 15
    named = renamed.rsplit(".", 1)[1]
    notice = t("vi", f"import-notice-read-as-{content}", detail=named)
    assert f".{named}" in notice and content.upper() in notice
    assert notice in format_preview(preview, "vi")
    english = t("en", f"import-notice-read-as-{content}", detail=named)
    assert english in format_preview(preview, "en") and "although named" in english
    as_renamed = summary(await exported(database))
    properly = await import_file(database, data, fixture, plan="2/KH-UBND", apply=True)
    assert properly.applied and properly.file_format == content
    assert not any(n.message_id.startswith("import-notice-read-as") for n in properly.warnings)
    assert summary(await exported(database, "2/KH-UBND")) == as_renamed


def _refused(data: bytes, name: str) -> ImportFailed:
    with pytest.raises(ImportFailed) as refused:
        read_document(data, name, max_bytes=20 * MB, max_rows=20_000, limits=ReadLimits())
    return refused.value


@pytest.mark.parametrize("renamed", ["bomb.csv", "bomb.txt", "bomb.xlsx"])
def test_a_renamed_docx_bomb_is_still_refused_before_it_is_read(
    tmp_path: Path, renamed: str
) -> None:
    bomb = tmp_path / renamed
    docx_bomb(bomb)
    refused = _refused(bomb.read_bytes(), renamed)
    assert refused.message_id == "import-error-unpacked"
    assert "IMPORT_MAX_UNPACKED_BYTES" in refused.message("en")


def test_a_renamed_workbook_keeps_the_workbooks_limits() -> None:
    data = sample("quangnam-kh1600-phuluc.xlsx")
    with pytest.raises(ImportFailed) as refused:
        read_document(
            data,
            "phu-luc.docx",
            max_bytes=20 * MB,
            max_rows=20_000,
            limits=ReadLimits(max_cells=50),
        )
    assert refused.value.message_id == "import-error-cells"


def test_text_named_as_a_package_is_refused_saying_what_it_is() -> None:
    csv = sample("quangnam-kh1600-phuluc.csv")
    for name in ("phu-luc.xlsx", "phu-luc.docx"):
        refused = _refused(csv, name)
        assert refused.message_id == "import-error-text-named"
        extension = name.rsplit(".", 1)[1]
        message = refused.message("vi")
        assert name in message and f"đuôi .{extension}" in message and ".csv" in message
        assert "plain text" in refused.message("en")
    assert _refused(b"\xff\xfe\x00binary", "plan.docx").message_id == "import-error-corrupt"
