"""Issue 12, item 7: text that misleads a reader is removed where text is normalised.

Bidirectional controls can show a coordinator "Sở Y tế" with its words reordered, and zero-width
characters make two equal-looking names differ; both are removed by `bot.text.clean`, the
boundary that NFC-normalises chat input and imported cells. Tables nested in a DOCX cell were
left out by python-docx's `cell.text`; they are read now.
"""

from __future__ import annotations

import io

import docx
import pytest

from bot.channels.base import Incoming
from bot.importing.document import parse_document
from bot.importing.readers import read_document
from bot.text import clean

INVISIBLE = [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f",
]  # fmt: skip


@pytest.mark.parametrize("mark", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_clean_removes_bidi_controls_and_zero_width_characters(mark: str) -> None:
    assert clean(f"Sở{mark} Y tế{mark}") == "Sở Y tế"


def test_removal_comes_before_nfc() -> None:
    assert clean("Y te\u200b\u0302\u0301") == "Y tế"  # the accents compose once the space is gone


def test_chat_input_is_cleaned() -> None:
    incoming = Incoming("telegram", "1", "1", "A\u202e B", text="/help\u2066 ")
    assert incoming.text == "/help" and incoming.display_name == "A B"


def test_imported_cells_are_cleaned() -> None:
    csv_text = (
        "STT,Nội dung công việc,Cơ quan chủ trì\n"
        "1,Tuyên truyền\u202e về công nghệ sinh học,Sở\u200b Y tế\u2069\n"
    )
    document = read_document(csv_text.encode(), "p.csv", max_bytes=1 << 20, max_rows=100)
    task = parse_document(document, 100).tasks[0]
    assert task.content == "Tuyên truyền về công nghệ sinh học"
    assert task.leads == "Sở Y tế"


def test_tables_nested_in_a_docx_cell_are_read() -> None:
    word = docx.Document()
    table = word.add_table(rows=2, cols=3)
    for cell, text in zip(
        table.rows[0].cells, ["STT", "Nội dung công việc", "Cơ quan chủ trì"], strict=True
    ):
        cell.text = text
    row = table.rows[1].cells
    row[0].text, row[1].text, row[2].text = "1", "Tuyên truyền", "Sở Y tế"
    nested = row[2].add_table(rows=2, cols=1)
    nested.rows[0].cells[0].text = "Sở Công Thương"
    nested.rows[1].cells[0].text = "Sở Tài chính"
    buffer = io.BytesIO()
    word.save(buffer)
    document = read_document(buffer.getvalue(), "p.docx", max_bytes=1 << 20, max_rows=100)
    task = parse_document(document, 100).tasks[0]
    assert task.leads.split("\n") == ["Sở Y tế", "Sở Công Thương", "Sở Tài chính"]


def test_a_read_copy_keeps_what_was_cleaned_and_leaves_the_original_unread() -> None:
    incoming = Incoming(
        "telegram", "1", "1", "  Cán\u200b bộ ", text="Đa\u0303 xong  ", message_id="7"
    )
    read = incoming.as_read()
    assert read.read and not incoming.read
    assert (read.text, read.display_name, read.message_id) == ("Đã xong", "Cán bộ", "7")
    assert read.received_at == incoming.received_at
