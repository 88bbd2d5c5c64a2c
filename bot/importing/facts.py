"""What a plan's own text says about the plan: number, date, issuer, title, and how agencies report.

"(Kèm theo Kế hoạch số 457/KH-UBND ngày 08 tháng 5 năm 2024 của UBND tỉnh An Giang)" gives the
number, date and issuer. The reporting clause ("Định kỳ báo cáo kết quả thực hiện (qua Sở Công
Thương) trước ngày 15/01 hằng năm", "định kỳ hàng năm (trước ngày 10 tháng 12) báo cáo … về Sở
Khoa học và Công nghệ", "sơ kết … định kỳ 05 năm/lần") gives a cadence, a due day and month, and
the agency that collects the reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.db.models import Cadence
from bot.text import clean, fold

_NUMBER = re.compile(r"(?:Kế\s+hoạch|KH)\s+số\s*:?\s*(\d+\s*/\s*[\wĐđ.]*KH[\wĐđ.-]*)", re.I)
_NUMBER_HEADER = re.compile(r"^\s*Số\s*:\s*(\d+\s*/\s*[\wĐđ.]*KH[\wĐđ.-]*)", re.I | re.M)
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_DATE_NUMERIC = re.compile(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.I)
_ISSUER_OF = re.compile(
    r"của\s+((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:tỉnh|thành phố)\s+[^)\n,;]+)", re.I
)
_ISSUER_HEADER = re.compile(r"^\s*(?:ỦY|UỶ) BAN NHÂN DÂN\s+(TỈNH|THÀNH PHỐ)\s+([^\n]+)$", re.M)
_PROVINCE = re.compile(  # words joined by plain spaces only, never across lines
    r"trên địa bàn (tỉnh|thành phố) ([A-ZĐÂĂÊÔƠƯ][^\s,.;)]*(?: [A-ZĐÂĂÊÔƠƯ][^\s,.;)]*){0,3})"
)
_ATTACHED = re.compile(r"\(\s*Kèm theo\s+(Kế hoạch[^)]*)\)", re.I)
_PLAN_HEADING = re.compile(r"^\s*KẾ\s+HOẠCH\b\s*(.*)$")
_TITLE_STOP = re.compile(
    r"^(?:Thực hiện|Căn cứ)\s+(?:Quyết định|Nghị quyết|Chỉ thị|Kế hoạch|Luật|Thông)|^[IVX]+\.\s"
)

_CLAUSES = re.compile(r"(?<=[.;:])\s+|\n+")
_VIA = re.compile(
    r"\((?:qua|thông qua|gửi)\s+([^)]+)\)"
    r"|(?:về|cho|qua|thông qua)\s+(Sở\s+[^,;()]+?)"
    r"(?=\s+(?:để|trước|định|hằng|hàng|tổng|theo)\b|[,;.()]|$)",
    re.I,
)
_DUE_NUMERIC = re.compile(r"trước\s+ngày\s+(\d{1,2})\s*/\s*(\d{1,2})(?!\s*/\s*\d)", re.I)
_DUE_WORDS = re.compile(r"trước\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?!\s+năm)", re.I)
_DUE_DAY = re.compile(r"trước\s+ngày\s+(\d{1,2})\s+(?:hằng|hàng)\s+(tháng|quý)", re.I)
_EVERY_N_YEARS = re.compile(r"(\d{1,2})\s+nam\s*/\s*lan\b")
_FIRST_YEAR = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*(?:19|20)\d\d\b|\btu nam ((?:19|20)\d\d)\b")
_FOLLOWS_UP = re.compile(
    r"(Sở\s+[^,;:()]+?)\s+(?:có trách nhiệm|chịu trách nhiệm|là cơ quan đầu mối|chủ trì)"
    r"[^.;]*?theo dõi,?\s*đôn đốc",
    re.I,
)


@dataclass(frozen=True)
class ReportingClause:
    cadence: Cadence
    source_text: str
    every_n: int = 1
    due_day: int | None = None
    due_month: int | None = None
    agency_name: str | None = None
    first_year: int | None = None  # a multi-year clause's "giai đoạn 2026-2030", "từ năm 2026"

    @property
    def undated(self) -> bool:
        """A yearly or multi-year clause without a day and month: no reminders until an admin
        sets the due date (bot.periods.cadence.is_undated)."""
        return self.cadence in (Cadence.YEARLY, Cadence.EVERY_N_YEARS) and self.due_month is None


@dataclass
class PlanFacts:
    number: str | None = None
    issue_date: date | None = None
    issuer: str | None = None
    title: str | None = None
    reporting: list[ReportingClause] = field(default_factory=list)
    coordinating_agency_name: str | None = None
    clause_without_deadline: str | None = None


def title_key(title: str | None) -> str:
    """A comparison key for plan titles: "KẾ HOẠCH Thực hiện Đề án “X” …" (the body) and
    "(Kèm theo Kế hoạch thực hiện Đề án "X" …)" (its appendix) give the same key."""
    if not title:
        return ""
    key = re.sub(r"[^\w\s]", " ", fold(title))
    key = re.sub(r"^\s*ke hoach\s+", "", re.sub(r"\s+", " ", key).strip())
    return key.strip()


def _date(text: str) -> date | None:
    for pattern in (_DATE_WORDS, _DATE_NUMERIC):
        match = pattern.search(text)
        if match:
            day, month, year = (int(group) for group in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def _title(paragraphs: list[str]) -> str | None:
    for index, paragraph in enumerate(paragraphs[:40]):
        attached = _ATTACHED.search(paragraph)
        if attached:
            words = re.sub(  # the number, date and issuer are facts of their own
                r"\s+số\s+\S+|\s+ngày\s+\d[^,)]*?năm\s+\d{4}|\s+của\s+(?:UBND|Ủy ban)[^)]*$",
                "",
                attached.group(1),
            )
            words = re.sub(r"^Kế\s+hoạch\s*", "", words, flags=re.I).strip()
            return clean(words[:1].upper() + words[1:]) or None
        heading = _PLAN_HEADING.match(paragraph)
        if heading:
            parts = [heading.group(1)] if heading.group(1).strip() else []
            following = [line for line in paragraphs[index + 1 : index + 8] if line.strip()]
            for line in following[:3]:
                if _TITLE_STOP.search(line.strip()):
                    break
                parts.append(line)
            title = clean(" ".join(parts))
            return title or None
    return None


def _cadence(key: str) -> tuple[Cadence, int] | None:
    every = _EVERY_N_YEARS.search(key)
    if every:
        return Cadence.EVERY_N_YEARS, int(every.group(1))
    if "6 thang" in key or "sau thang" in key:
        return Cadence.SIX_MONTHLY, 1
    if "hang quy" in key or "moi quy" in key:
        return Cadence.QUARTERLY, 1
    if "hang thang" in key:
        return Cadence.MONTHLY, 1
    if "hang nam" in key or "moi nam" in key:
        return Cadence.YEARLY, 1
    return None


def _is_reporting_sentence(key: str) -> bool:
    if "bao cao" not in key and "so ket" not in key:
        return False
    return bool(re.search(r"bao cao (?:\S+ ){0,6}ket qua|ket qua (?:\S+ ){0,4}bao cao|so ket", key))


def read_reporting(text: str) -> tuple[list[ReportingClause], str | None, str | None]:
    """The reporting clauses of a plan body: (clauses with a cadence, the agency reports go
    through, a periodic clause that gives no deadline for the admin to complete)."""
    clauses: list[ReportingClause] = []
    via_agency: str | None = None
    without_deadline: str | None = None
    for sentence in _CLAUSES.split(text):
        sentence = clean(sentence.replace("\n", " "))
        key = fold(sentence)
        if not _is_reporting_sentence(key) or not ("dinh ky" in key or _cadence(key)):
            continue
        via = _VIA.search(sentence)
        agency = clean(next(group for group in via.groups() if group)) if via else None
        via_agency = via_agency or agency
        cadence = _cadence(key)
        if cadence is None:
            without_deadline = without_deadline or sentence
            continue
        due = _DUE_NUMERIC.search(sentence) or _DUE_WORDS.search(sentence)
        due_in_period = _DUE_DAY.search(sentence)
        day = month = None
        if due:
            day, month = int(due.group(1)), int(due.group(2))
        elif due_in_period:
            day = int(due_in_period.group(1))
        if cadence[0] == Cadence.YEARLY and day is None:
            without_deadline = without_deadline or sentence
        first = _FIRST_YEAR.search(key) if cadence[0] == Cadence.EVERY_N_YEARS else None
        first_year = int(first.group(1) or first.group(2)) if first else None
        clauses.append(
            ReportingClause(cadence[0], sentence, cadence[1], day, month, agency, first_year)
        )
    return clauses, via_agency, without_deadline


def read_facts(paragraphs: list[str]) -> PlanFacts:
    """Everything the plan's text says about the plan itself."""
    text = "\n".join(clean(paragraph) for paragraph in paragraphs if paragraph)
    facts = PlanFacts()
    number = _NUMBER.search(text) or _NUMBER_HEADER.search(text)
    if number:
        facts.number = re.sub(r"\s+", "", number.group(1)).rstrip(".")
        facts.issue_date = _date(text[number.end() : number.end() + 80])
    attached = _ATTACHED.search(text)
    issuer = _ISSUER_OF.search(attached.group(1)) if attached else None
    header = _ISSUER_HEADER.search(text)
    province = _PROVINCE.search(text)
    if issuer:
        facts.issuer = clean(issuer.group(1))
    elif header:
        facts.issuer = f"UBND {header.group(1).lower()} {header.group(2).strip().title()}"
    elif province:
        facts.issuer = f"UBND {province.group(1)} {province.group(2)}"
    facts.title = _title([clean(paragraph) for paragraph in paragraphs])
    flat = re.sub(r"[ \t]*\n[ \t]*(?![-+•]|[IVX]+\.|\d+\.|[a-zđ]\))", " ", text)
    clauses, via_agency, without_deadline = read_reporting(flat)
    facts.reporting = clauses
    facts.clause_without_deadline = without_deadline
    follows_up = _FOLLOWS_UP.search(flat)
    facts.coordinating_agency_name = via_agency or (
        clean(follows_up.group(1)) if follows_up else None
    )
    return facts
