"""Turning the rows of a task table into tasks.

Columns are found by their header text (Vietnamese or English, any order, some absent), below any
title rows, over one or two header lines. Then each row is a task, a section heading ("1", "II"
with a title across the row, or a group row whose other cells are "-"), a repeated header (DOCX
tables repeat it on every page), a row of column numbers "(1) (2) (3)", or empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.importing.parsed import Notice, Outline, ParsedTask, label_level, section_label
from bot.importing.readers import SourceTable
from bot.text import fold

HEADER_SEARCH_ROWS = 30
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("stt", re.compile(r"^(?:stt|tt|so tt|so thu tu|no|#|ma|ma so|code|item|number|ma nhiem vu)$")),
    ("coordinators", re.compile(r"phoi hop|coordinat|support")),
    (
        "leads",
        re.compile(
            r"chu tri|(?:don vi|co quan) (?:thuc hien|chiu trach nhiem)|lead|responsib|in charge"
        ),
    ),
    ("timeframe", re.compile(r"thoi gian|thoi han|tien do|timeframe|deadline|timeline|\bdue\b")),
    ("funding", re.compile(r"kinh phi|nguon von|funding|budget|\bfunds?\b")),
    ("product", re.compile(r"san pham|ket qua|product|output|deliverable")),
    ("content", re.compile(r"noi dung|nhiem vu|cong viec|\btasks?\b|content|activit|descri")),
)
_EMPTY = ("", "-", "–", "—", "x")
TASK_ROLES = ("stt", "content", "leads", "coordinators", "product", "timeframe", "funding")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class Columns:
    roles: dict[str, int]
    width: int
    header_content: str = ""  # the content column's header text, to spot repeated headers

    def get(self, row: list[str], role: str) -> str:
        index = self.roles.get(role)
        return row[index].strip() if index is not None and index < len(row) else ""

    def task_cells(self, row: list[str]) -> list[str]:
        """The row's cells in `TASK_ROLES` order ("" where the column is absent), in one pass."""
        width = len(row)
        return [
            row[index].strip() if index is not None and index < width else ""
            for index in map(self.roles.get, TASK_ROLES)
        ]


def _header_key(cell: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s#]", " ", fold(cell))).strip()


def detect_roles(cells: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _header_key(cell)
        if not key or len(key) > 80:
            continue
        for role, pattern in ROLES:
            if pattern.search(key):
                if role not in roles:
                    roles[role] = index
                break
    return roles


def _usable(roles: dict[str, int]) -> bool:
    return "content" in roles and ("leads" in roles or len(roles) >= 3)


def find_header(table: SourceTable) -> tuple[Columns, int] | None:
    """The columns and the index of the first data row, or None when no header is found."""
    width = max((len(row) for row in table.rows), default=0)
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        single = detect_roles(row)
        combined: dict[str, int] = {}
        if len(single) >= 2 and index + 1 < len(table.rows):
            above = row + [""] * (width - len(row))
            below = table.rows[index + 1] + [""] * (width - len(table.rows[index + 1]))
            joined = [a if a == b else f"{a} {b}" for a, b in zip(above, below, strict=True)]
            combined = detect_roles(joined)
        if _usable(combined) and len(combined) > len(single):
            return Columns(combined, width, joined[combined["content"]].strip()), index + 2
        if _usable(single):
            return Columns(single, width, row[single["content"]].strip()), index + 1
    return None


def _is_column_numbers(row: list[str]) -> bool:
    cells = [cell for cell in row if cell]
    return (
        len(cells) >= 3
        and all(_COLUMN_NUMBER.match(cell) for cell in cells)
        and len(set(cells)) == len(cells)
    )


class TableReader:
    """Reads tables one after the other as one stream (a DOCX table split over pages)."""

    def __init__(self) -> None:
        self.outline = Outline()
        self.tasks: list[ParsedTask] = []
        self.notices: list[Notice] = []
        self.columns: Columns | None = None
        self.headers_found = 0
        self.previous_code: str | None = None

    def read(self, table: SourceTable) -> None:
        found = find_header(table)
        start = 0
        if found is not None:
            self.columns, start = found
            self.headers_found += 1
        elif (
            table.container != "table"  # a sheet without a header is not the task table
            or self.columns is None
            or self.columns.width != max(map(len, table.rows), default=0)
        ):
            return
        for index in range(start, len(table.rows)):
            self._row(table, index)

    def _is_header_again(self, row: list[str]) -> bool:
        assert self.columns is not None
        content = self.columns.get(row, "content")
        if len(content) > 80 or content != self.columns.header_content:
            return False
        return len(detect_roles(row)) >= 2

    def _row(self, table: SourceTable, index: int) -> None:
        assert self.columns is not None
        row = table.rows[index]
        if not any(cell.strip() for cell in row) or _is_column_numbers(row):
            return
        if self._is_header_again(row):
            return  # the header again, on a new page
        stt, content, *others = self.columns.task_cells(row)
        label = section_label(stt) if stt != content else None
        place = table.place(index)
        if all(value in _EMPTY or value == content for value in others) or (
            label and label_level(label) == 0
        ):
            title = content if content not in _EMPTY else stt
            if label:
                self.outline.open(label_level(label), label, title)
            elif title not in _EMPTY:
                self.outline.open(20, "", title)
            return
        if stt and label is None:
            self.notices.append(Notice("import-notice-odd-number", place, stt))
        if not content:
            self.notices.append(Notice("import-notice-no-content", place))
        if "stt" not in self.columns.roles:
            label = str(len(self.tasks) + 1)  # a table without numbers: tasks in file order
        code = self.outline.task_code(label or "", self.previous_code if not label else None)
        self.previous_code = code
        leads, coordinators, product, timeframe, funding = others
        self.tasks.append(
            ParsedTask(
                code=code,
                position=len(self.tasks),
                section_path=self.outline.path,
                section_titles=self.outline.titles,
                content=content,
                leads=leads if leads not in _EMPTY else "",
                coordinators=coordinators if coordinators not in _EMPTY else "",
                product=product if product not in _EMPTY else None,
                timeframe=timeframe if timeframe not in _EMPTY else None,
                funding=funding if funding not in _EMPTY else None,
                place=place,
                lead_column=self.columns.roles.get("leads"),
                coordinator_column=self.columns.roles.get("coordinators"),
            )
        )


def read_tables(tables: list[SourceTable]) -> TableReader:
    reader = TableReader()
    for table in tables:
        reader.read(table)
    return reader
