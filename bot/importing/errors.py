"""Why a file cannot be imported, and where in it: messages a person can act on."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import t


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB" (spreadsheet style, also used to name CSV and DOCX columns)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class Place:
    """A place in a source file: a sheet or table, and optionally a row and a column."""

    container: str = "file"  # file | sheet | table | line
    label: str = ""  # sheet name, table number
    row: int | None = None  # 1-based, as the person sees it
    column: int | None = None  # 0-based

    def ref(self) -> str:
        """A short, language-neutral reference kept on the task: "Phụ lục!C12", "1!B5", "#13"."""
        if self.container == "line":
            return f"#{self.row}"
        cell = f"{column_letter(self.column)}{self.row}" if self.column is not None else self.row
        return f"{self.label}!{cell}" if self.label else str(cell)

    def describe(self, locale: str) -> str:
        cell = f"{column_letter(self.column)}{self.row}" if self.column is not None else None
        if self.container == "sheet":
            where = t(locale, "import-place-sheet", sheet=self.label)
        elif self.container == "table":
            where = t(locale, "import-place-table", table=self.label)
        elif self.container == "line":
            return t(locale, "import-place-line", line=str(self.row))
        else:
            where = ""
        parts = [where] if where else []
        if cell is not None and self.row is not None:
            parts.append(t(locale, "import-place-cell", cell=cell))
        elif self.row is not None:
            parts.append(t(locale, "import-place-row", row=str(self.row)))
        return ", ".join(parts)


class ImportFailed(Exception):
    """The file cannot be imported; nothing was written. `.message(locale)` says why and where."""

    def __init__(
        self, message_id: str, file_name: str, place: Place | None = None, **args: object
    ) -> None:
        super().__init__(f"{message_id}: {file_name} {place or ''} {args}")
        self.message_id = message_id
        self.file_name = file_name
        self.place = place
        self.args_for_message = args

    def message(self, locale: str) -> str:
        reason = t(locale, self.message_id, **self.args_for_message)
        where = self.place.describe(locale) if self.place else ""
        if where:
            return t(locale, "import-failed-at", file=self.file_name, place=where, reason=reason)
        return t(locale, "import-failed", file=self.file_name, reason=reason)
