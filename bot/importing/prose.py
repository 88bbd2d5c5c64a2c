"""Tasks written as prose in a plan's body (Quảng Ngãi's Kế hoạch 1600 and its family):

    1. Công tác tuyên truyền …
    a) Tổ chức tuyên truyền các thông tin …
    - Đơn vị chủ trì: Sở Công Thương.
    - Đơn vị phối hợp: Sở Khoa học và Công nghệ, các sở, ngành liên quan; UBND các huyện …
    - Thời gian thực hiện: Thường xuyên.

Every numbered paragraph ("II.", "1.", "a)") opens a block; a block that receives a lead
("Đơn vị chủ trì" or "Đơn vị thực hiện") is a task coded by its path ("II.1.a"); the others are
sections. Numbered paragraphs without assignments (aims, budget) never become tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.importing.errors import Place
from bot.importing.parsed import Outline, ParsedTask, Section

_ROMAN = re.compile(r"^([IVXLC]+)\.\s+(.+)$")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.\s*(.+)$")
_LETTER = re.compile(r"^([a-zđ])\)\s*(.+)$")
_FIELD = re.compile(
    r"^[-–+•]?\s*(?:"
    r"(?P<who>(?:Đơn vị|Cơ quan)\s*(?:\([^)]*\)\s*)?(?P<role>chủ trì|thực hiện|phối hợp|"
    r"chịu trách nhiệm))(?:\s+thực hiện)?"
    r"|(?P<time>Thời gian|Thời hạn|Tiến độ)(?:\s+(?:thực hiện|hoàn thành))?"
    r"|(?P<product>Sản phẩm|Kết quả)(?:\s+đầu ra)?"
    r"|(?P<funding>(?:Nguồn\s+)?[Kk]inh phí(?:\s+thực hiện)?)"
    r")\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)


@dataclass
class _Block:
    section: Section
    parents: list[str]
    path: str
    content: list[str]
    place: Place
    fields: dict[str, str] = field(default_factory=dict)


def _field_name(match: re.Match[str]) -> str:
    if match.group("who"):
        return "coordinators" if match.group("role").lower() == "phối hợp" else "leads"
    if match.group("time"):
        return "timeframe"
    if match.group("product"):
        return "product"
    return "funding"


def read_prose(paragraphs: list[str]) -> list[ParsedTask]:
    outline = Outline()
    tasks: list[ParsedTask] = []
    block: _Block | None = None

    def finish() -> None:
        if block is None or not block.fields.get("leads"):
            return
        code = outline.unique(block.section.code)
        value = block.fields.get
        tasks.append(
            ParsedTask(
                code=code,
                position=len(tasks),
                section_path=block.path,
                section_titles=block.parents,
                content=" ".join(block.content).strip(),
                leads=value("leads", ""),
                coordinators=value("coordinators", ""),
                product=value("product"),
                timeframe=value("timeframe", "").rstrip(".") or None,
                funding=value("funding"),
                place=block.place,
                prose=True,
            )
        )

    for number, paragraph in enumerate(paragraphs, start=1):
        text = paragraph.strip()
        field_match = _FIELD.match(text)
        if field_match:
            if block is not None:
                name = _field_name(field_match)
                value = field_match.group("value").strip()
                joined = f"{block.fields[name]}; {value}" if name in block.fields else value
                block.fields[name] = joined
            continue
        heading = _ROMAN.match(text) or _NUMBER.match(text) or _LETTER.match(text)
        if heading:
            finish()
            label, title = heading.group(1), heading.group(2).strip()
            level = (
                0 if heading.re is _ROMAN else 10 if heading.re is _LETTER else label.count(".") + 1
            )
            outline.close(level)
            parents, path = outline.titles, outline.path
            section = outline.open(level, label, title)
            block = _Block(section, parents, path, [title], Place("line", "", number))
            continue
        if block is not None and not block.fields:
            block.content.append(text)
    finish()
    return tasks
