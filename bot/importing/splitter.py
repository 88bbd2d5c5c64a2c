"""Splitting a cell that names several agencies into the names it holds.

Real cells: "Sở Công Thương, Sở Kế hoạch và Đầu tư; và các sở, ngành, đơn vị có liên quan",
"- Sở A;\\n- Sở B", "Các sở: Nông nghiệp và PTNT; Tài nguyên và Môi trường; Y tế" (each item is a
"Sở …"). Commas and "và" also occur inside names ("Sở Lao động, Thương binh và Xã hội"), so the
cut is guided by the registry: at each point the longest run of pieces that is a known name wins.
A run nobody knows keeps the pieces that do not begin like an agency ("Thương binh", "Xã hội"),
so an unknown "Sở Văn hóa, Thể thao và Du lịch" still comes out whole for the admin to map.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.agencies.categories import is_fragment
from bot.text import clean, fold

MAX_PIECES_PER_NAME = 8
# Separators start only where a run of whitespace starts ((?<!\s)): otherwise each position inside
# a long run would rescan the rest of it (quadratic time on a hostile cell).
_SEGMENTS = re.compile(r"(?<!\s)\s*[;\n]+\s*")
_PIECES = re.compile(r"((?<!\s)\s*,\s*|(?<!\s)\s+(?:và|cùng|với)\s+)", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-+•*–—]+|\d+[.)]|[a-zđ][)])\s*", re.IGNORECASE)
_LEADING_AND = re.compile(r"^(?:và|cùng|với)\s+", re.IGNORECASE)
# "(nay là Sở Tài chính)": the successor an export adds after an old name; not part of it.
_SUCCESSOR_NOTE = re.compile(r"(?<!\s)\s*\((?:nay là|nay thuộc|nay)\s[^()]*\)", re.IGNORECASE)
_DISTRIBUTED = re.compile(r"(?:^|(?<=[;\n]))[ \t]*các\s+(sở|ban|hội)\s*:\s*", re.IGNORECASE)
_HEAD_WORDS = (
    "so", "ban", "bql", "ubnd", "uy ban", "cuc", "chi cuc", "cong an", "bo ", "hoi", "lien hiep",
    "lien doan", "lien minh", "tinh doan", "bao", "dai", "kho bac", "truong", "vien", "trung tam",
    "cac", "van phong", "thanh tra", "ngan hang", "bao hiem", "doan", "mat tran", "cong ty",
    "tong cong ty", "hiep hoi", "benh vien", "dai hoc", "hoc vien", "doanh nghiep", "quy",
    "vuon quoc gia", "hop tac xa", "to chuc",
)  # fmt: skip

Known = Callable[[str], bool]


def _tidy(name: str) -> str:
    name = _BULLET.sub("", name.strip())
    name = _LEADING_AND.sub("", name)
    return name.strip(" ,.;:").strip()


def begins_like_agency(piece: str) -> bool:
    """Whether a piece of text starts with a word agencies' names start with."""
    first_words = fold(piece).split()
    for word in _HEAD_WORDS:
        head = word.split()
        if first_words[: len(head)] == head:
            return True
    return False


def _split_segment(segment: str, known: Known) -> list[str]:
    parts = _PIECES.split(segment)
    pieces = parts[0::2]
    separators = parts[1::2]
    names: list[str] = []
    i = 0

    def joined(start: int, end: int) -> str:
        text = pieces[start]
        for k in range(start + 1, end):
            text += separators[k - 1] + pieces[k]
        return _tidy(text)

    def known_run(start: int) -> int:
        for end in range(min(len(pieces), start + MAX_PIECES_PER_NAME), start, -1):
            candidate = joined(start, end)
            if candidate and known(candidate):
                return _first_whole(start, end)
        return start

    def _first_whole(start: int, end: int) -> int:
        """Where a known run really ends: at a piece inside it that begins like an agency when
        the runs before and from that piece are each known too. The registry's match is
        forgiving, so a long name with a short one after it ("Ban Quản lý các Khu kinh tế và
        Khu công nghiệp tỉnh, Báo tỉnh") may be "known" whole and would swallow the second."""
        for k in range(start + 1, end):
            if begins_like_agency(pieces[k]) and known(joined(start, k)) and known(joined(k, end)):
                return k
        return end

    while i < len(pieces):
        if not pieces[i].strip():
            i += 1
            continue
        end = known_run(i)
        if end == i:
            end = i + 1
            while (
                end < len(pieces)
                and pieces[end].strip()
                and not begins_like_agency(pieces[end])
                and known_run(end) == end
            ):
                end += 1
        name = joined(i, end)
        if name:
            names.append(name)
        i = end
    return names


def _distribute(kind: str, rest: str, known: Known) -> list[str]:
    """ "Các sở: Công Thương, Y tế" → "Sở Công Thương", "Sở Y tế" (an item that is already a
    whole name, such as "UBND các huyện", stays as written)."""
    word = kind[:1].upper() + kind[1:].lower()

    def known_item(item: str) -> bool:
        return known(f"{word} {item}") or known(item)

    names = []
    for segment in _SEGMENTS.split(rest):
        for item in _split_segment(segment, known_item):
            names.append(item if known(item) and not known(f"{word} {item}") else f"{word} {item}")
    return names


def _unique(names: list[str], known: Known) -> list[str]:
    """Names without duplicates, and without fragments ("Trung tâm" cut from "Viện, Trung
    tâm"): a head noun alone that nobody knows is never an agency."""
    unique: dict[str, str] = {}
    for name in names:
        if is_fragment(name) and not known(name):
            continue
        unique.setdefault(fold(name), name)
    return list(unique.values())


def split_agencies(text: str | None, known: Known) -> list[str]:
    """The agency names in a cell, in order, as written (tidied), without duplicates."""
    text = _SUCCESSOR_NOTE.sub("", clean(text))
    if not text or text.strip("- ") == "":
        return []
    names: list[str] = []
    distributed = _DISTRIBUTED.search(text)
    head = text[: distributed.start()] if distributed else text
    for segment in _SEGMENTS.split(head):
        if segment.strip():
            names.extend(_split_segment(segment, known))
    if distributed:
        names.extend(_distribute(distributed.group(1), text[distributed.end() :], known))
    return _unique(names, known)


def leading_agency(text: str, known: Known) -> str | None:
    """The longest known name that a sentence begins with ("Sở Thông tin và Truyền thông chỉ đạo
    các cơ quan Báo, Đài …" → "Sở Thông tin và Truyền thông"), for prose assignments."""
    words = _tidy(text).split()
    for count in range(min(len(words), 16), 0, -1):
        candidate = _tidy(" ".join(words[:count]))
        if candidate and known(candidate):
            return candidate
    return None


def split_prose_agencies(text: str | None, known: Known) -> tuple[list[str], list[str]]:
    """Agencies in a prose assignment ("- Đơn vị thực hiện: Sở A chỉ đạo …; Các sở, ban, ngành;
    UBND các huyện … thực hiện tuyên truyền …"). Returns (names, narrative left out)."""
    names: list[str] = []
    left_out: list[str] = []
    for segment in _SEGMENTS.split(clean(text)):
        if not segment.strip():
            continue
        pieces = _split_segment(segment, known)
        if all(known(piece) for piece in pieces):
            names.extend(pieces)
            continue
        lead = leading_agency(segment, known)
        if lead is None:
            names.extend(pieces)
        else:
            names.append(lead)
            left_out.append(segment)
    return _unique(names, known), left_out
