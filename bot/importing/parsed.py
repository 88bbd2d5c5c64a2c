"""A task as read from a file, before its agencies are resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.importing.errors import Place


@dataclass(slots=True)
class ParsedTask:
    code: str
    position: int
    section_path: str
    section_titles: list[str]
    content: str
    leads: str = ""
    coordinators: str = ""
    product: str | None = None
    timeframe: str | None = None
    funding: str | None = None
    place: Place = field(default_factory=Place)
    lead_column: int | None = None
    coordinator_column: int | None = None
    prose: bool = False  # assignments written as sentences, not as lists
    in_sentences: bool = False  # leads and coordinators are read from `content` itself
    duty: bool = False  # an agency's general duty, beside the plan's tasks: never reminded
    focal: bool = False  # says its agency is the plan's focal point ("là cơ quan đầu mối")


@dataclass(frozen=True)
class Notice:
    """Something the admin should look at in the preview; it does not stop the import."""

    message_id: str
    place: Place | None = None
    detail: str = ""


@dataclass
class Section:
    level: int
    label: str  # "III", "1", "1.2"; "" for an unnumbered group heading
    code: str  # the full path: "III.1"
    title: str


ROMAN = re.compile(r"^[IVXLC]+$")
LABEL = re.compile(r"^(?:[IVXLC]+|\d+|[a-zđ])(?:\.(?:\d+|[a-zđ]))*(?:-\d+)?$")


def section_label(text: str) -> str | None:
    """ "III", "1", "1.2", "a", "III.1.2-2" as a label; None for anything else."""
    label = text.strip().rstrip(".)").strip()
    return label if label and LABEL.match(label) else None


def label_level(label: str) -> int:
    """0 for a Roman part, 1 for "1", 2 for "1.2" or "III.1", 10 for a lettered item."""
    parts = label.split("-")[0].split(".")
    if ROMAN.match(parts[0]):
        return len(parts) - 1
    if parts[0].isalpha():
        return 10
    return len(parts)


class Outline:
    """The stack of section headings above the current row, and the codes given so far."""

    def __init__(self) -> None:
        self.stack: list[Section] = []
        self.used: set[str] = set()

    def close(self, level: int) -> None:
        """Leave every section at `level` or deeper."""
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()

    def open(self, level: int, label: str, title: str) -> Section:
        self.close(level)
        parent = self.path
        code = label if not parent or not label else f"{parent}.{label}"
        if label and "." in label:
            code = self.roman_prefix(label)
        section = Section(level, label, code if label else parent, title)
        self.stack.append(section)
        return section

    @property
    def path(self) -> str:
        numbered = [section for section in self.stack if section.label]
        return numbered[-1].code if numbered else ""

    @property
    def titles(self) -> list[str]:
        return [section.title for section in self.stack if section.title]

    def roman_prefix(self, dotted: str) -> str:
        """A dotted number ("1.2") is a full path inside the current Roman part, if any."""
        romans = [section for section in self.stack if section.level == 0 and section.label]
        if romans and not dotted.startswith(romans[-1].label + "."):
            return f"{romans[-1].label}.{dotted}"
        return dotted

    def task_code(self, label: str, previous: str | None) -> str:
        if label and "." in label:
            level = label_level(label)  # task "IV.2" follows section "IV.1", not inside it
            while self.stack and self.stack[-1].label and self.stack[-1].level >= level:
                self.stack.pop()
            code = self.roman_prefix(label)
        elif label:
            self.close(label_level(label))  # task "2" follows group "1", it is not inside it
            code = f"{self.path}.{label}" if self.path else label
        else:
            code = f"{previous}-2" if previous else (f"{self.path}.1" if self.path else "1")
        return self.unique(code)

    def unique(self, code: str) -> str:
        base, counter = code, 2
        if base.rsplit("-", 1)[-1].isdigit() and "-" in base:
            base, number = base.rsplit("-", 1)
            counter = int(number)
        while code in self.used:
            code = f"{base}-{counter}"
            counter += 1
        self.used.add(code)
        return code
