"""The section "Tổ chức thực hiện" of a plan body, read as one item per agency.

    V. TỔ CHỨC THỰC HIỆN
    1. Căn cứ nhiệm vụ được giao, các Sở, ban, ngành … cụ thể như sau:
    a) Sở Y tế chủ trì, phối hợp các Sở, Ban ngành liên quan triển khai …
    b) Sở Văn hóa, Thể thao và Du lịch, Ban Quản lý Khu kinh tế tỉnh và các Sở, ngành … ưu tiên …
    2. Giao Sở Giáo dục và Đào tạo chủ trì … Đồng thời, là cơ quan đầu mối tổng hợp báo cáo …
    3. Sở Xây dựng
    Hướng dẫn các địa phương rà soát …

A numbered or lettered item without sub-items is one item; its content is the whole paragraph
with the unnumbered paragraphs that follow it (a paragraph broken by a line or a page break).
An item with sub-items is their heading: its text is an introduction ("… cụ thể như sau:").
An agency's name alone on a line ("Sở Xây dựng", "Sở Tài chính:"), numbered or not, heads the
paragraphs that follow it, and the items under it are that agency's.

Only the layout is read here, so the result is a pure function of the text; who leads and who
coordinates is read from the sentences against the registry (`bot.importing.subjects`). Every
pattern is anchored and free of nested quantifiers: a long body parses in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.importing.errors import Place
from bot.importing.parsed import ParsedTask
from bot.importing.splitter import begins_like_agency
from bot.text import fold, shorten

DUTY_PREFIX = "TCTH"  # codes of general duties: "TCTH.2", apart from the table's "V.2"
_LABELLED = re.compile(r"^([IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s*(.*)$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_PART = re.compile(r"^(?:phan|muc|chuong)(?: thu)? \w+ ?[.:\-–]? ?")  # "Phần thứ ba. …"
# "Trách nhiệm của Sở Y tế", "Nhiệm vụ của các sở, ngành": a title naming whose items follow.
_WHOSE = re.compile(r"^(?:trách nhiệm|nhiệm vụ)\s+(?:của\s+)?(?=\S)", re.IGNORECASE)
_SECTION_TITLES = (
    "to chuc thuc hien",
    "to chuc trien khai thuc hien",
    "trach nhiem thuc hien",
    "trach nhiem to chuc thuc hien",
    "phan cong thuc hien",
    "phan cong nhiem vu",
    "phan cong trach nhiem",
)
_ENDS = ("noi nhan", "tm ", "tm.", "kt ", "kt.", "phu luc", "chu tich", "pho chu tich")
_CLOSERS = ("trong qua trinh", "qua trinh trien khai", "tren day la", "trong thoi gian")
_PREDICATE = re.compile(
    r"\b(?:chủ trì|phối hợp|trách nhiệm|tham mưu|triển khai|thực hiện|đầu mối)\b", re.IGNORECASE
)
# "(là cơ quan / làm) đầu mối tổng hợp báo cáo": the item's agency is the plan's focal point.
_FOCAL = re.compile(r"\b(?:là|làm)\s+(?:cơ quan\s+)?đầu mối\b", re.IGNORECASE)
_APPENDIX = re.compile(
    r"\b(?:theo|tai|tai cac|o|kem theo|nhu)\s+phu luc\b"
    r"|\bphu luc\s+(?:kem theo|dinh kem|chi tiet|nhiem vu|so\s+\d|[ivx]+\b|\d+\b)"
)
_LETTER_LEVEL = 10
_TITLE_LENGTH = 90


@dataclass
class _Item:
    level: int
    label: str  # "1", "a"; "" for an agency named alone on a line
    code: str
    title: str
    heading: str  # the agency this item is written under ("" when the sentence says it)
    line: int
    content: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    parent_code: str = ""
    children: int = 0
    headed: bool = False  # the title is an agency's name, the content follows it
    name_line: bool = False  # an agency's name alone on a line, heading what follows


def _section_level(text: str) -> tuple[int, str] | None:
    """(level, label) when the paragraph is the heading of the section, else None."""
    if len(text) > 120:  # a heading is a few words; folding every paragraph costs
        return None
    match = _LABELLED.match(text)
    label, title = (match.group(1), match.group(2)) if match else ("", text)
    key = _PART.sub("", fold(title)).strip(" .:")
    if len(key.split()) > 8 or not key.startswith(_SECTION_TITLES):
        return None
    if not label or _ROMAN.match(label):
        return 0, label
    return (1 if label[0].isdigit() else _LETTER_LEVEL), label


def _is_agency_heading(text: str, max_words: int = 14) -> bool:
    """ "Sở Xây dựng", "Sở Tài chính:", "UBND các huyện, thị xã, thành phố": a name, not a
    sentence (no final full stop, no verb of assignment, a few words)."""
    body = text.rstrip().rstrip(":").rstrip()
    if not body or body[-1] in ".;!?," or len(body.split()) > max_words:
        return False
    return begins_like_agency(body) and not _PREDICATE.search(body)


def _colon_subject(text: str) -> str:
    """ "Sở Tài chính: Hàng năm …" → "Sở Tài chính" (the name before a colon)."""
    head, colon, _ = text.partition(":")
    return head.strip() if colon and _is_agency_heading(head) else ""


def _whose(title: str) -> str:
    """ "Trách nhiệm của Sở Y tế:" → "Sở Y tế"."""
    match = _WHOSE.match(title)
    rest = title[match.end() :].rstrip(" :.") if match else ""
    return rest if rest and _is_agency_heading(rest) else ""


def _short(title: str) -> str:
    return shorten(title.rstrip(" :"), _TITLE_LENGTH)


def _ends_section(text: str, key: str, section_level: int, label: str) -> bool:
    if key.startswith(_ENDS) and len(text.split()) <= 6:
        return True
    if label and _ROMAN.match(label):
        return True
    if section_level >= 1 and label[:1].isdigit() and "." not in label:
        return True  # "4. Kinh phí" after "3. Tổ chức thực hiện"
    letters = [ch for ch in text if ch.isalpha()]
    return bool(not label and len(letters) > 3 and text.isupper() and not begins_like_agency(text))


def read_implementation(paragraphs: list[str]) -> tuple[list[ParsedTask], str]:
    """The items of the last "Tổ chức thực hiện" section, and the section's label ("V", "").
    Codes are the plan's own ("V.1.a"); the caller re-codes them when they are duties."""
    start = None
    for index, paragraph in enumerate(paragraphs):
        if _section_level(paragraph.strip()) is not None:
            start = index
    if start is None:
        return [], ""
    heading = _section_level(paragraphs[start].strip())
    assert heading is not None
    section_level, section_label = heading
    section_title = _short(_LABELLED.sub(r"\2", paragraphs[start].strip()).strip(" :"))
    stack: list[_Item] = []
    items: list[_Item] = []
    used: set[str] = set()
    unlabelled: dict[str, int] = {}
    previous = ""
    previous_is_title = False  # a heading or a short numbered title: what follows is new

    def parent() -> _Item | None:
        return stack[-1] if stack else None

    def open_item(level: int, label: str, title: str, agency: str, line: int) -> _Item:
        while stack and stack[-1].level >= level:
            stack.pop()
        above = parent()
        base = above.code if above else section_label
        if not label:
            unlabelled[base] = unlabelled.get(base, 0) + 1
            label_text = str(unlabelled[base])
        else:
            label_text = label.rsplit(".", 1)[-1] if above and "." in label else label
        code = f"{base}.{label_text}" if base else label_text
        while code in used:
            code += "'"
        used.add(code)
        inherited = agency or (above.heading if above else "")
        item = _Item(level, label, code, title, inherited, line)
        item.parents = [section_title, *(_short(i.title) for i in stack if i.title)]
        item.parent_code = above.code if above else section_label
        if above is not None:
            above.children += 1
        stack.append(item)
        items.append(item)
        return item

    section: list[tuple[int, str, str, re.Match[str] | None]] = []
    for number in range(start + 2, len(paragraphs) + 1):
        text = paragraphs[number - 1].strip()
        if not text:
            continue
        key = fold(text[:40])  # enough for the words that end the section
        match = _LABELLED.match(text)
        label = match.group(1) if match else ""
        if label and not label[0].isdigit() and not _ROMAN.match(label) and ")" not in text[:3]:
            label = ""  # "a." only counts as a label in "a) …"; "a. …" is too often a word
        if _ends_section(text, key, section_level, label):
            break
        if not label and key.startswith(_CLOSERS):
            break
        section.append((number, text, label, match))
    # Word's automatic numbering leaves no "1." in the text: then every paragraph is an item.
    numbered = any(label for _, _, label, _ in section)
    for number, text, label, match in section:
        continued = previous and previous[-1] not in ".;:!?…" and not previous_is_title
        if label:
            title = match.group(2).strip() if match else text
            level = _LETTER_LEVEL if label[0].isalpha() else label.count(".") + 1
            # A title that is a short name ("3. Sở Xây dựng") heads the paragraphs below; a
            # longer one may be the first line of a wrapped sentence ("2. Các doanh nghiệp …
            # ngành" / "Công Thương: …"). Either way it stays in the content, and names the
            # agency only if the sentence names none.
            agency = title.rstrip(":").strip() if _is_agency_heading(title, 10) else ""
            named = title.rstrip(":").strip() if _is_agency_heading(title) else ""
            subject = agency or named or _colon_subject(title) or _whose(title)
            item = open_item(level, label, title, subject, number)
            item.content.append(f"{agency}:" if agency else title)
            item.headed = bool(agency)
            previous_is_title = bool(agency) or len(title.split()) <= 10
        elif not continued and (_is_agency_heading(text) or _whose(text)):
            above = next((i for i in reversed(stack) if i.label), None)
            level = (above.level if above else section_level) + 1
            name = _whose(text) or text.rstrip(":").strip()
            open_item(level, "", name, name, number).name_line = True
            previous_is_title = True
        elif stack and (numbered or continued):
            stack[-1].content.append(text)
            previous_is_title = False
        elif not numbered and not text.endswith(":"):
            above = next((i for i in reversed(stack) if i.name_line), None)
            level = (above.level if above else section_level) + 1
            open_item(level, "", text, "", number).content.append(text)
            previous_is_title = False
        previous = text
    tasks: list[ParsedTask] = []
    for item in items:
        if item.children or not item.content or (item.headed and len(item.content) < 2):
            continue
        content = " ".join(item.content)
        tasks.append(
            ParsedTask(
                code=item.code,
                position=len(tasks),
                section_path=item.parent_code,
                section_titles=item.parents,
                content=content,
                leads=item.heading,
                place=Place("line", "", item.line),
                prose=True,
                in_sentences=True,
                focal=bool(_FOCAL.search(content)),
            )
        )
    return tasks, section_label


def refers_to_appendix(paragraphs: list[str]) -> bool:
    """Whether the body sends its tasks to an appendix ("theo Phụ lục đính kèm")."""
    return any(
        _APPENDIX.search(fold(paragraph))
        for paragraph in paragraphs
        if "lục" in paragraph.lower()  # "Phụ lục" in any case: fold only those paragraphs
    )


def as_duties(tasks: list[ParsedTask], section_label: str) -> list[ParsedTask]:
    """The same items as general duties, coded apart from the plan's tasks ("V.2" → "TCTH.2")."""
    for task in tasks:
        for attribute in ("code", "section_path"):
            value = getattr(task, attribute)
            if section_label and (value == section_label or value.startswith(section_label + ".")):
                value = value[len(section_label) :].lstrip(".")
            setattr(task, attribute, f"{DUTY_PREFIX}.{value}" if value else DUTY_PREFIX)
        task.duty = True
    return tasks
