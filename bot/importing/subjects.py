"""Who leads and who coordinates, read from a sentence of "Tổ chức thực hiện".

    "Sở Y tế chủ trì, phối hợp các Sở, Ban ngành liên quan triển khai …"
        → leads Sở Y tế; coordinating the group of departments
    "Sở Văn hóa, Thể thao và Du lịch, Ban Quản lý Khu kinh tế tỉnh và các Sở, ngành có liên
     quan ưu tiên thu hút …"  → leads the two agencies; the group coordinates
    "Giao Sở Giáo dục và Đào tạo chủ trì phối hợp với các Sở, ngành, địa phương …" → leads GD&ĐT
    "UBND các xã, phường và các cơ quan, đơn vị khác có liên quan lồng ghép …" → leads the groups

The subject is the run of names the sentence opens with (after "Giao", "Đề nghị", titles such
as "Giám đốc" and an opening "Căn cứ …," clause), read against the registry: at each point the
longest known name wins, so "Sở Xây dựng" is a name and not the verb "xây dựng". Generic groups
beside a named agency coordinate; a subject of groups only is the groups' task. Each "phối hợp
(với) …" names coordinating agencies the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.agencies.registry import AgencyRef
from bot.importing.splitter import begins_like_agency, split_agencies
from bot.text import clean, fold

Lookup = Callable[[str], AgencyRef | None]

MAX_WORDS = 16  # the longest registry names ("Ban Quản lý Khu kinh tế … Quảng Ngãi") fit
_LEAD_IN = re.compile(  # "Giao Sở X chủ trì", "UBND tỉnh giao cho Sở X", "Đề nghị Ủy ban MTTQ …"
    r"^(?:(?:(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+tỉnh\s+)?giao(?:\s+nhiệm vụ)?"
    r"(?:\s+cho)?|đề nghị|yêu cầu|trách nhiệm của)\s+",
    re.I,
)
_TITLES = re.compile(
    r"\b(?:giám đốc|thủ trưởng|chủ tịch|lãnh đạo|người đứng đầu|trưởng ban)\s+(?=\S)", re.I
)
_OPENING = re.compile(
    r"^(?:căn cứ|trên cơ sở|theo|để|nhằm|hằng năm|hàng năm|định kỳ|thực hiện|đồng thời)\b", re.I
)
_SEPARATOR = re.compile(r"\s*(?:[,;]\s*(?:và\s+|cùng\s+)?|\s(?:và|cùng|cùng với)\s+)", re.I)
_COORDINATE = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng|của))?\s+(?=\S)", re.I)
_CLAUSE_END = re.compile(r"[.:;()]")
_WORD = re.compile(r"\S+")
_DANGLING = {"và", "cùng", "với", "các", "của", "tại", "ở"}  # not folded: "tại" is not "tải"
# Where a name the registry does not know ends: the verb of the assignment.
_PREDICATE = re.compile(
    r"\s(?:chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|tham mưu|là cơ quan|làm đầu mối)\b",
    re.I,
)
_NAME_ENDINGS = {"tinh", "quan"}  # "… tỉnh", "… liên quan": part of the name, not a verb
_PLURALS = ("cac", "nhung")  # a plural is a group or nothing: never an unknown agency


def _has_letters(word: str) -> bool:
    return any(character.isalnum() for character in word)


def _continues_name(last_word: str, next_word: str) -> bool:
    """A capitalised word right after a name, with no comma between, goes on with the name
    (a proper name); the verb that follows a subject is written in lower case."""
    return last_word[-1:].isalnum() and next_word[:1].isupper()


@dataclass
class SentenceAssignment:
    leads: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)


class SentenceReader:
    """Reads assignments from sentences. `known` finds the names the registry (or the admin's
    mappings) knows; `anything` also finds generic categories ("các tổ chức tín dụng")."""

    def __init__(
        self,
        known: Lookup,
        anything: Lookup,
        near: Lookup | None = None,
        spelled: Callable[[str], bool] | None = None,
    ) -> None:
        self.known = known
        self.anything = anything
        self.near = near  # a spelling a variant or typo away from a known agency
        self.spelled = spelled or (lambda name: False)  # a spelling stored as such
        self._is_known: Callable[[str], bool] = lambda name: known(name) is not None

    def _longest_name(self, text: str, start: int) -> tuple[str, int] | None:
        """The name beginning at `start`, and where it ends: the longest known name, else the
        shortest words of a plural category that give its family ("các cơ sở" of "các cơ sở y
        tế tư nhân triển khai …": where a category ends and the verb begins is unknowable, its
        group is not)."""
        stop = _CLAUSE_END.search(text, start)
        words: list[re.Match[str]] = []
        for word in _WORD.finditer(text, start, stop.start() if stop else len(text)):
            if len(words) == MAX_WORDS or not (word.group() in "-–&" or _has_letters(word.group())):
                break  # "…", quotes: no name goes on past them
            words.append(word)
        if not words:
            return None
        first = words[0].group().strip(",")
        opening = text[start : words[min(2, len(words) - 1)].end()]
        if not begins_like_agency(opening) and self.known(first) is None:
            return None
        for count in range(len(words), 0, -1):
            last = words[count - 1]
            if last.group().strip(",").lower() in _DANGLING:
                continue
            if count < len(words) and _continues_name(last.group(), words[count].group()):
                continue  # "Trường Đại học" of "Trường Đại học Phạm Văn Đồng chủ trì …"
            candidate = text[start : last.end()].rstrip(",")
            if count == 1 and not candidate.isupper():
                continue  # "Báo" of "Báo cáo kết quả …": one word is a name only as "BHXH"
            found = self.known(candidate)
            if found is not None:
                name, end = self._without_trailing_words(candidate, found.id, start)
                if " " in name or name.isupper():
                    return name, end
        if fold(first) not in _PLURALS:
            return None
        family = self.anything(text[start : words[-1].end()].rstrip(","))
        if family is None or not family.is_group:
            return None
        for count in range(2, len(words) + 1):
            candidate = text[start : words[count - 1].end()].rstrip(",")
            ref = self.anything(candidate)
            if ref is not None and ref.id == family.id:
                return candidate, start + len(candidate)
        return None

    def _without_trailing_words(self, name: str, agency_id: int, start: int) -> tuple[str, int]:
        """ "Công an tỉnh" of "Công an tỉnh triển khai": patterns that allow a province's name
        after a fixed start also take the verb; lower-case words are dropped while the rest
        still names the same agency."""
        while " " in name and not self.spelled(name):
            shorter, last = name.rsplit(" ", 1)
            if shorter.endswith(",") or last[:1].isupper() or fold(last) in _NAME_ENDINGS:
                break  # a list item ("các Sở, Ban, ngành"), a proper name, "… tỉnh"
            found = self.known(shorter)
            if found is None or found.id != agency_id:
                break
            name = shorter
        return name, start + len(name)

    def names_at(self, text: str, start: int = 0, *, unknown: bool = False) -> list[str]:
        """The run of names separated by commas, "và", ";" that begins at `start`. With
        `unknown`, a name the registry does not know but that begins like one and ends at the
        verb ("Trường Đại học X chủ trì …") is kept for the admin to map."""
        names: list[str] = []
        position = start
        while True:
            found = self._longest_name(text, position)
            if found is None:
                if unknown and not names:
                    names.extend(self._unknown_names(text[position:]))
                return names
            names.append(found[0])
            position = found[1]
            separator = _SEPARATOR.match(text, position)
            if separator is None:
                return names
            position = separator.end()

    def _unknown_names(self, text: str) -> list[str]:
        verb = _PREDICATE.search(text)
        if verb is None:
            return self._near_name(text)
        stretch = text[: verb.start()].strip(" ,")
        words = stretch.split()
        first = fold(words[0]) if words else ""
        if not words or len(words) > MAX_WORDS or first in _PLURALS:
            return []
        if not begins_like_agency(stretch) or _CLAUSE_END.search(stretch):
            return []
        return split_agencies(stretch, self._is_known)

    def _near_name(self, text: str) -> list[str]:
        """ "Sở Tài chánh cân đối …": the longest opening words that are another spelling of a
        known agency, kept as written for the admin to confirm."""
        if self.near is None or not begins_like_agency(text[:40]):
            return []
        stop = _CLAUSE_END.search(text)
        words = list(_WORD.finditer(text, 0, stop.start() if stop else len(text)))[:MAX_WORDS]
        for count in range(len(words), 1, -1):
            candidate = text[: words[count - 1].end()].rstrip(",")
            if self.near(candidate) is not None:
                return [candidate]
        return []

    def _subject_start(self, text: str) -> int:
        """Where the subject begins: after "Giao"/"Đề nghị", and after an opening clause
        ("Căn cứ nhiệm vụ được giao, các Sở …") at the first comma a name follows."""
        lead_in = _LEAD_IN.match(text)
        start = lead_in.end() if lead_in else 0
        if not _OPENING.match(text, start):
            return start
        for comma in re.finditer(r",\s*", text[: start + 300]):
            if self._longest_name(text, comma.end()) is not None:
                return comma.end()
        return start

    def read(self, content: str, heading: str = "") -> SentenceAssignment:
        """The leads and coordinators of one item; `heading` names the agency the item is
        written under, used when the sentence names no subject of its own."""
        text = _TITLES.sub("", clean(content).replace("\n", " "))
        subject = self.names_at(text, self._subject_start(text), unknown=True)
        if not subject and heading:
            subject = split_agencies(_TITLES.sub("", clean(heading)), self._is_known)
        agencies = [name for name in subject if not self._is_group(name)]
        groups = [name for name in subject if self._is_group(name)]
        result = SentenceAssignment(leads=agencies or groups)
        taken = {fold(name) for name in result.leads}
        coordinators = groups if agencies else []
        for match in _COORDINATE.finditer(text):
            coordinators.extend(self.names_at(text, match.end()))
        for name in coordinators:
            if fold(name) not in taken:
                taken.add(fold(name))
                result.coordinators.append(name)
        return result

    def _is_group(self, name: str) -> bool:
        ref = self.anything(name)
        return ref is not None and ref.is_group
