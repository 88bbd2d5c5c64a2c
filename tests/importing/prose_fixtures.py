"""Plans written for the tests whose tasks are the prose of "Tổ chức thực hiện", as TXT (the
files in tests/fixtures/prose) and as DOCX built from the same lines with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK

PROSE = Path(__file__).resolve().parents[1] / "fixtures" / "prose"
RESOLUTION = "kh-nghi-quyet.txt"  # lettered items under an intro, "Giao …", a name alone
HEADINGS = "kh-trach-nhiem.txt"  # names alone on a line, sub-items under an agency, đầu mối
BULLETS = "kh-khoa-hoc.txt"  # "- …" under a named item, lettered items under a group


def prose_txt(name: str) -> bytes:
    return (PROSE / name).read_bytes()


def prose_docx(name: str, *, page_break_after: str | None = None) -> bytes:
    """The TXT file's lines as Word paragraphs; with `page_break_after`, a page break (its own
    paragraph, as Ctrl+Enter makes it) follows the line that starts so."""
    document = docx.Document()
    for line in (PROSE / name).read_text("utf-8").splitlines():
        document.add_paragraph(line)
        if page_break_after and line.startswith(page_break_after):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return _bytes(document)


def docx_with_table(paragraphs: list[str], rows: list[list[str]] | None = None) -> bytes:
    """A plan body, and its appendix table if any, in one Word file."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if not rows:
        return _bytes(document)
    table = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    return _bytes(document)


def _bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
